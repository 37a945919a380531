import type { SqlParser } from '../adapters/types.js';
import { isJson, type Json } from './expression.js';
import { traceStatement, type KnownRelation, type Relations } from './trace-query.js';
import type { Coverage, LineageArtifact, LineageNode, NodeLineage, RowSource } from './types.js';

/**
 * Column lineage of every node with SQL, traced in DAG order so a model's `select *` expands to
 * the columns its parents were found to have. `nodes` must be in topological order.
 */
export async function buildLineage(nodes: readonly LineageNode[], parser: SqlParser, ctePrefix: string): Promise<LineageArtifact> {
  const withSql = nodes.filter((n) => n.sql !== undefined);
  const trees = await parser.parse(withSql.map((n) => n.sql!));
  const treeOf = new Map(withSql.map((n, i) => [n.uniqueId, trees[i]]));
  const byRelation = new Map<string, LineageNode>();
  const byCte = new Map<string, LineageNode>();
  for (const node of nodes) {
    if (node.relation) byRelation.set(`${node.relation.schema.toLowerCase()}.${node.relation.identifier.toLowerCase()}`, node);
    if (node.ephemeral) byCte.set(`${ctePrefix}${node.name}`.toLowerCase(), node);
  }
  const traced = new Map<string, NodeLineage>();
  const known = (node: LineageNode | undefined): KnownRelation | undefined => {
    if (!node) return undefined;
    const lineage = traced.get(node.uniqueId);
    if (lineage && lineage.problems.length === 0) return { node: node.uniqueId, columns: lineage.columns.map((c) => c.name), complete: true };
    const complete = node.knownColumnsComplete;
    return { node: node.uniqueId, columns: node.knownColumns.length ? node.knownColumns : undefined, complete };
  };
  const relations: Relations = {
    find: (schema, table) => known(byRelation.get(`${schema}.${table}`)),
    ephemeral: (cte) => known(byCte.get(cte)),
  };
  for (const node of withSql) traced.set(node.uniqueId, traceNode(treeOf.get(node.uniqueId), relations, parser.aggregates));
  const result = Object.fromEntries(traced);
  return { metadata: { weir_schema: 'lineage/v1', generated_at: new Date().toISOString() }, nodes: result, coverage: coverageOf(withSql, traced) };
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
