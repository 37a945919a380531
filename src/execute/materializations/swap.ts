import type { RelationRef } from '../../adapters/types.js';
import type { CompiledNode } from '../../compile/types.js';
import type { MaterializeContext } from '../types.js';
import { countRows, inTransaction, run, tempIdentifier } from '../statements.js';
import { checkConstraints, checkContractColumns } from '../contract.js';
import { applyRelationSettings } from './relation-settings.js';
import { createIndexes } from './indexes.js';

/**
 * Builds a table under a temporary name and swaps it in, all in one transaction: readers see the
 * old table or the new one, a failure rolls back to the old one, and no temporary table survives.
 * `build` creates the table at the temporary relation it is given, and may return its row count
 * (a bulk load knows it) to spare a count over the new table.
 */
export async function buildAndSwapTable(
  node: CompiledNode,
  context: MaterializeContext,
  build: (temp: RelationRef) => Promise<number | void>,
): Promise<number> {
  const { adapter } = context;
  const { dialect } = adapter;
  const target = node.relation!;
  const temp: RelationRef = { schema: target.schema, identifier: tempIdentifier(target.identifier) };
  return inTransaction(context, async () => {
    await runHooks(node, context, 'pre-hook');
    await run(context, dialect.drop('table', temp));
    const built = await build(temp);
    await enforceContract(node, context, temp);
    await createIndexes(node, context, temp);
    const rows = typeof built === 'number' ? built : await countRows(context, dialect.relation(temp));
    const existing = await adapter.relationKind(context.session, target);
    await adapter.swapRelation(context.session, { target, existing, replacement: temp, replacementKind: 'table' }, (sql) => run(context, sql));
    await applyRelationSettings(node, context);
    await runHooks(node, context, 'post-hook');
    return rows;
  });
}

/**
 * A node's pre-hooks or post-hooks, in order: each rendered as Jinja on the node's session (dbt's
 * execution-time render, see compile/hook-render.ts), then the SQL it rendered to is run. A hook
 * that only calls `{% do ... %}` renders to nothing and runs nothing more.
 */
export async function runHooks(node: CompiledNode, context: MaterializeContext, kind: 'pre-hook' | 'post-hook') {
  const hooks = kind === 'pre-hook' ? node.config.pre_hook : node.config.post_hook;
  const self = node.relation ? context.adapter.dialect.relation(node.relation) : '';
  for (const [index, hook] of hooks.entries()) {
    const sql = context.renderHook ? await context.renderHook(hook, { kind, index }) : hook.replace(/\{\{\s*this\s*\}\}/g, self);
    if (sql.trim() !== '') await run(context, sql);
  }
}

/** A model with an enforced contract: its columns, types and constraints, before the swap. */
async function enforceContract(node: CompiledNode, context: MaterializeContext, built: RelationRef): Promise<void> {
  if (!node.contract) return;
  await checkContractColumns(node, context, built);
  await checkConstraints(node, context, built, 'all');
}
