import type { CompiledNode } from '../../compile/types.js';
import type { MaterializeContext } from '../types.js';
import { run } from '../statements.js';

/**
 * dbt's `grants` config (`{select: ['reporter']}`, a grantee or a list each), applied in the
 * node's transaction once its relation is built, so readers never see it without them. Engines
 * without privileges to manage (DuckDB) skip it, as their dbt adapters do.
 */
export async function applyGrants(node: CompiledNode, context: MaterializeContext): Promise<void> {
  const config = node.config.grants as Readonly<Record<string, string | readonly string[]>> | undefined;
  if (!config || !node.relation || !context.adapter.applyGrants) return;
  const grants = Object.fromEntries(Object.entries(config).map(([privilege, grantees]) => [privilege, typeof grantees === 'string' ? [grantees] : [...grantees]]));
  await context.adapter.applyGrants(context.session, node.relation, grants, (sql) => run(context, sql));
}
