import type { IndexConfig, RelationRef } from '../../adapters/types.js';
import type { CompiledNode } from '../../compile/types.js';
import type { MaterializeContext } from '../types.js';
import { run } from '../statements.js';

/**
 * dbt-postgres's `indexes` config: each index is created on the table just built, before it is
 * swapped in (the index goes with it), as dbt's table, seed, first incremental and first snapshot
 * builds do. A later incremental or snapshot build keeps the table and so its indexes. Engines
 * without indexes skip this (the compile warns once: compile/engine-config.ts).
 */
export async function createIndexes(node: CompiledNode, context: MaterializeContext, built: RelationRef): Promise<void> {
  const indexes = node.config.indexes as readonly IndexConfig[] | undefined;
  const { createIndexSql } = context.adapter;
  if (!indexes?.length || !createIndexSql) return;
  for (const index of indexes) await run(context, createIndexSql(built, index));
}
