import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDuckDbAdapter } from '../../src/adapters/duckdb/adapter.js';
import { createPostgresAdapter } from '../../src/adapters/postgres/adapter.js';
import type { Adapter } from '../../src/adapters/types.js';
import { weir, type CliRun } from '../helpers/project.js';
import { tempDir } from '../helpers/temp-dir.js';

/** test/dbt-project/shop: a dbt project as dbt's docs write one, declaring config trees and more. */
export const SHOP = join(import.meta.dirname, 'shop');

export function copyShop(): string {
  const dir = tempDir('weir-shop-');
  cpSync(SHOP, dir, { recursive: true });
  return dir;
}

/** The seed's rows, read from the CSV (the test's own figures come from these). */
export function rawOrders(): Array<{ id: number; customer_id: number; status: string; amount_cents: number; ordered_at: string }> {
  const [header, ...lines] = readFileSync(join(SHOP, 'seeds', 'raw_orders.csv'), 'utf8').trim().split('\n');
  const columns = header!.split(',');
  return lines.map((line) => {
    const row = Object.fromEntries(line.split(',').map((v, i) => [columns[i]!, v]));
    return { id: Number(row.id), customer_id: Number(row.customer_id), status: row.status!, amount_cents: Number(row.amount_cents), ordered_at: row.ordered_at! };
  });
}

export interface Engine {
  readonly name: 'duckdb' | 'postgres';
  /** The schema weir builds into. */
  readonly schema: string;
  build(dir: string, args?: readonly string[]): CliRun;
  open(dir: string): Promise<Adapter>;
}

export function duckdbEngine(): Engine {
  return {
    name: 'duckdb', schema: 'main',
    build: (dir, args = ['build']) => weir(args, dir),
    open: (dir) => createDuckDbAdapter({ type: 'duckdb', path: 'target/shop.duckdb' }, { projectRoot: dir, threads: 1 }),
  };
}

export function postgresEngine(url: string, schema: string): Engine {
  const u = new URL(url);
  const env = {
    SHOP_PG_HOST: u.hostname, SHOP_PG_PORT: u.port || '5432', SHOP_PG_USER: decodeURIComponent(u.username),
    DBT_ENV_SECRET_PG_PASSWORD: decodeURIComponent(u.password), SHOP_PG_DBNAME: u.pathname.slice(1), SHOP_PG_SCHEMA: schema,
  };
  return {
    name: 'postgres', schema,
    build: (dir, args = ['build']) => weir([...args, '--target', 'pg'], dir, env),
    open: (dir) => createPostgresAdapter({ type: 'postgres', url, schema }, { projectRoot: dir, threads: 1 }),
  };
}

/** Runs one query on the engine and closes the adapter. */
export async function query(engine: Engine, dir: string, sql: string): Promise<Array<Record<string, unknown>>> {
  const adapter = await engine.open(dir);
  try {
    return (await adapter.withSession((s) => s.query(sql))).rows as Array<Record<string, unknown>>;
  } finally {
    await adapter.close();
  }
}

export function readJson(dir: string, path: string): any {
  return JSON.parse(readFileSync(join(dir, path), 'utf8'));
}
