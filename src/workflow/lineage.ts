import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type { SqlParser } from '../adapters/types.js';
import { writeArtifact } from '../artifacts/write.js';
import { CTE_PREFIX } from '../compile/ephemeral.js';
import type { CompiledNode } from '../compile/types.js';
import { topologicalOrder } from '../graph/index.js';
import { neighbourhood, traceLineage, type Edges, type LineageArtifact, type LineageNode, type TraceCache } from '../lineage/index.js';
import { readLineageCache, writeLineageCache } from './lineage-cache.js';
import type { OpenedProject } from './open-project.js';
import { stampFolders } from './compile-stamp.js';

const TRACED = new Set(['model', 'snapshot', 'seed', 'source']);

export interface GeneratedLineage {
  readonly lineage: LineageArtifact;
  /** target/lineage.json; undefined when only the part one column needs was traced. */
  readonly path: string | undefined;
  readonly nodes: readonly LineageNode[];
  /** Nodes traced (parsed and traced, or reused from target/lineage_cache.json). */
  readonly traced: number;
  readonly reused: number;
  /** Nodes with SQL in the project. */
  readonly withSql: number;
  /** Of target/lineage_cache.json as this run left it (undefined: there is none). */
  readonly cacheGeneration: string | undefined;
  /** Of the cache this run started from (its traces that it did not redo are carried over as they were). */
  readonly cacheRead: string | undefined;
  /** Whether a traced node named a relation that is none of `nodes` (with a part of the project: maybe one outside it). */
  readonly unknownRelation: boolean;
}

/** What lineage reads of a project: from the opened project, or from target/manifest.json (see lineage-manifest.ts). */
/** Of a traced node: unique id, name, the name `weir lineage` finds it by, whether it has SQL, its traced parents. */
export type StampGraphEntry = readonly [id: string, name: string, lookup: string, sql: 0 | 1, parents: readonly string[]];

export interface LineageInputs {
  readonly targetDir: string;
  /** Models, snapshots, seeds and sources, in the DAG's topological order. */
  readonly nodes: readonly LineageNode[];
  /** Edges among those nodes only. */
  readonly parents: Edges;
  readonly children: Edges;
  /** The name `weir lineage` finds a node by (`source_name.table` for a source). */
  readonly lookup: (id: string) => string;
  /** The project's folders (for target/lineage_stamp.json). */
  readonly folders: readonly string[];
  /** Set when `nodes` holds only what one column needs (see lineage-manifest.ts): no stamp is written of them. */
  readonly part?: {
    /** Whether the project has this traced node (the cache keeps the traces of those it has). */
    readonly has: (id: string) => boolean;
    /** Nodes with SQL in the whole project. */
    readonly withSql: number;
    /** Every traced node as target/lineage_stamp.json lists it, when that can be told without its entry. */
    readonly graph: () => readonly StampGraphEntry[] | undefined;
  };
}

/** An opened project as lineage reads it. */
export function lineageInputs(opened: OpenedProject): LineageInputs {
  const catalog = readCatalogColumns(opened.project.targetDir);
  const traced = (id: string) => TRACED.has(opened.compiled.nodes.get(id)?.resourceType ?? '');
  const edges = (map: ReadonlyMap<string, readonly string[]>) => (id: string) => (map.get(id) ?? []).filter(traced);
  return {
    targetDir: opened.project.targetDir,
    nodes: topologicalOrder(opened.dag)
      .map((id) => opened.compiled.nodes.get(id))
      .filter((node): node is CompiledNode => node !== undefined && TRACED.has(node.resourceType))
      .map((node) => lineageNode(node, catalog.get(node.uniqueId))),
    parents: edges(opened.dag.parents),
    children: edges(opened.dag.children),
    lookup: (id) => {
      const node = opened.compiled.nodes.get(id)!;
      return node.resourceType === 'source' ? node.fqn.slice(1).join('.') : node.name;
    },
    folders: stampFolders(opened.project),
  };
}

/**
 * Column lineage of the whole project (DuckDB's parser over the compiled SQL, whatever the target
 * engine), written to target/lineage.json. Columns of sources and seeds come from the catalog
 * (target/catalog.json, when `weir docs generate` wrote one), a seed's CSV header, or properties files.
 * With `column` (a node's id), only what that node's columns need: its ancestors, its descendants and theirs
 * (tracing one model needs its parents' columns), and nothing is written but the cache.
 */
