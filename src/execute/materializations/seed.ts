import type { RelationRef } from '../../adapters/types.js';
import type { Materialize, MaterializeContext } from '../types.js';
import { checkSeedFile } from './seed-file.js';
import { run } from '../statements.js';
import { buildAndSwapTable } from './swap.js';
import { tableProperties } from '../../compile/engine-config.js';
import { WeirError } from '../../core/errors.js';

/**
 * Seeds load through the engine's native CSV reader into a temporary table, then swap in. Types are
 * inferred; `column_types` config and `data_type` on columns in yml override them.
 */

/**
 * dbt's `quote_columns: false`: the CSV header's names are created unquoted, so an engine that folds
 * identifiers (PostgreSQL: to lower case) folds them, as dbt's seed does; quoted (the default) they
 * keep the header's case. A header name that is a reserved word fails dbt's `create table`, and the seed's.
 */
async function unquoteColumns(quoteColumns: unknown, temp: RelationRef, context: MaterializeContext, path: string): Promise<void> {
  const { adapter } = context;
  if (quoteColumns !== false) return;
  const columns = await adapter.columns(context.session, temp);
  const reservedQuery = adapter.dialect.reservedWordsQuery;
  if (reservedQuery) {
    const reserved = new Set((await context.session.query(reservedQuery)).rows.map((r) => String(r.word).toLowerCase()));
    const clash = columns.find((c) => reserved.has(c.name.toLowerCase()));
    if (clash) {
      throw new WeirError(`${path}: column '${clash.name}' is a reserved word, and with quote_columns: false the seed's table cannot be created (dbt fails the same way: syntax error at or near "${clash.name}"). Set +quote_columns: true for this seed, or rename the column.`);
    }
  }
  const fold = adapter.dialect.foldUnquoted;
  if (!fold) return;
  for (const column of columns) {
    const folded = fold(column.name);
    if (folded === column.name || !/^[A-Za-z_][A-Za-z0-9_$]*$/.test(column.name)) continue;
    await run(context, `alter table ${adapter.dialect.relation(temp)} rename column ${adapter.dialect.quoteIdentifier(column.name)} to ${adapter.dialect.quoteIdentifier(folded)}`);
  }
}

export const materializeSeed: Materialize = async (node, context) => {
  const columnTypes: Record<string, string> = {};
  for (const [name, column] of Object.entries(node.columns)) if (column.data_type) columnTypes[name] = column.data_type;
  Object.assign(columnTypes, node.config.column_types);
  checkSeedFile(node.absolutePath, node.path, node.config.delimiter ?? ',');
  const rows = await buildAndSwapTable(node, context, async (temp) => {
    context.statements.push(`-- load ${node.path} into ${context.adapter.dialect.relation(temp)}`);
    const loaded = await context.adapter.loadCsv(context.session, temp, node.absolutePath, {
      columnTypes,
      path: node.path,
      integers: node.seedIntegers,
      // dbt-trino creates a seed's table with the seed's table properties too.
      properties: tableProperties(node.config),
      ...(node.config.delimiter ? { delimiter: node.config.delimiter } : {}),
    });
    await unquoteColumns(node.config.quote_columns, temp, context, node.path);
    if (!context.empty) return loaded;
    // --empty (dbt 1.12's seed --empty): the types are inferred from every row, then the rows go.
    await run(context, `delete from ${context.adapter.dialect.relation(temp)}`);
    return 0;
  });
  return { rowsAffected: rows, action: 'loaded seed' };
};
