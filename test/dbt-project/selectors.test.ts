import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresAdapter } from '../../src/adapters/postgres/adapter.js';
import { createDuckDbAdapter } from '../../src/adapters/duckdb/adapter.js';
import type { Adapter } from '../../src/adapters/types.js';
import { describePg, dropSchemas, freshSchema } from '../helpers/postgres.js';
import { weir } from '../helpers/project.js';
import { copyJaffle, jafflePgEnv } from './fixture.js';

/**
 * selectors.yml and --selector, --indirect-selection, -m, and ls/parse as a dbt user types them,
 * on the jaffle fixture. The expected node lists are read off the fixture's refs by hand:
 * stg_* read the raw_* seeds; orders reads stg_orders and stg_payments; customers reads all three
 * stg_*; the relationships test on orders.customer_id reads orders and customers.
 */
const SELECTORS = `selectors:
  - name: staging_only
    description: the staging views (and, as dbt, their tests)
    definition:
      method: path
      value: models/staging
  - name: staging_and_children_but_orders
    definition:
      union:
        - method: tag
          value: staging
          children: true
          children_depth: 1
        - exclude:
            - method: fqn
              value: orders
  - name: customers_inputs
    definition:
      intersection:
        - method: fqn
          value: customers
          parents: true
          parents_depth: 1
          indirect_selection: empty
        - resource_type: model
  - name: reused
    definition:
      union:
        - method: selector
          value: staging_only
        - 'raw_orders'
  - name: nightly
    default: true
    definition: 'stg_orders+1'
`;

const ls = (dir: string, args: string[]) => {
  const run = weir(['ls', '--output', 'name', ...args], dir);
  expect(run.code, run.output).toBe(0);
  return run.stdout.trim().split('\n').filter(Boolean).sort();
};

const STAGING = ['stg_customers', 'stg_orders', 'stg_payments'];
const STAGING_TESTS = [
  'accepted_values_stg_orders_status__placed__shipped__completed__return_pending__returned',
  'accepted_values_stg_payments_payment_method__credit_card__coupon__bank_transfer__gift_card',
  'not_null_stg_customers_customer_id', 'not_null_stg_orders_order_id', 'not_null_stg_payments_payment_id',
  'unique_stg_customers_customer_id', 'unique_stg_orders_order_id', 'unique_stg_payments_payment_id',
  // The singular test reads stg_payments.
  'assert_payments_are_not_negative',
];
const ORDERS_TESTS = [
  'accepted_values_orders_status__placed__shipped__completed__return_pending__returned', 'not_null_orders_customer_id',
  'not_null_orders_order_id', 'relationships_orders_customer_id__customer_id__ref_customers_', 'unique_orders_order_id',
];
const sorted = (...lists: string[][]) => lists.flat().sort();

