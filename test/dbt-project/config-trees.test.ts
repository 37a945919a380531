import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describePg, dropSchemas, freshSchema } from '../helpers/postgres.js';
import { weir } from '../helpers/project.js';
import { copyShop, duckdbEngine, postgresEngine, query, rawOrders, readJson, type Engine } from './shop-fixture.js';

/**
 * dbt_project.yml's data_tests:, sources: and analyses: trees (test/dbt-project/shop), applied as
 * dbt applies them: matched by fqn (a source's holds its yml folder, an analysis's starts with
 * 'analysis'), under the node's own config.
 */
const ACCEPTED = ['placed', 'shipped', 'completed', 'returned'];

async function checkBuild(engine: Engine) {
  const dir = copyShop();
  const run = engine.build(dir);
  const orders = rawOrders();
  const badStatuses = new Set(orders.map((o) => o.status).filter((s) => !ACCEPTED.includes(s)));
  const negative = orders.filter((o) => o.amount_cents < 0);
  expect(badStatuses.size).toBe(1);
  expect(negative).toHaveLength(2);
  // data_tests: shop: staging: +severity: warn turns both failing staging tests into warnings.
  // The saved query and two exposures are dbt 1.10's NO-OP results.
  expect(run.output).toMatch(/PASS=16 WARN=2 ERROR=0 SKIP=0 NO-OP=3 TOTAL=21/);
  expect(run.code).toBe(0);
  const results = Object.fromEntries(readJson(dir, 'target/run_results.json').results.map((r: any) => [r.unique_id, r]));
  expect(results['test.shop.accepted_values_stg_orders_status__placed__shipped__completed__returned.7511f2d274']).toMatchObject({ status: 'warn', failures: badStatuses.size });
  expect(results['test.shop.assert_amount_not_negative']).toMatchObject({ status: 'warn', failures: negative.length });
  expect(results['test.shop.unique_customer_orders_customer_id.0e9f6da4ce']).toMatchObject({ status: 'pass', failures: 0 });

  // +store_failures: true for every test, except the one whose own config says false.
  const audit = `${engine.schema}_dbt_test__audit`;
  const stored = await query(engine, dir, `select table_name from information_schema.tables where table_schema = '${audit}' order by 1`);
  expect(stored.map((r) => String(r.table_name)).sort()).toEqual([
    // A name of 64 characters or more is stored under dbt's short alias (30 characters and an md5).
    'accepted_values_stg_orders_7c9e0be389dac14a09b2140966f0792f', 'assert_amount_not_negative',
    'not_null_customer_orders_customer_id', 'not_null_dim_customers_v1_customer_id', 'not_null_dim_customers_v1_order_count',
    'not_null_dim_customers_v2_customer_id', 'unique_customer_orders_customer_id', 'unique_dim_customers_v1_customer_id',
    'unique_dim_customers_v2_customer_id', 'unique_stg_orders_order_id',
  ]);
  const failing = await query(engine, dir, `select order_id from "${audit}"."assert_amount_not_negative" order by 1`);
  expect(failing.map((r) => Number(r.order_id))).toEqual(negative.map((o) => o.id));

  const manifest = readJson(dir, 'target/manifest.json');
  // dbt's TestConfig default, as dbt writes it.
  expect(manifest.nodes['test.shop.not_null_customer_orders_customer_id.582e6bcaa0'].config).toMatchObject({ severity: 'ERROR', store_failures: true });
  expect(manifest.nodes['test.shop.not_null_stg_orders_order_id.81cfe2fe64'].config).toMatchObject({ severity: 'warn', store_failures: false });
  // sources: shop: staging: app: tags and meta reach both tables; legacy is disabled, so it is not there.
  expect(Object.keys(manifest.sources).sort()).toEqual(['source.shop.app.customers', 'source.shop.app.payments']);
  expect(manifest.sources['source.shop.app.customers']).toMatchObject({
    fqn: ['shop', 'staging', 'app', 'customers'], tags: ['from_app'], config: { enabled: true, meta: { owner: 'platform' } },
  });
  // analyses: +tags for all; analysis: drafts: +enabled: false drops drafts/churn.
  expect(manifest.nodes['analysis.shop.top_customers'].tags).toEqual(['reporting']);
  expect(manifest.nodes['analysis.shop.churn']).toBeUndefined();
  return dir;
}

describe('config trees of dbt_project.yml on DuckDB', () => {
  it('apply data_tests:, sources: and analyses: as dbt does', async () => {
    const dir = await checkBuild(duckdbEngine());
    expect(weir(['build'], dir).output).not.toMatch(/does not apply|ignored/);
  }, 60_000);

  it('a ref to a disabled source is an error naming the file, line and the tree that disabled it', () => {
    const dir = copyShop();
    writeFileSync(join(dir, 'models/staging/stg_old.sql'), 'select *\nfrom {{ source("legacy", "old_orders") }}\n');
    const run = weir(['compile'], dir);
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/models\/staging\/stg_old\.sql:2/);
    expect(run.output).toMatch(/depends on source 'legacy\.old_orders', which is disabled/);
  }, 60_000);

  it('tests: (the pre-1.8 name of data_tests:) is read too, and +enabled: false drops tests', () => {
    const dir = copyShop();
    const project = join(dir, 'dbt_project.yml');
    const text = readFileSync(project, 'utf8');
    writeFileSync(project, text.replace('data_tests:\n  shop:\n    +store_failures: true\n    staging:\n      +severity: warn',
      'tests:\n  shop:\n    staging:\n      +enabled: false'));
    const run = weir(['build'], dir);
    // Only the marts tests are left: 1 seed, 6 models (two versions of dim_customers), 7 tests (dbt build runs no analysis),
    // and the saved query and two exposures as NO-OP.
    expect(run.output).toMatch(/PASS=14 WARN=0 ERROR=0 SKIP=0 NO-OP=3 TOTAL=17/);
  }, 60_000);
  it('a bare key with a value that is not a mapping is config, as in dbt: a warning if weir does not know it, not an error', () => {
    const dir = copyShop();
    const project = join(dir, 'dbt_project.yml');
    writeFileSync(project, readFileSync(project, 'utf8').replace('models:\n  shop:\n    +materialized: view\n',
      "models:\n  shop:\n    +materialized: view\n    transient: true\n    staging:\n      query_tag: ['etl']\n      not_a_folder:\n"));
    const run = weir(['compile'], dir);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/dbt_project\.yml:12.*'transient' is not a config weir knows; it is ignored/);
    expect(run.output).toMatch(/dbt_project\.yml:14.*'query_tag' is not a config weir knows; it is ignored/);
    // An empty key is still a folder (nothing under it yet), not a config.
    expect(run.output).not.toMatch(/not_a_folder/);
  }, 60_000);
});

describePg('config trees of dbt_project.yml on PostgreSQL', (url) => {
  const schema = freshSchema('weir_trees');
  afterAll(() => dropSchemas(schema));

  it('apply data_tests:, sources: and analyses: as on DuckDB', async () => {
    await checkBuild(postgresEngine(url, schema));
  }, 60_000);
});
