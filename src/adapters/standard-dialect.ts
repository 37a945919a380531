import type { Dialect, RelationRef } from './types.js';
import { standardIncrementalSql } from './incremental-sql.js';

const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const relation = (ref: RelationRef): string =>
  `${ref.database ? `${quoteIdentifier(ref.database)}.` : ''}${quoteIdentifier(ref.schema)}.${quoteIdentifier(ref.identifier)}`;

/**
 * The SQL-standard spelling DuckDB and PostgreSQL share: double-quoted identifiers, single-quoted
 * literals with quotes doubled, `schema.identifier` relations (`database.schema.identifier` when named). An engine spreads it and overrides
 * what it spells differently; every engine brings its own `normalizeType` and `rowHash`.
 */
export const standardDialect: Omit<Dialect, 'normalizeType' | 'rowHash'> = {
  quoteIdentifier,
  quoteLiteral: (value) => `'${value.replace(/'/g, "''")}'`,
  relation,
  createTableAs: (ref, sql) => `create table ${relation(ref)} as (\n${sql}\n)`,
  createView: (ref, sql) => `create or replace view ${relation(ref)} as (\n${sql}\n)`,
  rename: (kind, from, to) => `alter ${kind} ${relation(from)} rename to ${quoteIdentifier(to)}`,
  drop: (kind, ref) => `drop ${kind} if exists ${relation(ref)}`,
  addColumn: (ref, column) => `alter table ${relation(ref)} add column ${quoteIdentifier(column.name)} ${column.dataType}`,
  incremental: (input) => standardIncrementalSql(input, quoteIdentifier, relation),
  // A query copied from a SQL client ends with `;`, which cannot stand inside the subquery.
  limit: (sql, limit) => `select * from (\n${sql.replace(/[\s;]+$/, '')}\n) as weir_preview limit ${Math.max(0, Math.floor(limit))}`,
};