export async function generateLineage(opened: OpenedProject, column?: string): Promise<GeneratedLineage> {
  return generateLineageOf(lineageInputs(opened), column);
}

/** generateLineage over inputs however they were read. */
export async function generateLineageOf(inputs: LineageInputs, column?: string): Promise<GeneratedLineage> {
  const { targetDir, nodes } = inputs;
  const { nodes: previous, generation } = readLineageCache(targetDir, CTE_PREFIX);
  let parser: SqlParser | undefined;
  // The driver is loaded only when some node must be parsed: an unchanged project never loads DuckDB.
  const openParser = async () => (parser ??= await (await import('../adapters/duckdb/sql-parser.js')).openSqlParser());
  const around = (starts: readonly string[], down = true) => neighbourhood(starts, inputs.parents, inputs.children, down);
  try {
    let only = column === undefined ? undefined : around([column]);
    let cache = previous;
    let run = await traceLineage(nodes, openParser, { ctePrefix: CTE_PREFIX, cache, only });
    let parsed = run.parsed;
    // A model that names a relation without ref() reads a node outside the DAG walk: take it in too.
    while (only && run.outside.length > 0) {
      only = new Set([...only, ...around(run.outside, false)]);
      cache = { ...cache, ...run.cache };
      run = await traceLineage(nodes, openParser, { ctePrefix: CTE_PREFIX, cache, only });
      parsed += run.parsed;
    }
    const withSql = inputs.part?.withSql ?? nodes.filter((n) => n.sql !== undefined).length;
    let cacheGeneration = generation;
    if (parsed > 0 || (!only && Object.keys(previous).length !== Object.keys(run.cache).length)) {
      const ids = new Set(nodes.map((n) => n.uniqueId));
      const has = inputs.part?.has ?? ((id: string) => ids.has(id));
      cacheGeneration = writeLineageCache(targetDir, CTE_PREFIX, only ? { ...stillInProject(previous, has), ...run.cache } : run.cache);
    }
    const path = only ? undefined : await writeArtifact(targetDir, 'lineage.json', run.lineage);
    const unknownRelation = Object.values(run.cache).some((trace) => trace.reads.some(([, known]) => known === 'null'));
    return { lineage: run.lineage, path, nodes, traced: Object.keys(run.lineage.nodes).length, reused: Object.keys(run.lineage.nodes).length - parsed, withSql, cacheGeneration, cacheRead: generation, unknownRelation };
  } finally {
    parser?.close();
  }
}

/** Cached traces of nodes the project still has (a lazy run keeps the ones it did not need). */
function stillInProject(cache: TraceCache, has: (id: string) => boolean): TraceCache {
  return Object.fromEntries(Object.entries(cache).filter(([id]) => has(id)));
}

export function lineageNode(node: CompiledNode, catalogColumns: string[] | undefined): LineageNode {
  const hasSql = node.resourceType === 'model' || node.resourceType === 'snapshot';
  const header = node.resourceType === 'seed' ? seedHeader(node.absolutePath, node.config.delimiter ?? ',') : undefined;
  const documented = Object.values(node.columns).map((c) => c.name);
  const known = catalogColumns ?? header;
  return {
    uniqueId: node.uniqueId, resourceType: node.resourceType, name: node.name,
    sql: hasSql ? node.compiledCode : undefined,
    relation: node.relation, ephemeral: node.config.materialized === 'ephemeral',
    knownColumns: known ?? documented, knownColumnsComplete: known !== undefined,
  };
}

export function seedHeader(path: string, delimiter: string): string[] | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    const rows = parseCsv(text.slice(0, text.indexOf('\n') + 1 || undefined), { delimiter, to_line: 1, bom: true }) as string[][];
    return rows[0];
  } catch {
    return undefined;
  }
}

/** Column names per node id from an earlier target/catalog.json, if there is one. */
export function readCatalogColumns(targetDir: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  const path = join(targetDir, 'catalog.json');
  if (!existsSync(path)) return result;
  try {
    const catalog = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, { columns?: Record<string, { name: string; index: number }> }>>;
    for (const group of [catalog.nodes ?? {}, catalog.sources ?? {}]) {
      for (const [id, entry] of Object.entries(group)) {
        const columns = Object.values(entry.columns ?? {}).sort((a, b) => a.index - b.index).map((c) => c.name);
        if (columns.length) result.set(id, columns);
      }
    }
  } catch {
    // A catalog that does not read is as good as none: lineage falls back to properties files.
  }
  return result;
}
