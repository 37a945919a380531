import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type { SqlParser } from '../adapters/types.js';
import { writeArtifact } from '../artifacts/write.js';
import { CTE_PREFIX } from '../compile/ephemeral.js';
import type { CompiledNode } from '../compile/types.js';
import { topologicalOrder } from '../graph/index.js';
import { neighbourhood, traceLineage, type LineageArtifact, type LineageNode, type TraceCache } from '../lineage/index.js';
import { readLineageCache, writeLineageCache } from './lineage-cache.js';
import type { OpenedProject } from './open-project.js';

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
}

/**
 * Column lineage of the whole project (DuckDB's parser over the compiled SQL, whatever the target
 * engine), written to target/lineage.json. Columns of sources and seeds come from the catalog
 * (target/catalog.json, when `weir docs generate` wrote one), a seed's CSV header, or properties files.
 * With `column` (a node's id), only what that node's columns need: its ancestors, its descendants and theirs
 * (tracing one model needs its parents' columns), and nothing is written but the cache.
 */
export async function generateLineage(opened: OpenedProject, column?: string): Promise<GeneratedLineage> {
  const targetDir = opened.project.targetDir;
  const catalog = readCatalogColumns(targetDir);
  const nodes = topologicalOrder(opened.dag)
    .map((id) => opened.compiled.nodes.get(id))
    .filter((node): node is CompiledNode => node !== undefined && TRACED.has(node.resourceType))
    .map((node) => lineageNode(node, catalog.get(node.uniqueId)));
  const { nodes: previous, generation } = readLineageCache(targetDir, CTE_PREFIX);
  let parser: SqlParser | undefined;
  // The driver is loaded only when some node must be parsed: an unchanged project never loads DuckDB.
  const openParser = async () => (parser ??= await (await import('../adapters/duckdb/sql-parser.js')).openSqlParser());
  try {
    let only = column === undefined ? undefined : around(opened, [column]);
    let cache = previous;
    let run = await traceLineage(nodes, openParser, { ctePrefix: CTE_PREFIX, cache, only });
    let parsed = run.parsed;
    // A model that names a relation without ref() reads a node outside the DAG walk: take it in too.
    while (only && run.outside.length > 0) {
      only = new Set([...only, ...around(opened, run.outside, false)]);
      cache = { ...cache, ...run.cache };
      run = await traceLineage(nodes, openParser, { ctePrefix: CTE_PREFIX, cache, only });
      parsed += run.parsed;
    }
    const withSql = nodes.filter((n) => n.sql !== undefined).length;
    let cacheGeneration = generation;
    if (parsed > 0 || (!only && Object.keys(previous).length !== Object.keys(run.cache).length)) {
      cacheGeneration = writeLineageCache(targetDir, CTE_PREFIX, only ? { ...stillInProject(previous, nodes), ...run.cache } : run.cache);
    }
    const path = only ? undefined : await writeArtifact(targetDir, 'lineage.json', run.lineage);
    return { lineage: run.lineage, path, nodes, traced: Object.keys(run.lineage.nodes).length, reused: Object.keys(run.lineage.nodes).length - parsed, withSql, cacheGeneration, cacheRead: generation };
  } finally {
    parser?.close();
  }
}

/** neighbourhood() over the project's DAG, through traced nodes only (not tests or exposures). */
function around(opened: OpenedProject, starts: readonly string[], down = true): Set<string> {
  const traced = (edges: ReadonlyMap<string, readonly string[]>) => (id: string) =>
    (edges.get(id) ?? []).filter((next) => TRACED.has(opened.compiled.nodes.get(next)?.resourceType ?? ''));
  return neighbourhood(starts, traced(opened.dag.parents), traced(opened.dag.children), down);
}

/** Cached traces of nodes the project still has (a lazy run keeps the ones it did not need). */
function stillInProject(cache: TraceCache, nodes: readonly LineageNode[]): TraceCache {
  const ids = new Set(nodes.map((n) => n.uniqueId));
  return Object.fromEntries(Object.entries(cache).filter(([id]) => ids.has(id)));
}

function lineageNode(node: CompiledNode, catalogColumns: string[] | undefined): LineageNode {
  const hasSql = node.resourceType === 'model' || node.resourceType === 'snapshot';
  const header = node.resourceType === 'seed' ? seedHeader(node) : undefined;
  const documented = Object.values(node.columns).map((c) => c.name);
  const known = catalogColumns ?? header;
  return {
    uniqueId: node.uniqueId, resourceType: node.resourceType, name: node.name,
    sql: hasSql ? node.compiledCode : undefined,
    relation: node.relation, ephemeral: node.config.materialized === 'ephemeral',
    knownColumns: known ?? documented, knownColumnsComplete: known !== undefined,
  };
}

function seedHeader(node: CompiledNode): string[] | undefined {
  try {
    const text = readFileSync(node.absolutePath, 'utf8');
    const rows = parseCsv(text.slice(0, text.indexOf('\n') + 1 || undefined), { delimiter: node.config.delimiter ?? ',', to_line: 1, bom: true }) as string[][];
    return rows[0];
  } catch {
    return undefined;
  }
}

/** Column names per node id from an earlier target/catalog.json, if there is one. */
function readCatalogColumns(targetDir: string): Map<string, string[]> {
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
