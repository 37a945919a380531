import type { Materialize } from '../types.js';
import type { CompiledNode } from '../../compile/types.js';
import type { MaterializeContext } from '../types.js';
import { checkContractColumns } from '../contract.js';
import { inTransaction, run, tempIdentifier } from '../statements.js';
import { runHooks } from './swap.js';
import { applyRelationSettings, hasRelationSettings } from './relation-settings.js';
import { hasSqlHeader, runSqlHeader } from './sql-header.js';

const CREATED = { rowsAffected: undefined, action: 'created view' } as const;

/**
 * A view is replaced in one transaction, keeping the views built on it (adapter.replaceView); a table
 * of the same name (an old materialization) goes. Where the engine can, the common case is one
 * statement instead (replacedAlone).
 */
export const materializeView: Materialize = async (node, context) => {
  if (await replacedAlone(node, context)) return CREATED;
  const { adapter } = context;
  const target = node.relation!;
  await inTransaction(context, async () => {
    await runHooks(node, context, 'pre-hook');
    if (node.contract) await checkViewContract(node, context);
    const existing = await adapter.relationKind(context.session, target);
    await runSqlHeader(node, context);
    await adapter.replaceView(context.session, target, existing, node.compiledCode, (sql) => run(context, sql));
    await applyRelationSettings(node, context, 'view');
    await runHooks(node, context, 'post-hook');
  });
  return CREATED;
};

/**
 * Issue 22: on an engine whose `create or replace view` is atomic alone (adapter.replaceViewAlone),
 * a view with nothing else to run in its transaction (hooks, a contract check, a sql_header, relation settings)
 * is that one statement, not begin, a catalog read, the view and commit. A table holding the
 * name sends it back to the transactional path, which drops the table.
 */
async function replacedAlone(node: CompiledNode, context: MaterializeContext): Promise<boolean> {
  const { adapter } = context;
  const { pre_hook, post_hook } = node.config;
  if (!adapter.replaceViewAlone || node.contract || hasSqlHeader(node) || pre_hook.length > 0 || post_hook.length > 0 || hasRelationSettings(node, adapter)) return false;
  const recorded = context.statements.length;
  if (await adapter.replaceViewAlone(context.session, node.relation!, node.compiledCode, (sql) => run(context, sql))) return true;
  // The refused statement changed nothing: target/run keeps only what built the view.
  context.statements.length = recorded;
  return false;
}

/**
 * A contract on a view: build it under a temporary name, compare its columns, drop it. Only then is
 * the real view replaced. Constraints are not enforced on views (as in dbt): there is no data yet.
 */
async function checkViewContract(node: CompiledNode, context: MaterializeContext): Promise<void> {
  const { dialect } = context.adapter;
  const temp = { schema: node.relation!.schema, identifier: tempIdentifier(node.relation!.identifier) };
  await run(context, dialect.drop('view', temp));
  await runSqlHeader(node, context);
  await run(context, dialect.createView(temp, node.compiledCode));
  await checkContractColumns(node, context, temp);
  await run(context, dialect.drop('view', temp));
}
