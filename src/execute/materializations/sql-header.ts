import type { CompiledNode } from '../../compile/types.js';
import type { MaterializeContext } from '../types.js';
import { run } from '../statements.js';

/**
 * dbt's `sql_header` config (or `{% call set_sql_header(config) %}`): SQL dbt puts in front of the
 * model's create statement. weir runs it just before that statement on the same session, inside the
 * node's transaction, so a PostgreSQL `set local ...` or a DuckDB `create macro` applies to it.
 */
export async function runSqlHeader(node: CompiledNode, context: MaterializeContext): Promise<void> {
  const header = node.config.sql_header;
  if (typeof header === 'string' && header.trim() !== '') await run(context, header);
}

export function hasSqlHeader(node: CompiledNode): boolean {
  return typeof node.config.sql_header === 'string' && node.config.sql_header.trim() !== '';
}
