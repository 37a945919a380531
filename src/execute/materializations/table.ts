import type { Materialize } from '../types.js';
import { run } from '../statements.js';
import { buildAndSwapTable } from './swap.js';
import { runSqlHeader } from './sql-header.js';
import { tableProperties } from '../../compile/engine-config.js';

export const materializeTable: Materialize = async (node, context) => {
  const rows = await buildAndSwapTable(node, context, async (temp) => {
    await runSqlHeader(node, context);
    // dbt-trino's table properties go on the temporary table: the rename keeps them on the model's table.
    await run(context, context.adapter.dialect.createTableAs(temp, node.compiledCode, tableProperties(node.config)));
  });
  return { rowsAffected: rows, action: 'created table' };
};
