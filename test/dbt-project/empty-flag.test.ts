import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDuckDbAdapter } from '../../src/adapters/duckdb/adapter.js';
import { createPostgresAdapter } from '../../src/adapters/postgres/adapter.js';
import type { Adapter } from '../../src/adapters/types.js';
import { describePg, dropSchemas, freshSchema } from '../helpers/postgres.js';
import { weir } from '../helpers/project.js';
import { copyJaffle, jaffleCsv, jafflePgEnv } from './fixture.js';

/**
 * `--empty` as dbt 1.8 has it: every ref and source reads no rows, so the warehouse plans and
 * type-checks every model's SQL without reading data; `this` and `.render()` are untouched; seeds
 * keep their inferred types and load no rows (dbt 1.12's seed --empty).
 */
const EXTRA = {
  'models/checks/sources.yml': 'version: 2\nsources:\n  - name: raw\n    schema: "{{ target.schema }}"\n    tables:\n      - name: raw_orders\n',
  'models/checks/from_source.sql': "{{ config(materialized='table') }}\nselect count(*) as n from {{ source('raw', 'raw_orders') }}\n",
  'models/checks/rendered.sql': "{{ config(materialized='table') }}\nselect count(*) as n from {{ ref('raw_orders').render() }}\n",
  'models/checks/flag_check.sql': "{{ config(materialized='table') }}\nselect '{{ flags.EMPTY }}' as empty_flag\n",
};
const ORDERS = jaffleCsv('raw_orders').length;

type Open = (dir: string) => Promise<Adapter>;

async function query(adapter: Adapter, sql: string): Promise<Array<Record<string, unknown>>> {
  try {
    return (await adapter.withSession((s) => s.query(sql))).rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
  } finally {
    await adapter.close();
  }
}

function checks(env: Record<string, string>, database: string, schema: string, open: Open, aliased: boolean) {
  const count = async (dir: string, table: string) => Number((await query(await open(dir), `select count(*) as n from "${schema}"."${table}"`))[0]!.n);

  it('run --empty: refs and sources read no rows though the seeds have them; this, .render() and flags.EMPTY as dbt', async () => {
    const dir = copyJaffle(EXTRA);
    expect(weir(['seed'], dir, env).code).toBe(0);
    expect(await count(dir, 'raw_orders')).toBe(ORDERS);
    const run = weir(['run', '--empty'], dir, env);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/PASS=8 WARN=0 ERROR=0/);
    expect(await count(dir, 'orders')).toBe(0);
    expect(await count(dir, 'customers')).toBe(0);
    expect((await query(await open(dir), `select n from "${schema}"."from_source"`))[0]!.n).toBe(0);
    // .render() is the relation's name itself (dbt's way to read a table whole under --empty).
    expect((await query(await open(dir), `select n from "${schema}"."rendered"`))[0]!.n).toBe(ORDERS);
    expect((await query(await open(dir), `select empty_flag from "${schema}"."flag_check"`))[0]!.empty_flag).toBe('True');
    const compiled = readFileSync(join(dir, 'target/compiled/jaffle_shop/models/staging/stg_orders.sql'), 'utf8');
    expect(compiled).toContain(`(select * from "${database}"."${schema}"."raw_orders" where false limit 0)${aliased ? ' _dbt_limit_subq_raw_orders' : '\n'}`);
    const runResults = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8'));
    expect(runResults.args).toMatchObject({ command: 'run', empty: true });
    // Without --empty the same models read every row again.
    expect(weir(['run'], dir, env).code).toBe(0);
    expect(await count(dir, 'orders')).toBe(ORDERS);
  }, 120_000);

  it('build --empty: seeds keep their columns and types with no rows, tests pass, and a wrong column still fails', async () => {
    // Not the source model: build loads no source, and the seed it reads may not be loaded yet.
    const dir = copyJaffle({ 'models/checks/rendered.sql': EXTRA['models/checks/rendered.sql'] });
    const build = weir(['build', '--empty'], dir, env);
    expect(build.code, build.output).toBe(0);
    expect(build.output).toMatch(/PASS=2\d WARN=0 ERROR=0 SKIP=0/);
    for (const seed of ['raw_orders', 'raw_customers', 'raw_payments']) expect(await count(dir, seed)).toBe(0);
    const types = await query(await open(dir),
      `select column_name, data_type from information_schema.columns where table_schema = '${schema}' and table_name = 'raw_orders' order by ordinal_position`);
    const typeOf = Object.fromEntries(types.map((t) => [t.column_name, String(t.data_type).toLowerCase()]));
    expect(Object.keys(typeOf)).toEqual(['id', 'user_id', 'order_date', 'status']);
    expect(typeOf).toMatchObject({ order_date: 'date' });
    expect(typeOf.id).toMatch(/int/);
    expect(typeOf.status).toMatch(/char|text/);

    const broken = copyJaffle({ 'models/marts/broken.sql': "select nope from {{ ref('stg_orders') }}\n" });
    const failing = weir(['build', '--empty'], broken, env);
    expect(failing.code).toBe(1);
    expect(failing.output).toMatch(/model 'broken' \(models\/marts\/broken\.sql\) failed/);
    expect(failing.output).toMatch(/nope/);
  }, 120_000);

  it('compile --empty changes no fingerprint: state:modified against its manifest selects nothing', () => {
    // (flag_check's SQL does differ: it prints flags.EMPTY.)
    const { 'models/checks/flag_check.sql': _differs, ...same } = EXTRA;
    const dir = copyJaffle(same);
    expect(weir(['compile', '--empty'], dir, env).code).toBe(0);
    expect(readFileSync(join(dir, 'target/compiled/jaffle_shop/models/marts/orders.sql'), 'utf8')).toContain('where false limit 0');
    mkdirSync(join(dir, 'state'));
    for (const file of ['manifest.json', 'weir_manifest.json']) cpSync(join(dir, 'target', file), join(dir, 'state', file));
    const ls = weir(['ls', '-s', 'state:modified', '--state', join(dir, 'state')], dir, env);
    expect(ls.code, ls.output).toBe(0);
    expect(ls.stdout).not.toMatch(/jaffle_shop\./);
    expect(ls.output).toContain("The selection criterion 'state:modified' does not match any node");
    // A compile without --empty writes the full SQL again (no stamp or cache keeps the empty one).
    expect(weir(['compile'], dir, env).code).toBe(0);
    expect(readFileSync(join(dir, 'target/compiled/jaffle_shop/models/marts/orders.sql'), 'utf8')).not.toContain('limit 0');
  }, 120_000);
}

describe('--empty on DuckDB', () => {
  const open: Open = (dir) => createDuckDbAdapter({ type: 'duckdb', path: 'target/jaffle_shop.duckdb' }, { projectRoot: dir, threads: 1 });
  checks({}, 'jaffle_shop', 'main', open, false);
});

describePg('--empty on PostgreSQL', (url) => {
  const schema = freshSchema('weir_empty');
  afterAll(() => dropSchemas(schema));
  const open: Open = () => createPostgresAdapter({ type: 'postgres', url, schema }, { projectRoot: '.', threads: 1 });
  checks(jafflePgEnv(url, schema), new URL(url).pathname.slice(1), schema, open, true);
});
