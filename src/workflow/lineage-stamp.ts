import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WEIR_VERSION } from '../core/version.js';
import { CTE_PREFIX } from '../compile/ephemeral.js';
import { neighbourhood, nodesRead, type NodeLineage } from '../lineage/index.js';
import { compileStampInputs, projectStateKey, type StampInputs } from './compile-stamp.js';
import { readLineageCache } from './lineage-cache.js';
import type { GeneratedLineage, LineageInputs, StampGraphEntry } from './lineage.js';
import type { CommonOptions } from './open-project.js';

/**
 * target/lineage_stamp.json: proof that the traces in target/lineage_cache.json of some nodes are
 * the project's as it is, so `weir lineage m.col` can answer without loading or compiling the
 * project. It holds the compile stamp's hash of every file the compile read (see compile-stamp.ts),
 * taken with the run's start as the racy limit (a file edited during the run voids it), the
 * catalog's stat, the graph of traced nodes with their names, and which nodes that run traced.
 */
const STAMP_FILE = 'lineage_stamp.json';
const FORMAT = 1;
type GraphEntry = StampGraphEntry;

interface Stamp {
  readonly weir_version: string;
  readonly format: number;
  readonly key: string;
  readonly folders: readonly string[];
  readonly catalog: string;
  /** The generation of target/lineage_cache.json whose traces it vouches for. */
  readonly cache: string;
  readonly graph: readonly GraphEntry[];
  readonly valid: readonly string[];
}

const stampPath = (root: string) => join(resolve(root), 'target', STAMP_FILE);

function catalogStat(root: string): string {
  try {
    const stat = statSync(join(resolve(root), 'target', 'catalog.json'));
    return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  } catch {
    return 'none';
  }
}

function readStamp(root: string): Stamp | undefined {
  try {
    const stamp = JSON.parse(readFileSync(stampPath(root), 'utf8')) as Stamp;
    return stamp.weir_version === WEIR_VERSION && stamp.format === FORMAT && Array.isArray(stamp.graph) ? stamp : undefined;
  } catch {
    return undefined;
  }
}

function fresh(inputs: StampInputs, stamp: Stamp): boolean {
  try {
    return stamp.catalog === catalogStat(inputs.root) && projectStateKey(inputs, stamp.folders, undefined) === stamp.key;
  } catch {
    return false;
  }
}

/** Read before the project is opened: the catalog's stat as the run will read it. */
export function lineageStampStart(common: CommonOptions): { readonly startedAt: number; readonly catalog: string } {
  return { startedAt: Date.now(), catalog: catalogStat(common.projectDir) };
}

/**
 * After a `weir lineage` run: stamps the nodes it traced (and those stamped before, when nothing changed).
 * `key`: the project's state key at the run's start, when the run already took it.
 */
export function writeLineageStamp(common: CommonOptions, project: LineageInputs, generated: GeneratedLineage, start: ReturnType<typeof lineageStampStart>, known?: string): void {
  const inputs = compileStampInputs(common);
  if (!inputs || project.targetDir !== resolve(inputs.root, 'target')) return;
  try {
    const { folders } = project;
    const key = known ?? projectStateKey(inputs, folders, start.startedAt);
    if (key === undefined || generated.cacheGeneration === undefined) return;
    const before = readStamp(inputs.root);
    const traced = Object.keys(generated.lineage.nodes);
    const valid = before?.key === key && before.catalog === start.catalog && before.cache === generated.cacheRead ? new Set([...before.valid, ...traced]) : new Set(traced);
    const graph = project.part
      ? project.part.graph()
      : generated.nodes.map((node): GraphEntry => [node.uniqueId, node.name, project.lookup(node.uniqueId), node.sql === undefined ? 0 : 1, project.parents(node.uniqueId)]);
    if (!graph) return;
    const stamp: Stamp = { weir_version: WEIR_VERSION, format: FORMAT, key, folders, catalog: start.catalog, cache: generated.cacheGeneration, graph, valid: [...valid] };
    const path = stampPath(inputs.root);
    writeFileSync(`${path}.${process.pid}.tmp`, JSON.stringify(stamp));
    renameSync(`${path}.${process.pid}.tmp`, path);
  } catch {
    // Only an optimisation: without it the next run opens the project.
  }
}

/** What `weir lineage m.col` prints from, answered from the stamp. */
export interface StampedLineage {
  readonly lineage: { readonly nodes: Readonly<Record<string, NodeLineage>> };
  readonly node: string;
  readonly column: string;
  readonly names: ReadonlyMap<string, string>;
  readonly withSql: number;
}

/**
 * The lineage one column needs, from the stamp and the cache, when both prove it is the project's
 * as it is; undefined for anything else (the caller opens the project, which also reports errors).
 * It takes the same nodes a lazy run would (see generateLineage), so it prints the same.
 */
export function lineageFromStamp(common: CommonOptions, written: string): StampedLineage | undefined {
  const inputs = compileStampInputs(common);
  const dot = written.lastIndexOf('.');
  if (!inputs || dot <= 0) return undefined;
  const stamp = readStamp(inputs.root);
  if (!stamp || !fresh(inputs, stamp)) return undefined;
  const owners = stamp.graph.filter((entry) => entry[2] === written.slice(0, dot));
  if (owners.length !== 1) return undefined;
  const node = owners[0]![0];
  const parents = new Map(stamp.graph.map((entry) => [entry[0], entry[4]]));
  const children = new Map<string, string[]>();
  for (const [id, , , , from] of stamp.graph) for (const parent of from) children.set(parent, [...(children.get(parent) ?? []), id]);
  const withSql = new Set(stamp.graph.filter((entry) => entry[3] === 1).map((entry) => entry[0]));
  const { nodes: cache, generation } = readLineageCache(join(resolve(inputs.root), 'target'), CTE_PREFIX);
  if (generation !== stamp.cache) return undefined;
  const valid = new Set(stamp.valid);
  const edges = (map: ReadonlyMap<string, readonly string[]>) => (id: string) => map.get(id) ?? [];
  let only = neighbourhood([node], edges(parents), edges(children));
  // As a lazy run does: a relation named without ref() brings its node (and its ancestors) in.
  for (;;) {
    if (![...only].every((id) => !withSql.has(id) || (valid.has(id) && cache[id]))) return undefined;
    const outside = [...only].filter((id) => withSql.has(id)).flatMap((id) => nodesRead(cache[id]!)).filter((id) => withSql.has(id) && !only.has(id));
    if (outside.length === 0) break;
    only = new Set([...only, ...neighbourhood(outside, edges(parents), edges(children), false)]);
  }
  const nodes: Record<string, NodeLineage> = {};
  for (const [id] of stamp.graph) if (only.has(id) && withSql.has(id)) nodes[id] = cache[id]!.lineage;
  const entry = nodes[node];
  const column = written.slice(dot + 1);
  const found = entry?.columns.find((c) => c.name.toLowerCase() === column.toLowerCase());
  if (entry && !found && entry.problems.length === 0) return undefined;
  return { lineage: { nodes }, node, column: found?.name ?? column, names: new Map(stamp.graph.map((e) => [e[0], e[1]])), withSql: withSql.size };
}
