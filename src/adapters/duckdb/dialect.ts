import type { Dialect, RelationRef } from '../types.js';
import { normalizeDuckDbType } from './type-names.js';
import { standardIncrementalSql } from '../incremental-sql.js';

const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const relation = (ref: RelationRef): string => `${quoteIdentifier(ref.schema)}.${quoteIdentifier(ref.identifier)}`;

/** DuckDB spells DDL like PostgreSQL, and views bind late, so a plain drop/create is safe. */
export const duckdbDialect: Dialect = {
  quoteIdentifier,
  quoteLiteral: (value) => `'${value.replace(/'/g, "''")}'`,
  relation,
  createTableAs: (ref, sql) => `create table ${relation(ref)} as (\n${sql}\n)`,
  createView: (ref, sql) => `create or replace view ${relation(ref)} as (\n${sql}\n)`,
  rename: (kind, from, to) => `alter ${kind} ${relation(from)} rename to ${quoteIdentifier(to)}`,
  drop: (kind, ref) => `drop ${kind} if exists ${relation(ref)}`,
  addColumn: (ref, column) => `alter table ${relation(ref)} add column ${quoteIdentifier(column.name)} ${column.dataType}`,
  normalizeType: normalizeDuckDbType,
  incremental: (input) => standardIncrementalSql(input, quoteIdentifier, relation),
  limit: (sql, limit) => `select * from (\n${sql}\n) as weir_preview limit ${Math.max(0, Math.floor(limit))}`,
};
