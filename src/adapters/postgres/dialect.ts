import type { Dialect } from '../types.js';
import { standardDialect } from '../standard-dialect.js';
import { postgresRowHash } from './row-hash.js';
import { normalizePostgresType } from './type-names.js';

/**
 * PostgreSQL: transactional DDL, so a swap is atomic (swap.ts). `drop` never cascades: weir drops
 * only its own temporary relations, and a swap keeps the views built on what it replaces.
 * standard_conforming_strings is on (the default since 9.1), so the standard literal quoting
 * (only quotes doubled) is right.
 */
export const postgresDialect: Dialect = {
  ...standardDialect,
  rowHash: postgresRowHash,
  normalizeType: normalizePostgresType,
  subqueryNeedsAlias: true,
  foldUnquoted: (name) => name.toLowerCase(),
  // R: reserved, T: type or function name; neither may name a column unquoted.
  reservedWordsQuery: "select word from pg_get_keywords() where catcode in ('R', 'T')",
};
