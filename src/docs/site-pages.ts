import { arr, obj, str, type Json } from './read-json.js';
import type { DocsDocBlock, DocsExposure, DocsGroup, DocsMacro, DocsOwner } from './types.js';

/**
 * The site's pages that are not graph nodes, from the manifest's `macros`, `docs` and `groups`:
 * each with what reads it. `shown` are the manifest's nodes the site shows (docs.show), so a
 * hidden node is named nowhere; a macro with docs.show false has no page and is listed nowhere, as dbt.
 */
export function sitePages(manifest: Json, weir: Json, shown: readonly Json[]) {
  const macros = Object.values(obj(manifest.macros)).map(obj).filter((m) => typeof m.unique_id === 'string' && obj(m.docs).show !== false);
  const macroIds = new Set(macros.map((m) => str(m.unique_id)));
  const callsOf = (entry: Json) => [...new Set(arr(obj(entry.depends_on).macros).map(String))].filter((id) => macroIds.has(id)).sort();

  const callers = new Map<string, string[]>();
  for (const entry of [...shown, ...macros]) {
    for (const id of callsOf(entry)) (callers.get(id) ?? callers.set(id, []).get(id)!).push(str(entry.unique_id));
  }
  const macroPages: DocsMacro[] = macros.map((m) => ({
    id: str(m.unique_id),
    name: str(m.name),
    package: str(m.package_name),
    path: str(m.original_file_path, str(m.path)),
    description: str(m.description),
    arguments: arr(m.arguments).map(obj).map((a) => ({ name: str(a.name), type: typeof a.type === 'string' ? a.type : null, description: str(a.description) })),
    sql: str(m.macro_sql),
    calls: callsOf(m),
    usedBy: [...new Set(callers.get(str(m.unique_id)) ?? [])].sort(),
  })).sort(byId);

  // Where doc blocks are read: dbt 1.10's doc_blocks on nodes and columns, weir_manifest.json's for exposures and macros.
  const readers = new Map<string, Array<{ id: string; column: string | null }>>();
  const used = (doc: unknown, id: string, column: string | null) => {
    (readers.get(String(doc)) ?? readers.set(String(doc), []).get(String(doc))!).push({ id, column });
  };
  for (const node of shown) {
    const id = str(node.unique_id);
    for (const doc of arr(node.doc_blocks)) used(doc, id, null);
    for (const [name, column] of Object.entries(obj(node.columns))) for (const doc of arr(obj(column).doc_blocks)) used(doc, id, str(obj(column).name, name));
  }
  const shownIds = new Set([...shown.map((n) => str(n.unique_id)), ...macroIds]);
  for (const [id, docs] of Object.entries(obj(weir.doc_blocks))) if (shownIds.has(id)) for (const doc of arr(docs)) used(doc, id, null);
  const docBlocks: DocsDocBlock[] = Object.values(obj(manifest.docs)).map(obj).filter((d) => typeof d.unique_id === 'string').map((d) => ({
    id: str(d.unique_id),
    name: str(d.name),
    package: str(d.package_name),
    path: str(d.original_file_path, str(d.path)),
    contents: str(d.block_contents),
    usedBy: readers.get(str(d.unique_id)) ?? [],
  })).sort(byId);

  const members = new Map<string, Array<{ id: string; access: string | null }>>();
  for (const node of shown) {
    const group = groupOf(node);
    if (group) (members.get(group) ?? members.set(group, []).get(group)!).push({ id: str(node.unique_id), access: accessOf(node) });
  }
  const groups: DocsGroup[] = Object.values(obj(manifest.groups)).map(obj).filter((g) => typeof g.unique_id === 'string').map((g) => ({
    id: str(g.unique_id),
    name: str(g.name),
    path: str(g.original_file_path, str(g.path)),
    description: str(g.description),
    owner: owner(g.owner),
    members: (members.get(str(g.name)) ?? []).sort(byId),
  })).sort(byId);

  return { macros: macroPages, docBlocks, groups, callsOf };
}

/** A model's group: dbt's `group` key, else its config's. */
export function groupOf(node: Json): string | null {
  const group = node.group ?? obj(node.config).group;
  return typeof group === 'string' ? group : null;
}

export function accessOf(node: Json): string | null {
  const access = node.access ?? obj(node.config).access;
  return typeof access === 'string' ? access : null;
}

export function exposureOf(node: Json): DocsExposure | null {
  if (node.resource_type !== 'exposure') return null;
  return {
    type: str(node.type),
    label: typeof node.label === 'string' ? node.label : null,
    maturity: typeof node.maturity === 'string' ? node.maturity : null,
    url: typeof node.url === 'string' ? node.url : null,
    owner: owner(node.owner),
  };
}

/** dbt's owner: a name and an email (a list of emails is joined). */
function owner(value: unknown): DocsOwner {
  const { name, email } = obj(value);
  const emails = Array.isArray(email) ? email.map(String).join(', ') : typeof email === 'string' ? email : '';
  return { name: typeof name === 'string' ? name : null, email: emails || null };
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
