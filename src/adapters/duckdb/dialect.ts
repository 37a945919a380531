import type { Dialect } from '../types.js';
import { standardDialect } from '../standard-dialect.js';
import { duckdbRowHash } from './row-hash.js';
import { normalizeDuckDbType } from './type-names.js';

/** DuckDB spells DDL like PostgreSQL, and views bind late, so a plain drop/create is safe. */
export const duckdbDialect: Dialect = {
  ...standardDialect,
  rowHash: duckdbRowHash,
  normalizeType: normalizeDuckDbType,
  // PostgreSQL's grammar: a column name is an identifier, an unreserved or a column-name keyword.
  reservedWordsQuery: "select keyword_name as word from duckdb_keywords() where keyword_category in ('reserved', 'type_function')",
};
