import type { Dialect } from '../types.js';
import { standardDialect } from '../standard-dialect.js';
import { normalizePostgresType } from './type-names.js';

/**
 * PostgreSQL: transactional DDL, so a swap (drop old, rename new) is atomic. Views bind to the
 * tables they read, so replacing a table drops the views built on it (`cascade`); a build
 * recreates them after it, as dbt-postgres does. standard_conforming_strings is on (the default
 * since 9.1), so the standard literal quoting (only quotes doubled) is right.
 */
export const postgresDialect: Dialect = {
  ...standardDialect,
  drop: (kind, ref) => `drop ${kind} if exists ${standardDialect.relation(ref)} cascade`,
  normalizeType: normalizePostgresType,
};
