import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { schemaErrors } from '../helpers/dbt-schemas.js';
import { describePg, dropSchemas, freshSchema } from '../helpers/postgres.js';
import { weir } from '../helpers/project.js';
import { copyShop, duckdbEngine, postgresEngine, query, rawOrders, readJson, type Engine } from './shop-fixture.js';

/**
 * dbt's model versions on test/dbt-project/shop: dim_customers has v2 (dim_customers_v2.sql, the
 * latest, without order_count) and v1 (defined_in: dim_customers_legacy, deprecated);
 * customer_spend reads ref('dim_customers'), customer_order_counts ref('dim_customers', v=1).
 */
async function checkVersions(engine: Engine) {
  const dir = copyShop();
  // The fixture deprecates v1 in the future; a past date is what dbt warns about.
  const yml = join(dir, 'models/marts/_dim_customers.yml');
  writeFileSync(yml, readFileSync(yml, 'utf8').replace('2099-12-31', '2024-06-30'));
  const run = engine.build(dir);
  expect(run.code).toBe(0);
  expect(run.output).toContain("Warning: models/marts/customer_order_counts.sql:3: While compiling 'customer_order_counts': Found a reference to dim_customers.v1, which was deprecated on '2024-06-30'. A new version of 'dim_customers' is available. Migrate now: {{ ref('dim_customers', v='2') }}.");

  // Relations are <name>_v<N> (dbt's alias for a version), whichever file defines it.
  const orders = rawOrders();
  const spent = orders.reduce((sum, o) => sum + o.amount_cents, 0) / 100;
  const sum = async (sql: string) => Number((await query(engine, dir, sql))[0]!.n);
  expect(await sum(`select sum(total_amount) as n from "${engine.schema}"."dim_customers_v2"`)).toBeCloseTo(spent, 6);
  expect(await sum(`select sum(total_amount) as n from "${engine.schema}"."customer_spend"`)).toBeCloseTo(spent, 6);
  expect(await sum(`select sum(order_count) as n from "${engine.schema}"."customer_order_counts"`)).toBe(orders.length);
  expect(await sum(`select count(*) as n from "${engine.schema}"."dim_customers_v1"`)).toBe(new Set(orders.map((o) => o.customer_id)).size);

  const manifest = readJson(dir, 'target/manifest.json');
  expect(schemaErrors('manifest.json', manifest)).toEqual([]);
  expect(manifest.nodes['model.shop.dim_customers.v2']).toMatchObject({
    name: 'dim_customers', version: 2, latest_version: 2, deprecation_date: null, alias: 'dim_customers_v2',
    fqn: ['shop', 'marts', 'dim_customers', 'v2'], original_file_path: 'models/marts/dim_customers_v2.sql',
  });
  expect(manifest.nodes['model.shop.dim_customers.v1']).toMatchObject({
    name: 'dim_customers', version: 1, latest_version: 2, deprecation_date: '2024-06-30', alias: 'dim_customers_v1', original_file_path: 'models/marts/dim_customers_legacy.sql',
  });
  // Columns: v2 excludes order_count; v1 includes all and adds a test on order_count.
  expect(Object.keys(manifest.nodes['model.shop.dim_customers.v2'].columns)).toEqual(['customer_id', 'total_amount']);
  expect(Object.keys(manifest.nodes['model.shop.dim_customers.v1'].columns)).toEqual(['customer_id', 'total_amount', 'order_count']);
  // The description is a doc block (models/marts/customers.md).
  expect(manifest.nodes['model.shop.dim_customers.v2'].description).toMatch(/^One row per customer, with what they spent\.\n\nVersion 2 drops `order_count`/);
  expect(manifest.macros['macro.shop.generate_schema_name']).toBeDefined();
  expect(manifest.nodes['model.shop.customer_spend'].depends_on.nodes).toEqual(['model.shop.dim_customers.v2']);
  expect(manifest.nodes['model.shop.customer_order_counts'].depends_on.nodes).toEqual(['model.shop.dim_customers.v1']);
  const results = Object.fromEntries(readJson(dir, 'target/run_results.json').results.map((r: any) => [r.unique_id, r.status]));
  // The ids are dbt 1.10's, hash suffix included (the same as `dbt parse` gives this project).
  for (const id of ['test.shop.unique_dim_customers_v2_customer_id.f52bb79f08', 'test.shop.unique_dim_customers_v1_customer_id.cea60a0517', 'test.shop.not_null_dim_customers_v1_order_count.fa7218eb0d']) expect(results[id]).toBe('pass');
  expect(Object.keys(results).filter((id) => id.startsWith('test.shop.not_null_dim_customers_v2_order_count'))).toEqual([]);
  return dir;
}

