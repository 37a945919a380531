import type { CompiledNode } from '../../compile/types.js';
import type { MaterializeContext } from '../types.js';
import { run } from '../statements.js';

/**
 * dbt's persist_docs: the node's description as the table's comment (`relation: true`) and each
 * documented column's description as the column's (`columns: true`), with `comment on`, which
 * DuckDB, PostgreSQL and Trino's Iceberg tables all read. Columns the table lacks are left out.
 */
export async function persistDocs(node: CompiledNode, context: MaterializeContext, kind: 'table' | 'view' = 'table'): Promise<void> {
  const wanted = node.config.persist_docs as Readonly<Record<string, boolean>> | undefined;
  if (!wanted || !node.relation) return;
  const { adapter } = context;
  const d = adapter.dialect;
  const relation = d.relation(node.relation);
  if (wanted.relation && node.description) await run(context, `comment on ${kind} ${relation} is ${d.quoteLiteral(node.description)}`);
  if (!wanted.columns) return;
  const documented = new Map(Object.values(node.columns).filter((c) => c.description).map((c) => [c.name.toLowerCase(), c.description!]));
  if (documented.size === 0) return;
  for (const column of await adapter.columns(context.session, node.relation)) {
    const text = documented.get(column.name.toLowerCase());
    if (text) await run(context, `comment on column ${relation}.${d.quoteIdentifier(column.name)} is ${d.quoteLiteral(text)}`);
  }
}
