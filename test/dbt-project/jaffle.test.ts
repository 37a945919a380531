import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDuckDbAdapter } from '../../src/adapters/duckdb/adapter.js';
import { createPostgresAdapter } from '../../src/adapters/postgres/adapter.js';
import type { Adapter } from '../../src/adapters/types.js';
import { describePg, dropSchemas, freshSchema } from '../helpers/postgres.js';
import { weir } from '../helpers/project.js';
import { copyJaffle, jaffleCsv, jafflePgEnv } from './fixture.js';

/**
 * The jaffle shop fixture (test/dbt-project/jaffle) is a dbt project as dbt's tutorials write one:
 * dbt_project.yml, profiles.yml, seeds, staging views, mart tables, schema.yml tests and a custom
 * generate_schema_name. It builds unchanged, and every figure is checked against the seed CSVs.
 */
const METHODS = ['credit_card', 'coupon', 'bank_transfer', 'gift_card'];
const copyFixture = () => copyJaffle();
const csv = jaffleCsv;

/** The marts' rows, computed from the CSVs in TypeScript (amounts in dollars, rounded to cents). */
function expected() {
  const orders = csv('raw_orders');
  const payments = csv('raw_payments');
  const cents = (rows: Array<Record<string, string>>) => rows.reduce((sum, p) => sum + Number(p.amount), 0);
  const ordersOut = orders.map((o) => {
    const paid = payments.filter((p) => p.order_id === o.id);
    const row: Record<string, unknown> = { order_id: Number(o.id), customer_id: Number(o.user_id), order_date: o.order_date, status: o.status };
    for (const m of METHODS) row[`${m}_amount`] = paid.length ? cents(paid.filter((p) => p.payment_method === m)) / 100 : null;
    row.amount = paid.length ? cents(paid) / 100 : null;
    return row;
  });
  const customers = csv('raw_customers').map((c) => {
    const own = orders.filter((o) => o.user_id === c.id);
    const dates = own.map((o) => o.order_date).sort();
    const paid = payments.filter((p) => own.some((o) => o.id === p.order_id));
    return {
      customer_id: Number(c.id), first_name: c.first_name, last_name: c.last_name,
      first_order: dates[0] ?? null, most_recent_order: dates[dates.length - 1] ?? null,
      number_of_orders: own.length ? own.length : null,
      customer_lifetime_value: paid.length ? cents(paid) / 100 : null,
    };
  });
  return { orders: ordersOut, customers };
}

/** Rows as plain values: numbers for numerics and counts, YYYY-MM-DD for dates. */
function plain(rows: ReadonlyArray<Record<string, unknown>>): Array<Record<string, unknown>> {
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => {
    if (v instanceof Date) return [k, v.toISOString().slice(0, 10)];
    if (typeof v === 'bigint' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v))) return [k, Number(v)];
    if (v && typeof v === 'object' && 'toString' in v && !(v instanceof Array)) return [k, /^\d{4}-\d\d-\d\d$/.test(String(v)) ? String(v) : Number(String(v))];
    return [k, v];
  })));
}

async function marts(adapter: Adapter, schemas: { marts: string }) {
  try {
    return await adapter.withSession(async (s) => ({
      customers: plain((await s.query(`select * from "${schemas.marts}"."customers" order by customer_id`)).rows),
      orders: plain((await s.query(`select * from "${schemas.marts}"."orders" order by order_id`)).rows),
    }));
  } finally {
    await adapter.close();
  }
}

async function relationsIn(adapter: Adapter, schemas: readonly string[]) {
  try {
    const { rows } = await adapter.withSession((s) => s.query(
      `select table_schema, table_name, table_type from information_schema.tables where table_schema in (${schemas.map((x) => `'${x}'`).join(', ')}) order by 1, 2`));
    return rows.map((r) => `${String(r.table_schema)}.${String(r.table_name)} ${String(r.table_type)}`);
  } finally {
    await adapter.close();
  }
}

