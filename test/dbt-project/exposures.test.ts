import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { schemaErrors } from '../helpers/dbt-schemas.js';
import { describePg, dropSchemas, freshSchema } from '../helpers/postgres.js';
import { makeProject, weir } from '../helpers/project.js';
import { copyShop, duckdbEngine, postgresEngine, readJson, type Engine } from './shop-fixture.js';

/**
 * Exposures (test/dbt-project/shop/models/marts/_exposures.yml, written as dbt's docs write them):
 * in the manifest as dbt's schema has them, in the docs site's lineage, and selectable with
 * exposure:name and +exposure:name; never run.
 */
function builtBy(dir: string): string[] {
  return readJson(dir, 'target/run_results.json').results.map((r: { unique_id: string }) => r.unique_id).sort();
}

function checkSelection(engine: Engine) {
  const dir = copyShop();
  const run = engine.build(dir, ['build', '-s', '+exposure:weekly_revenue']);
  expect(run.code, run.output).toBe(0);
  // Everything upstream of the dashboard and the tests on it, and the exposure itself (dbt 1.10's NO-OP); nothing else.
  expect(builtBy(dir)).toEqual([
    'exposure.shop.weekly_revenue', 'model.shop.customer_orders', 'model.shop.stg_orders', 'seed.shop.raw_orders',
    'test.shop.accepted_values_stg_orders_status__placed__shipped__completed__returned.7511f2d274', 'test.shop.assert_amount_not_negative',
    'test.shop.not_null_customer_orders_customer_id.582e6bcaa0', 'test.shop.not_null_stg_orders_order_id.81cfe2fe64',
    'test.shop.unique_customer_orders_customer_id.0e9f6da4ce', 'test.shop.unique_stg_orders_order_id.e3b841c71a',
  ]);
  return dir;
}

