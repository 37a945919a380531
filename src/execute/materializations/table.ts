import type { Materialize } from '../types.js';
import { run } from '../statements.js';
import { buildAndSwapTable } from './swap.js';
import { runSqlHeader } from './sql-header.js';

export const materializeTable: Materialize = async (node, context) => {
  const rows = await buildAndSwapTable(node, context, async (temp) => {
    await runSqlHeader(node, context);
    await run(context, context.adapter.dialect.createTableAs(temp, node.compiledCode));
  });
  return { rowsAffected: rows, action: 'created table' };
};
