import type { Dialect, RelationRef } from '../types.js';
import { standardIncrementalSql } from '../incremental-sql.js';
import { normalizePostgresType } from './type-names.js';

const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const relation = (ref: RelationRef): string => `${quoteIdentifier(ref.schema)}.${quoteIdentifier(ref.identifier)}`;

/**
 * PostgreSQL: transactional DDL, so a swap (drop old, rename new) is atomic. Views bind to the
 * tables they read, so replacing a table drops the views built on it (`cascade`); a build
 * recreates them after it, as dbt-postgres does.
 */
export const postgresDialect: Dialect = {
  quoteIdentifier,
  // standard_conforming_strings is on (the default since 9.1): only quotes need doubling.
  quoteLiteral: (value) => `'${value.replace(/'/g, "''")}'`,
  relation,
  createTableAs: (ref, sql) => `create table ${relation(ref)} as (\n${sql}\n)`,
  createView: (ref, sql) => `create or replace view ${relation(ref)} as (\n${sql}\n)`,
  rename: (kind, from, to) => `alter ${kind} ${relation(from)} rename to ${quoteIdentifier(to)}`,
  drop: (kind, ref) => `drop ${kind} if exists ${relation(ref)} cascade`,
  addColumn: (ref, column) => `alter table ${relation(ref)} add column ${quoteIdentifier(column.name)} ${column.dataType}`,
  normalizeType: normalizePostgresType,
  incremental: (input) => standardIncrementalSql(input, quoteIdentifier, relation),
  limit: (sql, limit) => `select * from (\n${sql}\n) as weir_preview limit ${Math.max(0, Math.floor(limit))}`,
};
