import type { Dialect, RelationKind, RelationRef, RunStatement, SwapInput } from './types.js';

/**
 * Swaps for engines whose views bind late (DuckDB): a view names what it reads and finds it again
 * at each query, so replacing a relation is drop and rename in the caller's transaction, and the
 * views built on it need nothing.
 */
export async function lateBindingSwap(dialect: Dialect, input: SwapInput, run: RunStatement): Promise<void> {
  if (input.existing) await run(dialect.drop(input.existing, input.target));
  await run(dialect.rename(input.replacementKind, input.replacement, input.target.identifier));
}

/** `create or replace view`, after dropping a table of that name (an old materialization). */
export async function lateBindingReplaceView(dialect: Dialect, target: RelationRef, existing: RelationKind | undefined, sql: string, run: RunStatement) {
  if (existing === 'table') await run(dialect.drop('table', target));
  await run(dialect.createView(target, sql));
}

