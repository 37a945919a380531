import type { z } from 'zod';
import type { Adapter, AdapterContext, Dialect } from './types.js';
import { duckdbTargetSchema } from './duckdb/config.js';
import { duckdbDialect } from './duckdb/dialect.js';
import { DUCKDB_MACROS } from './duckdb/macros.js';
import { POSTGRES_MACROS } from './postgres/macros.js';
import { basename } from 'node:path';
import { postgresDatabase, postgresTargetSchema, type PostgresTarget } from './postgres/config.js';
import { postgresDialect } from './postgres/dialect.js';
import { trinoTargetSchema } from './trino/config.js';
import { trinoDialect } from './trino/dialect.js';
import { TRINO_MACROS } from './trino/macros.js';

/**
 * The engines weir can build on. Each entry names its target schema (zod, cheap to load) and loads
 * its driver lazily, so `weir ls` or `weir compile` never pay for a native binding.
 */
export interface AdapterEntry {
  readonly configSchema: z.ZodType<{ type: string; schema: string; threads?: number | undefined }>;
  /** Quoting and DDL spelling: pure functions, usable for compiling without a connection. */
  readonly dialect: Dialect;
  /** The engine's `<type>__<macro>` implementations of the cross-database macros (nunjucks text). */
  readonly macros: string;
  /** The database a validated target builds into, as dbt's `target.database` names it. */
  databaseName(config: Record<string, unknown>): string;
  /**
   * Unit tests run in a DuckDB sandbox. DuckDB reads PostgreSQL's SQL, so those keep the target's
   * dispatch (and a project's postgres__ macros); Trino's it does not: render them as for DuckDB.
   */
  readonly unitTestsAsDuckDb?: boolean;
  load(): Promise<(config: unknown, context: AdapterContext) => Promise<Adapter>>;
}

export const ADAPTERS: Readonly<Record<string, AdapterEntry>> = {
  duckdb: {
    configSchema: duckdbTargetSchema,
    dialect: duckdbDialect,
    macros: DUCKDB_MACROS,
    // dbt-duckdb: the file's name without its extension; `memory` for an in-memory database.
    databaseName: (config) => {
      const path = String(config.path ?? 'target/dev.duckdb');
      return path === ':memory:' ? 'memory' : basename(path).replace(/\.[^.]*$/, '');
    },
    load: async () => (await import('./duckdb/adapter.js')).createDuckDbAdapter,
  },
  postgres: {
    configSchema: postgresTargetSchema,
    dialect: postgresDialect,
    macros: POSTGRES_MACROS,
    databaseName: (config) => postgresDatabase(config as PostgresTarget),
    load: async () => (await import('./postgres/adapter.js')).createPostgresAdapter,
  },
  trino: {
    configSchema: trinoTargetSchema,
    dialect: trinoDialect,
    macros: TRINO_MACROS,
    unitTestsAsDuckDb: true,
    // dbt-trino: target.database is the Trino catalog.
    databaseName: (config) => String(config.catalog ?? 'iceberg'),
    load: async () => (await import('./trino/adapter.js')).createTrinoAdapter,
  },
};

export function adapterTypes(): string[] {
  return Object.keys(ADAPTERS);
}
