import type { Dialect } from '../types.js';
import { standardDialect } from '../standard-dialect.js';
import { duckdbRowHash } from './row-hash.js';
import { normalizeDuckDbType } from './type-names.js';

/** DuckDB spells DDL like PostgreSQL, and views bind late, so a plain drop/create is safe. */
export const duckdbDialect: Dialect = {
  ...standardDialect,
  rowHash: duckdbRowHash,
  normalizeType: normalizeDuckDbType,
};
