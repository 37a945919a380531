import { buildDag, type Dag } from '../../graph/dag.js';
import { selectNodes } from '../../graph/selection.js';
import type { GraphNode } from '../../graph/types.js';
import type { DocsData, DocsDocBlock, DocsGroup, DocsMacro, DocsNode } from '../types.js';

/** More nodes than this are not laid out at once: the page draws a selection or a neighbourhood. */
export const MAX_DRAWN = 300;

export interface Project {
  readonly data: DocsData;
  readonly byId: ReadonlyMap<string, DocsNode>;
  /** The same DAG and selector code as the CLI (src/graph), so `+m+` means the same here. */
  readonly dag: Dag;
  readonly types: readonly string[];
  /** Macros, doc blocks and groups by id: the pages that are not graph nodes. */
  readonly pages: ReadonlyMap<string, Page>;
  /** The doc blocks each node's (or macro's) descriptions read. */
  readonly docsRead: ReadonlyMap<string, readonly string[]>;
}

export type Page =
  | { readonly kind: 'macro'; readonly macro: DocsMacro }
  | { readonly kind: 'doc'; readonly doc: DocsDocBlock }
  | { readonly kind: 'group'; readonly group: DocsGroup };

export function openProject(data: DocsData): Project {
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const nodes: GraphNode[] = data.nodes.map((n) => ({
    uniqueId: n.id, name: n.name, resourceType: n.type, packageName: n.package, path: n.path, fqn: n.fqn,
    tags: n.tags, config: n.config, dependsOn: n.parents.filter((p) => byId.has(p)),
  }));
  const order = ['source', 'ingest', 'seed', 'model', 'snapshot', 'analysis', 'test', 'unit_test', 'exposure'];
  const rank = (t: string) => (order.includes(t) ? order.indexOf(t) : order.length);
  const types = [...new Set(data.nodes.map((n) => n.type))].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
  const pages = new Map<string, Page>([
    ...data.macros.map((macro) => [macro.id, { kind: 'macro', macro }] as const),
    ...data.docBlocks.map((doc) => [doc.id, { kind: 'doc', doc }] as const),
    ...data.groups.map((group) => [group.id, { kind: 'group', group }] as const),
  ]);
  const docsRead = new Map<string, string[]>();
  for (const doc of data.docBlocks) {
    for (const { id } of doc.usedBy) {
      const list = docsRead.get(id) ?? docsRead.set(id, []).get(id)!;
      if (!list.includes(doc.id)) list.push(doc.id);
    }
  }
  return { data, byId, dag: buildDag(nodes), types, pages, docsRead };
}

/** The nodes a page is about: a macro's callers, a doc block's readers, a group's models. */
export function pageMembers(page: Page): string[] {
  if (page.kind === 'macro') return [...page.macro.usedBy];
  if (page.kind === 'doc') return page.doc.usedBy.map((u) => u.id);
  return page.group.members.map((m) => m.id);
}

export interface ViewRequest {
  readonly select: string;
  readonly exclude: string;
  readonly hidden: ReadonlySet<string>;
  /** The node to keep at the centre when the selection must be cut down. */
  readonly focus: string | null;
}

export interface View {
  /** The nodes to draw, at most MAX_DRAWN. */
  readonly ids: readonly string[];
  /** How many the selection held before it was cut down to MAX_DRAWN. */
  readonly selected: number;
  readonly warnings: readonly string[];
  readonly error: string | null;
}

export function computeView(project: Project, request: ViewRequest): View {
  let chosen: Set<string>;
  let warnings: string[] = [];
  try {
    const selection = selectNodes(project.dag, {
      select: request.select.trim() ? [request.select] : undefined,
      exclude: request.exclude.trim() ? [request.exclude] : undefined,
    });
    chosen = selection.selected;
    warnings = selection.warnings;
  } catch (error) {
    return { ids: [], selected: 0, warnings: [], error: error instanceof Error ? error.message : String(error) };
  }
  const visible = [...chosen].filter((id) => !request.hidden.has(project.byId.get(id)!.type));
  const ids = visible.length > MAX_DRAWN ? nearest(project, visible, request.focus, MAX_DRAWN) : visible;
  return { ids, selected: visible.length, warnings, error: null };
}

/** The `limit` nodes of `ids` closest to `focus` (edges either way), else the first in DAG order. */
function nearest(project: Project, ids: readonly string[], focus: string | null, limit: number): string[] {
  const allowed = new Set(ids);
  if (!focus || !allowed.has(focus)) return ids.slice(0, limit);
  const seen = new Set([focus]);
  let frontier = [focus];
  while (frontier.length > 0 && seen.size < limit) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const other of [...(project.dag.parents.get(id) ?? []), ...(project.dag.children.get(id) ?? [])]) {
        if (!allowed.has(other) || seen.has(other) || seen.size >= limit) continue;
        seen.add(other);
        next.push(other);
      }
    }
    frontier = next;
  }
  return ids.filter((id) => seen.has(id));
}

/** For a project too large to draw whole: the neighbourhood of `focus`, else of its busiest node. */
export function defaultSelector(project: Project, focus: string | null): string {
  let best = focus ? project.byId.get(focus) : undefined;
  if (!best) {
    let degree = -1;
    for (const node of project.data.nodes) {
      if (node.type === 'test' || node.type === 'unit_test') continue;
      const d = node.parents.length + node.children.length;
      if (d > degree) [best, degree] = [node, d];
    }
  }
  return best ? `2+${best.name}+2` : '';
}

/** The ids of `id`'s ancestors and descendants (and itself), for highlighting its lineage. */
export function lineageOf(project: Project, id: string): Set<string> {
  const found = new Set([id]);
  for (const edges of [project.dag.parents, project.dag.children]) {
    const stack = [id];
    while (stack.length > 0) {
      for (const other of edges.get(stack.pop()!) ?? []) {
        if (!found.has(other)) {
          found.add(other);
          stack.push(other);
        }
      }
    }
  }
  return found;
}
