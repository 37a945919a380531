import type { Materialize } from '../types.js';
import { run } from '../statements.js';
import { buildAndSwapTable } from './swap.js';

export const materializeTable: Materialize = async (node, context) => {
  const rows = await buildAndSwapTable(node, context, async (temp) => {
    await run(context, context.adapter.dialect.createTableAs(temp, node.compiledCode));
  });
  return { rowsAffected: rows, action: 'created table' };
};
