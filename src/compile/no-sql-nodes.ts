import type { NoSqlResourceType } from './types.js';

/**
 * Nodes of the graph that run no SQL: exposures and dbt's semantic layer. They are selected and
 * walked through like any node (`+metric:revenue`), have no relation, and are never executed.
 * dbt 1.10 gives them no test edges either: they never wait for their parents' tests.
 */
export const NO_SQL_TYPES: ReadonlySet<string> = new Set<NoSqlResourceType>(['exposure', 'semantic_model', 'metric', 'saved_query']);

/**
 * Those of them that `dbt build` (and only build) lists as results: each one is a NO-OP, or
 * SKIP when a parent failed. Metrics and semantic models are never results.
 */
export const NO_OP_TYPES: readonly NoSqlResourceType[] = ['saved_query', 'exposure'];

export function runsNoSql(node: { readonly resourceType: string }): boolean {
  return NO_SQL_TYPES.has(node.resourceType);
}