// stdout holds only the names (warnings go to stderr).
const ls = (dir: string, select: string) => weir(['ls', '-s', select, '--resource-type', 'model', '--output', 'name'], dir).stdout.split('\n').filter(Boolean);

describe('model versions on DuckDB', () => {
  it('build as dbt builds them: relations, refs, manifest, tests, the deprecation warning', async () => {
    const dir = await checkVersions(duckdbEngine());
    // Selection: the name picks every version; version: picks by place; name.vN picks one.
    expect(ls(dir, 'dim_customers')).toEqual(['dim_customers.v1', 'dim_customers.v2']);
    expect(ls(dir, 'version:latest')).toEqual(['dim_customers.v2']);
    expect(ls(dir, 'version:old')).toEqual(['dim_customers.v1']);
    expect(ls(dir, 'version:prerelease')).toEqual([]);
    expect(ls(dir, 'version:none')).not.toContain('dim_customers.v1');
    expect(ls(dir, 'version:none')).toContain('customer_spend');
    expect(ls(dir, 'dim_customers.v1+')).toEqual(['customer_order_counts', 'dim_customers.v1']);
    // selectors.yml: the finance group, and the latest version of dim_customers.
    const selector = weir(['ls', '--selector', 'finance_latest', '--resource-type', 'model', '--output', 'name'], dir);
    expect(selector.stdout.split('\n').filter(Boolean)).toEqual(['customer_orders', 'dim_customers.v2', 'stg_orders']);
  }, 120_000);

  it('a ref to a version that does not exist names the versions there are, with file and line', () => {
    const dir = copyShop();
    writeFileSync(join(dir, 'models/marts/customer_order_counts.sql'), "select customer_id\nfrom {{ ref('dim_customers', version=3) }}\n");
    const run = weir(['compile'], dir);
    expect(run.code).not.toBe(0);
    expect(run.output).toContain("models/marts/customer_order_counts.sql:2: ref('dim_customers', v=3): model 'dim_customers' has no version 3; its versions are 2, 1 (models/marts/_dim_customers.yml:18)");
    writeFileSync(join(dir, 'models/marts/customer_order_counts.sql'), "select customer_id from {{ ref('customer_orders', v=1) }}\n");
    expect(weir(['compile'], dir).output).toContain("models/marts/customer_order_counts.sql:1: ref('customer_orders', v=1) names a version, but model 'customer_orders' has no versions");
  }, 60_000);

  it('a version without its file, and a latest_version that is not a version, are errors with file and line', () => {
    const dir = copyShop();
    writeFileSync(join(dir, 'models/marts/_dim_customers.yml'), 'version: 2\nmodels:\n  - name: dim_customers\n    latest_version: 3\n    versions:\n      - v: 1\n        defined_in: dim_customers_legacy\n      - v: 2\n      - v: 4\n');
    const run = weir(['compile'], dir);
    expect(run.output).toContain("models/marts/_dim_customers.yml:4 (at latest_version): model 'dim_customers': latest_version 3 is not one of its versions (1, 2, 4)");
    writeFileSync(join(dir, 'models/marts/_dim_customers.yml'), 'version: 2\nmodels:\n  - name: dim_customers\n    versions:\n      - v: 1\n        defined_in: dim_customers_legacy\n      - v: 2\n      - v: 4\n');
    expect(weir(['compile'], dir).output).toContain('models/marts/_dim_customers.yml:8: version 4 of model \'dim_customers\' has no SQL file: no model file is named dim_customers_v4.sql');
  }, 60_000);
});

describePg('model versions on PostgreSQL', (url) => {
  const schema = freshSchema('weir_versions');
  afterAll(() => dropSchemas(schema));
  it('build as dbt builds them', async () => {
    await checkVersions(postgresEngine(url, schema));
  }, 120_000);
});