describe('selectors.yml and --selector (dbt yml selectors)', () => {
  const dir = copyJaffle({ 'selectors.yml': SELECTORS });

  it('selects by method/value, union with exclude, intersection, depth, selector reuse and CLI strings', () => {
    expect(ls(dir, ['--selector', 'staging_only'])).toEqual(sorted(STAGING, STAGING_TESTS));
    // tag:staging+1 is the staging models, their tests and the marts (with theirs); the exclude takes orders and its tests away.
    expect(ls(dir, ['--selector', 'staging_and_children_but_orders'])).toEqual(sorted(STAGING, STAGING_TESTS, ['customers', 'not_null_customers_customer_id', 'unique_customers_customer_id']));
    // customers and its direct parents, with indirect_selection: empty (no tests), models only.
    expect(ls(dir, ['--selector', 'customers_inputs'])).toEqual(sorted(STAGING, ['customers']));
    expect(ls(dir, ['--selector', 'reused', '--resource-type', 'model', 'seed'])).toEqual(sorted(STAGING, ['raw_orders']));
  });

  it('applies the default: true selector when no selection is given, and not when one is', () => {
    // stg_orders+1: stg_orders, its tests, orders and customers (and, eagerly, tests on orders and customers' relationship).
    expect(ls(dir, ['--resource-type', 'model'])).toEqual(['customers', 'orders', 'stg_orders']);
    expect(ls(dir, ['-s', 'raw_orders'])).toEqual(['raw_orders']);
    // -m is dbt's older --select.
    expect(ls(dir, ['-m', 'stg_payments', '--resource-type', 'model'])).toEqual(['stg_payments']);
  });

  it('says --select is ignored next to --selector, and names an unknown selector with the closest one', () => {
    const both = weir(['ls', '--selector', 'staging_only', '-s', 'orders', '--resource-type', 'model', '--output', 'name'], dir);
    expect(both.stdout.split('\n').filter(Boolean).sort()).toEqual(STAGING);
    expect(both.output).toContain('--select and --exclude are ignored');
    const unknown = weir(['ls', '--selector', 'staging_onyl'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.output).toContain("did you mean 'staging_only'?");
  });

  it('names the line of a mistake in selectors.yml, for every command (weir parse included)', () => {
    const bad = copyJaffle({ 'selectors.yml': 'selectors:\n  - name: a\n    definition:\n      union:\n        - method: tag\n          value: x\n        - method: colour\n          value: red\n' });
    const run = weir(['parse'], bad);
    expect(run.code).toBe(2);
    expect(run.output).toMatch(/selectors\.yml:7.*unknown method 'colour'/);
    const loop = copyJaffle({ 'selectors.yml': 'selectors:\n  - name: a\n    definition:\n      method: selector\n      value: b\n  - name: b\n    definition: {method: selector, value: a}\n' });
    expect(weir(['ls'], loop).output).toContain("selector 'a' refers to itself (a -> b -> a)");
    const twoDefaults = copyJaffle({ 'selectors.yml': 'selectors:\n  - {name: a, default: true, definition: x}\n  - {name: b, default: true, definition: y}\n' });
    expect(weir(['ls'], twoDefaults).output).toMatch(/selectors\.yml:3.*only one selector may have default: true/);
  });
});

describe('indirect selection, exclusion and ls as dbt', () => {
  const dir = copyJaffle();

  it('brings tests along eagerly, cautiously, buildably or not at all', () => {
    expect(ls(dir, ['-s', 'orders'])).toEqual(sorted(['orders'], ORDERS_TESTS));
    // The relationships test also reads customers, which cautious and buildable need selected (or built first).
    const withoutRelationships = ORDERS_TESTS.filter((t) => !t.startsWith('relationships'));
    expect(ls(dir, ['-s', 'orders', '--indirect-selection', 'cautious'])).toEqual(sorted(['orders'], withoutRelationships));
    expect(ls(dir, ['-s', 'orders', '--indirect-selection', 'buildable'])).toEqual(sorted(['orders'], withoutRelationships));
    expect(ls(dir, ['-s', 'orders', 'customers', '--indirect-selection', 'cautious', '--resource-type', 'test'])).toContain('relationships_orders_customer_id__customer_id__ref_customers_');
    expect(ls(dir, ['-s', 'orders', '--indirect-selection', 'empty'])).toEqual(['orders']);
  });

  it('leaves out the tests of an excluded model, as dbt does', () => {
    expect(ls(dir, ['-s', 'tag:staging', '--exclude', 'stg_orders'])).toEqual(sorted(['stg_customers', 'stg_payments'], STAGING_TESTS.filter((t) => !t.includes('stg_orders'))));
  });

  it('prints dbt-shaped JSON, --output-keys, selector and path outputs, and all/--exclude-resource-type', () => {
    const json = weir(['ls', '-s', 'stg_orders', '--resource-type', 'model', '--output', 'json'], dir);
    expect(JSON.parse(json.stdout.trim())).toMatchObject({
      name: 'stg_orders', resource_type: 'model', package_name: 'jaffle_shop', original_file_path: 'models/staging/stg_orders.sql',
      unique_id: 'model.jaffle_shop.stg_orders', alias: 'stg_orders', config: { materialized: 'view', tags: ['staging'] }, tags: ['staging'],
      depends_on: { nodes: ['seed.jaffle_shop.raw_orders'] },
    });
    const keys = weir(['ls', '-s', 'stg_orders', '--resource-type', 'model', '--output', 'json', '--output-keys', 'name', 'unique_id'], dir);
    expect(JSON.parse(keys.stdout.trim())).toEqual({ name: 'stg_orders', unique_id: 'model.jaffle_shop.stg_orders' });
    expect(weir(['ls', '-s', 'stg_orders', '--resource-type', 'model'], dir).stdout.trim()).toBe('jaffle_shop.staging.stg_orders');
    expect(weir(['ls', '-s', 'stg_orders', '--resource-type', 'model', '--output', 'path'], dir).stdout.trim()).toBe('models/staging/stg_orders.sql');
    expect(ls(dir, ['--resource-type', 'all', '--exclude-resource-type', 'test', 'seed'])).toEqual(['customers', 'orders', ...STAGING]);
    // list is ls.
    expect(weir(['list', '-s', 'raw_orders', '--output', 'name'], dir).stdout.trim()).toBe('raw_orders');
  });

  it('weir parse checks the project and writes the manifest without touching the database', () => {
    const fresh = copyJaffle();
    const run = weir(['parse'], fresh);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/Parsed 5 models, 3 seeds, 16 tests/);
    const manifest = JSON.parse(readFileSync(join(fresh, 'target/manifest.json'), 'utf8'));
    expect(Object.keys(manifest.nodes).filter((id) => id.startsWith('model.')).sort()).toEqual(['customers', 'orders', ...STAGING].map((m) => `model.jaffle_shop.${m}`));
    expect(existsSync(join(fresh, 'target/jaffle_shop.duckdb'))).toBe(false);
  });
});

