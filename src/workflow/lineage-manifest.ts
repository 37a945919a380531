import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { manifestOfGeneration } from '../artifacts/manifest-metadata.js';
import { buildDag, topologicalOrder } from '../graph/index.js';
import { neighbourhood, type LineageNode } from '../lineage/index.js';
import { compileStampInputs, freshCompileStamp } from './compile-stamp.js';
import { generateLineageOf, readCatalogColumns, seedHeader, type GeneratedLineage, type LineageInputs, type StampGraphEntry } from './lineage.js';
import { manifestEntry, manifestText, type ManifestText } from './manifest-text.js';
import type { CommonOptions } from './open-project.js';

/** A manifest entry, the keys lineage reads (artifacts/manifest-nodes.ts writes them). */
interface Entry {
  readonly unique_id: string;
  readonly resource_type: string;
  readonly name: string;
  readonly package_name: string;
  readonly original_file_path: string;
  readonly fqn: readonly string[];
  readonly schema: string;
  readonly alias?: string;
  readonly identifier?: string;
  readonly relation_name: string | null;
  readonly compiled_code?: string | null;
  readonly version?: unknown;
  readonly config: { readonly materialized?: string; readonly delimiter?: string };
  readonly columns: Readonly<Record<string, { readonly name: string }>>;
}

interface Manifest {
  readonly nodes: Readonly<Record<string, Entry>>;
  readonly sources: Readonly<Record<string, Entry>>;
  readonly parent_map: Readonly<Record<string, readonly string[]>>;
}

const TRACED = new Set(['model', 'snapshot', 'seed', 'source']);
/** Above this many nodes a column needs, one JSON.parse of the manifest beats finding each entry. */
const MOST_ENTRIES = 300;

/** A column's lineage answered from target/manifest.json: what `weir lineage m.col` prints from. */
export interface ManifestLineage {
  readonly inputs: LineageInputs;
  /** The project's state key at the run's start (for target/lineage_stamp.json). */
  readonly key: string;
  readonly generated: GeneratedLineage;
  readonly node: LineageNode;
  readonly column: string;
}

/**
 * `weir lineage m.col` from target/manifest.json instead of loading and compiling the project:
 * only when target/compile_stamp.json proves no input changed since the compile that wrote that
 * manifest (a 10,000-model project opens in ~1.3 s of CPU). When the column needs few nodes, only
 * their entries are parsed (see manifest-text.ts), else the whole manifest. Undefined whenever
 * that cannot be proved, `written` names no single node, or the manifest holds something this
 * reader does not rebuild exactly as the compiled project would (versioned models, package seeds):
 * the caller opens the project then, which also reports what is wrong.
 */
export async function lineageFromManifest(common: CommonOptions, startedAt: number, written: string): Promise<ManifestLineage | undefined> {
  const stampInputs = compileStampInputs(common);
  const dot = written.lastIndexOf('.');
  if (!stampInputs || dot <= 0 || dot === written.length - 1) return undefined;
  const stamp = freshCompileStamp(stampInputs, startedAt);
  const root = resolve(stampInputs.root);
  const targetDir = join(root, 'target');
  if (!stamp || !(await manifestOfGeneration(targetDir, stamp.generation))) return undefined;
  const owner = written.slice(0, dot);
  const column = written.slice(dot + 1);
  let text: string;
  try {
    text = readFileSync(join(targetDir, 'manifest.json'), 'utf8');
  } catch {
    return undefined;
  }
  const context: Context = { root, targetDir, projectName: stamp.projectName, folders: stamp.folders };
  const answer = async (inputs: LineageInputs | undefined) => {
    const owners = inputs?.nodes.filter((n) => inputs.lookup(n.uniqueId) === owner) ?? [];
    if (!inputs || owners.length !== 1) return undefined;
    const generated = await generateLineageOf(inputs, owners[0]!.uniqueId);
    return { inputs, key: stamp.key, generated, node: owners[0]!, column };
  };
  const manifest = manifestText(text);
  const part = manifest && (await answer(partOf(manifest, owner, context)));
  // A relation named without ref() may be a node outside the part: the whole manifest tells.
  if (part && !part.generated.unknownRelation) return part;
  try {
    return await answer(wholeOf(JSON.parse(text) as Manifest, context));
  } catch {
    return undefined;
  }
}

interface Context {
  readonly root: string;
  readonly targetDir: string;
  readonly projectName: string;
  readonly folders: readonly string[];
}

const typeOf = (id: string) => id.slice(0, id.indexOf('.'));
const hasSql = (type: string) => type === 'model' || type === 'snapshot';

/** Inputs of the nodes the column of `owner` needs, from their entries alone; undefined when that cannot be told. */
function partOf(manifest: ManifestText, owner: string, context: Context): LineageInputs | undefined {
  const ids = Object.keys(manifest.parentMap).filter((id) => TRACED.has(typeOf(id)));
  const traced = new Set(ids);
  const parents = new Map(ids.map((id) => [id, manifest.parentMap[id]!.filter((p) => traced.has(p))]));
  const children = new Map<string, string[]>();
  for (const [id, from] of parents) for (const parent of from) children.set(parent, [...(children.get(parent) ?? []), id]);
  // The one node ids say may be `owner` (sources: source.package.owner); several: let the whole manifest decide.
  const named = ids.filter((id) => id.endsWith(`.${owner}`) || id.includes(`.${owner}.`));
  if (named.length !== 1) return undefined;
  const edges = (map: ReadonlyMap<string, readonly string[]>) => (id: string) => map.get(id) ?? [];
  const only = neighbourhood(named, edges(parents), edges(children));
  if (only.size > MOST_ENTRIES) return undefined;
  const entries = [...only].map((id) => manifestEntry<Entry>(manifest, id));
  if (entries.some((e) => !e || !rebuildable(e, context))) return undefined;
  const inputs = inputsOf((entries as Entry[]).map((e) => ({ ...e, parents: manifest.parentMap[e.unique_id] ?? [] })), context, {
    has: (id) => traced.has(id), withSql: ids.filter((id) => hasSql(typeOf(id))).length, graph: () => graphOf(ids, parents, inputs),
  });
  return inputs;
}