describe('a dbt project (jaffle shop) on DuckDB', () => {
  it('builds unchanged with its profile, vars, custom schema macro and tests, with the figures of its seeds', async () => {
    const dir = copyFixture();
    const run = weir(['build'], dir);
    expect(run.output).toMatch(/PASS=24 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=24/);
    expect(run.code).toBe(0);
    expect(run.output).not.toMatch(/project\.yml|Warning/);
    // The dev target: the project's generate_schema_name keeps every model in the target schema.
    const open = () => createDuckDbAdapter({ type: 'duckdb', path: 'target/jaffle_shop.duckdb' }, { projectRoot: dir, threads: 1 });
    expect(await relationsIn(await open(), ['main'])).toEqual([
      'main.customers BASE TABLE', 'main.orders BASE TABLE', 'main.raw_customers BASE TABLE', 'main.raw_orders BASE TABLE',
      'main.raw_payments BASE TABLE', 'main.stg_customers VIEW', 'main.stg_orders VIEW', 'main.stg_payments VIEW',
    ]);
    const want = expected();
    const got = await marts(await open(), { marts: 'main' });
    expect(got.customers).toEqual(want.customers);
    expect(got.orders).toEqual(want.orders);
    expect(want.customers.filter((c) => c.number_of_orders === null)).toHaveLength(4);
    expect(want.orders.filter((o) => o.amount === null)).toHaveLength(2);
    // Doc blocks reach the manifest, and the descriptions that name them.
    const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8'));
    expect(manifest.docs['doc.jaffle_shop.orders_status']).toMatchObject({ name: 'orders_status', original_file_path: 'models/docs.md' });
    expect(manifest.nodes['model.jaffle_shop.orders'].columns.status.description).toMatch(/^Orders can be one of the following statuses:\n\n\| status /);
  }, 60_000);

  it('uses the custom schemas on the prod output, as its generate_schema_name says', async () => {
    const dir = copyFixture();
    const run = weir(['build', '--target', 'prod'], dir);
    expect(run.output).toMatch(/PASS=24/);
    const open = () => createDuckDbAdapter({ type: 'duckdb', path: 'target/jaffle_shop_prod.duckdb' }, { projectRoot: dir, threads: 1 });
    expect(await relationsIn(await open(), ['raw', 'staging', 'marts', 'main'])).toEqual([
      'marts.customers BASE TABLE', 'marts.orders BASE TABLE', 'raw.raw_customers BASE TABLE', 'raw.raw_orders BASE TABLE',
      'raw.raw_payments BASE TABLE', 'staging.stg_customers VIEW', 'staging.stg_orders VIEW', 'staging.stg_payments VIEW',
    ]);
    expect((await marts(await open(), { marts: 'marts' })).customers).toEqual(expected().customers);
    // weir clean deletes the clean-targets.
    expect(weir(['clean'], dir).code).toBe(0);
    expect(existsSync(join(dir, 'target'))).toBe(false);
  }, 60_000);
});

describePg('a dbt project (jaffle shop) on PostgreSQL', (url) => {
  const schema = freshSchema('weir_jaffle');
  afterAll(() => dropSchemas(schema));

  it('builds unchanged from its postgres output, with the same figures', async () => {
    const dir = copyFixture();
    const run = weir(['build', '--target', 'pg'], dir, jafflePgEnv(url, schema));
    expect(run.output).toMatch(/PASS=24 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=24/);
    expect(run.code).toBe(0);
    const open = () => createPostgresAdapter({ type: 'postgres', url, schema }, { projectRoot: dir, threads: 1 });
    expect(await relationsIn(await open(), [schema])).toHaveLength(8);
    const got = await marts(await open(), { marts: schema });
    const want = expected();
    expect(got.customers).toEqual(want.customers);
    expect(got.orders).toEqual(want.orders);
  }, 60_000);
});