async function relations(adapter: Adapter, schema: string): Promise<string[]> {
  try {
    const { rows } = await adapter.withSession((s) => s.query(`select table_name from information_schema.tables where table_schema = '${schema}' order by 1`));
    return rows.map((r) => String(r.table_name));
  } finally {
    await adapter.close();
  }
}

describe('build --selector on DuckDB', () => {
  it('builds exactly the selector\'s nodes and runs their tests', async () => {
    const dir = copyJaffle({ 'selectors.yml': SELECTORS });
    // The default selector (stg_orders+1) would apply to a bare seed too.
    expect(weir(['seed', '-s', 'resource_type:seed'], dir).code).toBe(0);
    const run = weir(['build', '--selector', 'staging_only'], dir);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/PASS=12 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=12/);
    const adapter = await createDuckDbAdapter({ type: 'duckdb', path: 'target/jaffle_shop.duckdb' }, { projectRoot: dir, threads: 1 });
    expect(await relations(adapter, 'main')).toEqual(['raw_customers', 'raw_orders', 'raw_payments', ...STAGING]);
  }, 60_000);
});

describePg('build --selector on PostgreSQL', (url) => {
  const schema = freshSchema('weir_sel');
  afterAll(() => dropSchemas(schema));

  it('builds the default selector when no selection is given', async () => {
    const dir = copyJaffle({ 'selectors.yml': SELECTORS });
    const env = jafflePgEnv(url, schema);
    const open = () => createPostgresAdapter({ type: 'postgres', url, schema }, { projectRoot: dir, threads: 1 });
    expect(weir(['seed', '-s', 'resource_type:seed'], dir, env).code).toBe(0);
    expect(weir(['run', '--selector', 'staging_only', '--exclude', 'stg_orders'], dir, env).code).toBe(0);
    expect((await relations(await open(), schema)).sort()).toEqual(['raw_customers', 'raw_orders', 'raw_payments', ...STAGING]);
    const run = weir(['run'], dir, env);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/TOTAL=3\b/);
    expect(await relations(await open(), schema)).toEqual(['customers', 'orders', 'raw_customers', 'raw_orders', 'raw_payments', ...STAGING]);
  }, 60_000);
});
