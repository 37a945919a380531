import type { Materialize } from '../types.js';
import { inTransaction, run } from '../statements.js';
import { runHooks } from './swap.js';

/** A view is replaced in one transaction; a table of the same name (an old materialization) goes. */
export const materializeView: Materialize = async (node, context) => {
  const { adapter } = context;
  const target = node.relation!;
  await inTransaction(context, async () => {
    await runHooks(node, context, node.config.pre_hook);
    if ((await adapter.relationKind(context.session, target)) === 'table') {
      await run(context, adapter.dialect.drop('table', target));
    }
    await run(context, adapter.dialect.createView(target, node.compiledCode));
    await runHooks(node, context, node.config.post_hook);
  });
  return { rowsAffected: undefined, action: 'created view' };
};