describe('exposures on DuckDB', () => {
  it('reach the manifest in dbt\'s shape, with the edges to what they read', () => {
    const dir = copyShop();
    expect(weir(['build'], dir).code).toBe(0);
    const manifest = readJson(dir, 'target/manifest.json');
    expect(schemaErrors('manifest.json', manifest)).toEqual([]);
    expect(Object.keys(manifest.exposures).sort()).toEqual(['exposure.shop.order_audit', 'exposure.shop.weekly_revenue']);
    expect(manifest.exposures['exposure.shop.weekly_revenue']).toMatchObject({
      resource_type: 'exposure', type: 'dashboard', label: 'Weekly revenue', maturity: 'high', url: 'https://bi.example.com/dashboards/12',
      owner: { name: 'Finance analytics', email: 'finance@example.com' }, fqn: ['shop', 'marts', 'weekly_revenue'],
      original_file_path: 'models/marts/_exposures.yml', depends_on: { nodes: ['model.shop.customer_orders'] },
      refs: [{ name: 'customer_orders', package: null, version: null }],
    });
    expect(manifest.exposures['exposure.shop.order_audit']).toMatchObject({
      depends_on: { nodes: ['model.shop.stg_orders', 'source.shop.app.payments'] }, sources: [['app', 'payments']],
    });
    expect(manifest.nodes['exposure.shop.weekly_revenue']).toBeUndefined();
    expect(manifest.parent_map['exposure.shop.order_audit']).toEqual(['model.shop.stg_orders', 'source.shop.app.payments']);
    expect(manifest.child_map['source.shop.app.payments']).toEqual(['exposure.shop.order_audit']);
    // Never run: as in dbt 1.10, build lists each exposure as a NO-OP result.
    const results = readJson(dir, 'target/run_results.json').results.filter((r: { unique_id: string }) => r.unique_id.startsWith('exposure.'));
    expect(results.map((r: { status: string; message: string; compiled: unknown }) => [r.status, r.message, r.compiled])).toEqual([['no-op', 'NO-OP', null], ['no-op', 'NO-OP', null]]);
  }, 60_000);

  it('are drawn in the docs site with their parents; a node with docs: {show: false} is not', () => {
    const dir = copyShop();
    expect(weir(['docs', 'generate', '--empty-catalog'], dir).code).toBe(0);
    const context: { window: { WEIR_DOCS?: { nodes: Array<Record<string, any>> } } } = { window: {} };
    runInNewContext(readFileSync(join(dir, 'target/docs/weir-docs-data.js'), 'utf8'), context);
    const node = context.window.WEIR_DOCS!.nodes.find((n) => n.id === 'exposure.shop.weekly_revenue')!;
    expect(node).toMatchObject({ type: 'exposure', name: 'weekly_revenue', description: 'Revenue per customer, reviewed every Monday.', parents: ['model.shop.customer_orders'] });
    const model = context.window.WEIR_DOCS!.nodes.find((n) => n.id === 'model.shop.customer_orders')!;
    expect(model.children).toContain('exposure.shop.weekly_revenue');
    // The seed says docs: {show: false}: it is in the manifest, not on the site.
    expect(readJson(dir, 'target/manifest.json').nodes['seed.shop.raw_orders'].docs).toEqual({ show: false, node_color: null });
    expect(context.window.WEIR_DOCS!.nodes.map((n) => n.id)).not.toContain('seed.shop.raw_orders');
    expect(context.window.WEIR_DOCS!.nodes.find((n) => n.id === 'model.shop.stg_orders')!.parents).toEqual([]);
  }, 60_000);

  it('+exposure:name builds what feeds it; exposure:name alone runs no SQL: a NO-OP, as in dbt 1.10', () => {
    const dir = checkSelection(duckdbEngine());
    const alone = weir(['build', '-s', 'exposure:weekly_revenue'], dir);
    expect(alone.output).not.toMatch(/START/);
    expect(alone.output).toMatch(/1 of 1 NO-OP exposure weekly_revenue \.+ \[NO-OP in 0\.00s\]/);
    expect(alone.output).toContain('PASS=0 WARN=0 ERROR=0 SKIP=0 NO-OP=1 TOTAL=1');
  }, 60_000);

  it('a depends_on naming no model is an error with file, line and the closest name', () => {
    const dir = copyShop();
    const file = join(dir, 'models/marts/_exposures.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace("ref('customer_orders')", "ref('customer_order')"));
    const run = weir(['compile'], dir);
    expect(run.code).not.toBe(0);
    expect(run.output).toContain("Exposure 'exposure.shop.weekly_revenue' (models/marts/_exposures.yml) depends on a node named 'customer_order' which was not found");
    expect(run.output).toMatch(/models\/marts\/_exposures\.yml:11/);
    expect(run.output).toMatch(/customer_orders/);
  }, 60_000);

  it("dbt_project.yml's exposures: tree sets enabled, meta and tags, as dbt parse does", () => {
    const dir = makeProject({
      'dbt_project.yml': [
        'name: shop', 'exposures:', '  shop:', '    +meta: {team: data}', '    +tags: [tree_tag]',
        '    marts:', '      +tags: [marts_tag]', '      off_one:', '        +enabled: false',
      ].join('\n'),
      'models/marts/orders.sql': 'select 1 as id',
      'models/marts/exposures.yml': [
        'version: 2', 'exposures:',
        '  - {name: dash, type: dashboard, owner: {name: a}, depends_on: ["ref(\'orders\')"], tags: [own_tag], meta: {own: 1}}',
        '  - {name: off_one, type: dashboard, owner: {name: a}, depends_on: ["ref(\'orders\')"]}',
      ].join('\n'),
    });
    const run = weir(['parse'], dir);
    expect(run.code, run.output).toBe(0);
    expect(run.output).not.toContain('does not apply');
    const { exposures } = readJson(dir, 'target/manifest.json');
    expect(Object.keys(exposures)).toEqual(['exposure.shop.dash']);
    // dbt-core 1.10 on these files: an exposure's tree tags are the deepest folder's (not added up as a model's), then its own.
    expect(exposures['exposure.shop.dash']).toMatchObject({ tags: ['marts_tag', 'own_tag'], meta: { team: 'data', own: 1 }, config: { enabled: true, tags: ['marts_tag', 'own_tag'] } });
  }, 60_000);
});

describePg('exposures on PostgreSQL', (url) => {
  const schema = freshSchema('weir_expo');
  afterAll(() => dropSchemas(schema));

  it('+exposure:name builds what feeds it', () => {
    const dir = checkSelection(postgresEngine(url, schema));
    expect(schemaErrors('manifest.json', readJson(dir, 'target/manifest.json'))).toEqual([]);
  }, 60_000);
});
