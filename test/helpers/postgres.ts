import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach } from 'vitest';
import { describeWithService } from './service.js';

/**
 * Postgres tests read WEIR_PG_URL. Without it they skip LOUDLY (a warning and a skipped suite), unless
 * WEIR_REQUIRE_PG=1 (as in CI), where the missing server is a failure.
 */
export const PG_URL = process.env.WEIR_PG_URL;

export function describePg(name: string, body: (url: string) => void): void {
  describeWithService({ what: 'a PostgreSQL server', variable: 'WEIR_PG_URL', start: 'postgres', placeholder: 'postgres://skipped@127.0.0.1:5432/skipped' }, name, body);
}

/** A new schema name no other test uses. */
export function freshSchema(prefix = 'weir_t'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

/** Runs SQL on the test server outside weir (for set-up, checks and clean-up). */
export async function pgQuery(sql: string, url = PG_URL): Promise<Array<Record<string, unknown>>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A dbt profiles.yml whose profile `profile` builds into `schema` on the test server. */
export function dbtPgProfiles(url: string, schema: string, profile = 'shop'): string {
  const u = new URL(url);
  return `${profile}:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n      host: ${u.hostname}\n      port: ${u.port || 5432}\n      user: ${decodeURIComponent(u.username)}\n      password: "${decodeURIComponent(u.password)}"\n      dbname: ${u.pathname.slice(1)}\n      schema: ${schema}\n`;
}

/** Drops the schema and every schema weir derived from it (`<schema>_marts`, `<schema>_dbt_test__audit`). */
export async function dropSchemas(schema: string, url = PG_URL): Promise<void> {
  const rows = await pgQuery(`select nspname from pg_namespace where nspname = '${schema}' or nspname like '${schema}\\_%'`, url);
  for (const row of rows) await pgQuery(`drop schema if exists "${String(row.nspname)}" cascade`, url);
}

/**
 * Runs `body` with the URL of a new database, dropped after. For builds of the example project: its sources
 * land in fixed schemas (raw_coingecko, ...) and append on every run, so a shared database would carry rows
 * of every earlier run, on any branch, into the next one.
 */
export async function withFreshDatabase<T>(prefix: string, body: (url: string) => Promise<T>, url = PG_URL): Promise<T> {
  const database = freshSchema(prefix);
  await pgQuery(`create database "${database}"`, url);
  try {
    const dbUrl = new URL(url!);
    dbUrl.pathname = `/${database}`;
    return await body(dbUrl.toString());
  } finally {
    await pgQuery(`drop database if exists "${database}" with (force)`, url);
  }
}

/** A fresh schema for each test of the enclosing describe, dropped after it; call the result for its name. */
export function schemaPerTest(prefix: string): () => string {
  let schema = '';
  beforeEach(() => {
    schema = freshSchema(prefix);
  });
  afterEach(async () => {
    await dropSchemas(schema);
  });
  return () => schema;
}
