import type { SqlParser } from '../adapters/types.js';
import { isJson, type Json } from './expression.js';
import { nodesRead, readsHold, recording, sqlHash, type CachedTrace, type TraceCache } from './trace-cache.js';
import { traceStatement, type KnownRelation, type Relations } from './trace-query.js';
import type { Coverage, LineageArtifact, LineageNode, NodeLineage, RowSource } from './types.js';

/**
 * Column lineage of every node with SQL, traced in DAG order so a model's `select *` expands to
 * the columns its parents were found to have. `nodes` must be in topological order.
 */
export async function buildLineage(nodes: readonly LineageNode[], parser: SqlParser, ctePrefix: string): Promise<LineageArtifact> {
  return (await traceLineage(nodes, async () => parser, { ctePrefix })).lineage;
}

export interface TraceOptions {
  readonly ctePrefix: string;
  /** An earlier run's traces: each still valid one is reused (see trace-cache.ts). */
  readonly cache?: TraceCache | undefined;
  /** Trace only these nodes (with SQL); the others keep what is known of them without SQL. */
  readonly only?: ReadonlySet<string> | undefined;
}

export interface TracedLineage {
  readonly lineage: LineageArtifact;
  /** This run's traces, for the next run. */
  readonly cache: Record<string, CachedTrace>;
  readonly parsed: number;
  readonly reused: number;
  /** Nodes left out by `only` that a traced node named (trace them too for the full answer). */
  readonly outside: readonly string[];
}

/**
 * buildLineage with a cache and a subset. The parser is opened only when some node must be parsed,
 * so a project whose traces all hold never loads DuckDB.
 */
export async function traceLineage(nodes: readonly LineageNode[], openParser: () => Promise<SqlParser>, options: TraceOptions): Promise<TracedLineage> {
  const { cache = {}, only } = options;
  const withSql = nodes.filter((n) => n.sql !== undefined && (!only || only.has(n.uniqueId)));
  const hashes = new Map(withSql.map((n) => [n.uniqueId, sqlHash(n.sql!)]));
  let parser: SqlParser | undefined;
  const trees = new Map<string, unknown>();
  const parse = async (batch: readonly LineageNode[]) => {
    if (batch.length === 0) return;
    parser ??= await openParser();
    const parsed = await parser.parse(batch.map((n) => n.sql!));
    batch.forEach((n, i) => trees.set(n.uniqueId, parsed[i]));
  };
  await parse(withSql.filter((n) => cache[n.uniqueId]?.sql !== hashes.get(n.uniqueId)));
  const byRelation = new Map<string, LineageNode>();
  const byCte = new Map<string, LineageNode>();
  for (const node of nodes) {
    if (node.relation) byRelation.set(`${node.relation.schema.toLowerCase()}.${node.relation.identifier.toLowerCase()}`, node);
    if (node.ephemeral) byCte.set(`${options.ctePrefix}${node.name}`.toLowerCase(), node);
  }
  const traced = new Map<string, NodeLineage>();
  const outside = new Set<string>();
  const known = (node: LineageNode | undefined): KnownRelation | undefined => {
    if (!node) return undefined;
    if (only && node.sql !== undefined && !only.has(node.uniqueId)) outside.add(node.uniqueId);
    const lineage = traced.get(node.uniqueId);
    if (lineage && lineage.problems.length === 0) return { node: node.uniqueId, columns: lineage.columns.map((c) => c.name), complete: true };
    const complete = node.knownColumnsComplete;
    return { node: node.uniqueId, columns: node.knownColumns.length ? node.knownColumns : undefined, complete };
  };
  const relations: Relations = {
    find: (schema, table) => known(byRelation.get(`${schema}.${table}`)),
    ephemeral: (cte) => known(byCte.get(cte)),
  };
  const readers = readersOf(withSql, cache);
  const next: Record<string, CachedTrace> = {};
  let reused = 0;
  for (const [index, node] of withSql.entries()) {
    const id = node.uniqueId;
    const cached = cache[id];
    if (!trees.has(id) && cached && readsHold(cached, relations)) {
      reused++;
      traced.set(id, cached.lineage);
      next[id] = cached;
      continue;
    }
    // A stale trace: what it read changed, so its readers likely did too; parse them all at once.
    if (!trees.has(id)) await parse(staleFrom(id, readers, withSql.slice(index), trees));
    const reads = new Map<string, string>();
    const lineage = traceNode(trees.get(id), recording(relations, reads), parser!.aggregates);
    trees.delete(id);
    traced.set(id, lineage);
    next[id] = { sql: hashes.get(id)!, reads: [...reads], lineage };
  }
  const result = Object.fromEntries(traced);
  const lineage: LineageArtifact = { metadata: { weir_schema: 'lineage/v1', generated_at: new Date().toISOString() }, nodes: result, coverage: coverageOf(withSql, traced) };
  return { lineage, cache: next, parsed: withSql.length - reused, reused, outside: [...outside] };
}

/** Per node, the cached traces of the nodes that looked it up. */
function readersOf(nodes: readonly LineageNode[], cache: TraceCache): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const node of nodes) {
    const cached = cache[node.uniqueId];
    if (!cached) continue;
    for (const read of nodesRead(cached)) result.set(read, [...(result.get(read) ?? []), node.uniqueId]);
  }
  return result;
}

/** The node and every later node that read it, directly or not, and is not parsed yet. */
function staleFrom(id: string, readers: ReadonlyMap<string, readonly string[]>, rest: readonly LineageNode[], trees: ReadonlyMap<string, unknown>): LineageNode[] {
  const reached = new Set([id]);
  const queue = [id];
  while (queue.length > 0) for (const reader of readers.get(queue.pop()!) ?? []) if (!reached.has(reader)) (reached.add(reader), queue.push(reader));
  return rest.filter((n) => reached.has(n.uniqueId) && !trees.has(n.uniqueId));
}

function traceNode(tree: unknown, relations: Relations, aggregates: ReadonlySet<string>): NodeLineage {
  if (!isJson(tree) || tree.error) {
    const message = isJson(tree) ? String(tree.error_message ?? 'does not parse') : 'does not parse';
    return { columns: [], rows: [], problems: [`DuckDB's parser: ${message.split('\n')[0]}`] };
  }
  const statements = tree.statements as Json[];
  const traced = traceStatement(statements[0]!.node as Json, relations, aggregates);
  return {
    columns: traced.columns,
    rows: uniqueRows(traced.rows),
    problems: [...new Set(traced.problems)],
  };
}

function uniqueRows(rows: readonly RowSource[]): RowSource[] {
  const seen = new Map<string, RowSource>();
  for (const row of rows) seen.set(`${row.node}\u0000${row.column.toLowerCase()}\u0000${row.how}`, row);
  return [...seen.values()];
}

/**
 * Share of model columns traced to their sources. A model whose columns cannot be listed counts
 * its documented columns (at least one) as untraced.
 */
function coverageOf(nodes: readonly LineageNode[], traced: ReadonlyMap<string, NodeLineage>): Coverage {
  let columns = 0;
  let resolved = 0;
  let models = 0;
  for (const node of nodes) {
    if (node.resourceType !== 'model') continue;
    models++;
    const lineage = traced.get(node.uniqueId)!;
    const good = lineage.columns.filter((c) => c.unresolved.length === 0).length;
    resolved += good;
    columns += lineage.columns.length;
    if (lineage.problems.length > 0 && lineage.columns.length === 0) columns += Math.max(1, node.knownColumns.length);
    else if (lineage.problems.length > 0) columns += Math.max(0, node.knownColumns.length - lineage.columns.length);
  }
  return { models, columns, resolved };
}