/**
 * The lineage stamp's graph of every traced node, names read off the ids (`model.package.name`,
 * `source.package.source_name.table`); undefined when an id is not of that shape or a parsed entry
 * says otherwise (a versioned model, a name with a dot).
 */
function graphOf(ids: readonly string[], parents: ReadonlyMap<string, readonly string[]>, part: LineageInputs): StampGraphEntry[] | undefined {
  const graph: StampGraphEntry[] = [];
  // In the DAG's order, as a stamp written from the whole project lists them (readers print in it).
  const dag = buildDag(ids.map((id) => ({ uniqueId: id, name: id, resourceType: typeOf(id), packageName: '', path: id, fqn: [], tags: [], config: {}, dependsOn: parents.get(id) ?? [] })));
  for (const id of topologicalOrder(dag)) {
    const segments = id.split('.');
    const type = segments[0]!;
    if (segments.length !== (type === 'source' ? 4 : 3)) return undefined;
    graph.push([id, segments.at(-1)!, segments.slice(2).join('.'), hasSql(type) ? 1 : 0, parents.get(id) ?? []]);
  }
  const known = new Map(part.nodes.map((n) => [n.uniqueId, n]));
  const agree = graph.every(([id, name, lookup, sql]) => {
    const node = known.get(id);
    return !node || (node.name === name && part.lookup(id) === lookup && (node.sql === undefined ? 0 : 1) === sql);
  });
  return agree ? graph : undefined;
}

/** Inputs of every traced node of the parsed manifest; undefined when one cannot be rebuilt. */
function wholeOf(manifest: Manifest, context: Context): LineageInputs | undefined {
  const entries = [...Object.values(manifest.nodes), ...Object.values(manifest.sources)].filter((e) => TRACED.has(e.resource_type));
  if (entries.some((e) => !rebuildable(e, context))) return undefined;
  return inputsOf(entries.map((e) => ({ ...e, parents: manifest.parent_map[e.unique_id] ?? [] })), context, undefined);
}

/** Whether lineageNode below gives what lineage.ts gives from the compiled node. */
function rebuildable(entry: Entry, context: Context): boolean {
  if ((entry.version ?? null) !== null) return false;
  if (entry.resource_type === 'seed' && entry.package_name !== context.projectName) return false;
  return !hasSql(entry.resource_type) || typeof entry.compiled_code === 'string';
}

function inputsOf(entries: readonly (Entry & { readonly parents: readonly string[] })[], context: Context, part: LineageInputs['part']): LineageInputs {
  const ids = new Set(entries.map((e) => e.unique_id));
  // Over traced nodes only: their other ancestors (ingest nodes) have no parents and sort first,
  // so Kahn's order by id places them as the whole DAG's order does; the same holds for a part
  // closed under parents, which a column's neighbourhood is.
  const dag = buildDag(entries.map((e) => ({
    uniqueId: e.unique_id, name: e.name, resourceType: e.resource_type, packageName: e.package_name, path: e.original_file_path,
    fqn: e.fqn, tags: [], config: {}, dependsOn: e.parents.filter((p) => ids.has(p)),
  })));
  const byId = new Map(entries.map((e) => [e.unique_id, e]));
  const catalog = readCatalogColumns(context.targetDir);
  const edges = (map: ReadonlyMap<string, readonly string[]>) => (id: string) => map.get(id) ?? [];
  return {
    targetDir: context.targetDir,
    nodes: topologicalOrder(dag).map((id) => lineageNode(byId.get(id)!, context.root, catalog.get(id))),
    parents: edges(dag.parents),
    children: edges(dag.children),
    lookup: (id) => {
      const entry = byId.get(id)!;
      return entry.resource_type === 'source' ? entry.fqn.slice(1).join('.') : entry.name;
    },
    folders: context.folders,
    part,
  };
}

/** As lineage.ts's lineageNode builds it from the compiled node. */
function lineageNode(entry: Entry, root: string, catalogColumns: string[] | undefined): LineageNode {
  const hasSql = entry.resource_type === 'model' || entry.resource_type === 'snapshot';
  const header = entry.resource_type === 'seed' ? seedHeader(join(root, entry.original_file_path), entry.config.delimiter ?? ',') : undefined;
  const known = catalogColumns ?? header;
  return {
    uniqueId: entry.unique_id, resourceType: entry.resource_type, name: entry.name,
    sql: hasSql ? entry.compiled_code! : undefined,
    relation: entry.relation_name === null ? undefined : { schema: entry.schema, identifier: entry.identifier ?? entry.alias ?? entry.name },
    ephemeral: entry.config.materialized === 'ephemeral',
    knownColumns: known ?? Object.values(entry.columns).map((c) => c.name),
    knownColumnsComplete: known !== undefined,
  };
}
