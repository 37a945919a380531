import type { Materialize } from '../types.js';
import type { CompiledNode } from '../../compile/types.js';
import type { MaterializeContext } from '../types.js';
import { checkContractColumns } from '../contract.js';
import { inTransaction, run, tempIdentifier } from '../statements.js';
import { runHooks } from './swap.js';
import { applyRelationSettings } from './relation-settings.js';

/**
 * A view is replaced in one transaction, keeping the views built on it (adapter.replaceView); a table
 * of the same name (an old materialization) goes.
 */
export const materializeView: Materialize = async (node, context) => {
  const { adapter } = context;
  const target = node.relation!;
  await inTransaction(context, async () => {
    await runHooks(node, context, 'pre-hook');
    if (node.contract) await checkViewContract(node, context);
    const existing = await adapter.relationKind(context.session, target);
    await adapter.replaceView(context.session, target, existing, node.compiledCode, (sql) => run(context, sql));
    await applyRelationSettings(node, context, 'view');
    await runHooks(node, context, 'post-hook');
  });
  return { rowsAffected: undefined, action: 'created view' };
};

/**
 * A contract on a view: build it under a temporary name, compare its columns, drop it. Only then is
 * the real view replaced. Constraints are not enforced on views (as in dbt): there is no data yet.
 */
async function checkViewContract(node: CompiledNode, context: MaterializeContext): Promise<void> {
  const { dialect } = context.adapter;
  const temp = { schema: node.relation!.schema, identifier: tempIdentifier(node.relation!.identifier) };
  await run(context, dialect.drop('view', temp));
  await run(context, dialect.createView(temp, node.compiledCode));
  await checkContractColumns(node, context, temp);
  await run(context, dialect.drop('view', temp));
}
