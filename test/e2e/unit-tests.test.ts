import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DUCKDB, POSTGRES, queryEngine, type EngineTarget, type TestEngine } from '../helpers/engines.js';
import { describePg } from '../helpers/postgres.js';
import { makeProject, weir, writeFiles } from '../helpers/project.js';

const BASE = {
  'project.yml': 'name: shop\nvars:\n  min_amount: 0\n',
  'seeds/raw_orders.csv': 'id,customer_id,amount,ordered_at\n1,10,5.5,2024-01-01\n2,11,7,2024-02-01\n',
  'models/stg_orders.sql': "select * from {{ ref('raw_orders') }}",
  'models/customers.sql': 'select 10 as id, \'ann\' as name',
  'models/order_totals.sql': [
    "{{ config(materialized='incremental', unique_key='customer_id') }}",
    'select o.customer_id, c.name, sum(o.amount) as total, count(*) as orders, max(o.ordered_at) as last_order',
    "from {{ ref('stg_orders') }} as o",
    "left join {{ ref('customers') }} as c on c.id = o.customer_id",
    "where o.amount > {{ var('min_amount') }}",
    '{% if is_incremental() %}',
    '  and o.ordered_at > (select max(last_order) from {{ this }})',
    '{% endif %}',
    'group by 1, 2',
  ].join('\n'),
  'models/after_totals.sql': "select * from {{ ref('order_totals') }}",
  'models/customers.yml': 'models:\n  - name: customers\n    columns:\n      - {name: id, data_type: integer}\n      - {name: name, data_type: varchar}\n',
};

const UNIT_TESTS = [
  'unit_tests:',
  '  - name: sums_per_customer',
  '    model: order_totals',
  '    config: {tags: [fast]}',
  '    given:',
  "      - input: ref('stg_orders')",
  '        rows:',
  "          - {id: 1, customer_id: 10, amount: 5.5, ordered_at: '2024-01-01'}",
  "          - {id: 2, customer_id: 10, amount: 4.5, ordered_at: '2024-01-03'}",
  "          - {id: 3, customer_id: 11, amount: 1, ordered_at: '2024-01-02'}",
  "      - input: ref('customers')",
  '        format: csv',
  '        rows: |',
  '          id,name',
  '          10,ann',
  '    expect:',
  '      rows:',
  "        - {customer_id: 10, name: ann, total: 10, last_order: '2024-01-03'}",
  "        - {customer_id: 11, name: null, total: 1, last_order: '2024-01-02'}",
  '  - name: only_new_rows_when_incremental',
  '    model: order_totals',
  '    overrides:',
  '      macros: {is_incremental: true}',
  '      vars: {min_amount: 2}',
  '    given:',
  "      - input: ref('stg_orders')",
  '        fixture: orders_fixture',
  "      - input: ref('customers')",
  '        rows: []',
  '      - input: this',
  "        rows: [{customer_id: 10, last_order: '2024-01-02'}]",
  '    expect:',
  '      format: csv',
  '      rows: |',
  '        customer_id,orders',
  '        10,1',
  '',
].join('\n');

const FIXTURE = 'id,customer_id,amount,ordered_at\n1,10,5.5,2024-01-01\n2,10,4.5,2024-01-03\n3,10,1,2024-01-04\n';

describe('unit tests', () => {
  it('runs dbt-style unit tests on an in-memory database, before the model, in build', () => {
    const dir = makeProject({ ...BASE, 'models/unit.yml': UNIT_TESTS, 'tests/fixtures/orders_fixture.csv': FIXTURE });
    const run = weir(['build'], dir);
    expect(run.output).toMatch(/PASS sums_per_customer/);
    expect(run.output).toMatch(/PASS only_new_rows_when_incremental/);
    expect(run.code).toBe(0);
    const order = run.stdout.split('\n').filter((l) => / START /.test(l)).map((l) => l.replace(/.* START /, '').replace(/ \.+.*/, ''));
    expect(order.indexOf('unit test sums_per_customer')).toBeLessThan(order.indexOf('incremental model "main"."order_totals"'));
    const results = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')).results;
    expect(results.find((r: { unique_id: string }) => r.unique_id === 'unit_test.shop.order_totals.sums_per_customer')).toMatchObject({ status: 'pass' });
    const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8'));
    expect(manifest.unit_tests['unit_test.shop.order_totals.sums_per_customer']).toMatchObject({ model: 'order_totals', resource_type: 'unit_test' });
    expect(existsSync(join(dir, 'target/compiled/shop/models/unit.yml/sums_per_customer.sql'))).toBe(true);
  });

  it('shows a diff of expected and actual rows, skips the model and its downstream, and reports in run_results and JUnit', () => {
    const dir = makeProject({ ...BASE, 'models/unit.yml': UNIT_TESTS.replace('total: 10, last_order', 'total: 11, last_order'), 'tests/fixtures/orders_fixture.csv': FIXTURE });
    const run = weir(['build', '--junit', join(dir, 'out.xml')], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FAIL 2 sums_per_customer');
    expect(run.stdout).toContain('actual differs from expected: 1 expected row not returned (-), 1 returned row not expected (+)');
    expect(run.stdout).toMatch(/\| customer_id \| name +\| total +\| last_order +\|\n.*\+ \| 10 +\| ann +\| 10\.0 +\| 2024-01-03 +\|\n.*- \| 10 +\| ann +\| 11\.0 +\| 2024-01-03 +\|\n.* \| 11 +\| null +\| 1\.0 +\| 2024-01-02 +\|/);
    expect(run.output).toContain('SKIP model order_totals: skipped because sums_per_customer failed');
    expect(run.output).toMatch(/SKIP model after_totals/);
    // As dbt's build: the model's unit tests run in turn, and those after a failure are skipped.
    expect(run.output).toContain('SKIP unit_test only_new_rows_when_incremental: skipped because sums_per_customer failed');
    expect(run.output).toContain("unit test 'sums_per_customer' of model 'order_totals' (models/unit.yml:2) failed:");
    const results = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')).results;
    expect(results.find((r: { unique_id: string }) => r.unique_id === 'unit_test.shop.order_totals.sums_per_customer')).toMatchObject({ status: 'fail', failures: 2 });
    const xml = readFileSync(join(dir, 'out.xml'), 'utf8');
    expect(xml).toContain('<testcase classname="unit_test.shop.order_totals" name="sums_per_customer" file="models/unit.yml"');
    expect(xml).toMatch(/<failure message="actual differs from expected: 1 expected row not returned \(-\), 1 returned row not expected \(\+\)" type="error">actual differs from expected: 1 expected row not returned/);
  });

  it('selects unit tests with their model, by test_type:unit and by tag, and runs them in weir test without a warehouse table', () => {
    const dir = makeProject({ ...BASE, 'models/unit.yml': UNIT_TESTS, 'tests/fixtures/orders_fixture.csv': FIXTURE });
    const ls = (args: string[]) => weir(['ls', '--output', 'name', ...args], dir).stdout.trim().split('\n').sort();
    expect(ls(['-s', 'test_type:unit'])).toEqual(['only_new_rows_when_incremental', 'sums_per_customer']);
    expect(ls(['-s', 'tag:fast'])).toEqual(['sums_per_customer']);
    expect(ls(['--resource-type', 'unit_test', '-s', 'order_totals'])).toEqual(['only_new_rows_when_incremental', 'sums_per_customer']);
    const run = weir(['test', '-s', 'order_totals', '--exclude', 'test_type:generic'], dir);
    expect(run.output).toContain('PASS=2 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=2');
    expect(run.code).toBe(0);
    expect(existsSync(join(dir, 'target/dev.duckdb.wal'))).toBe(false);
  }, 90_000);

  it('fails clearly when expect names a column the model does not output, or given rows a column a seed lacks', () => {
    const dir = makeProject({
      ...BASE,
      'models/unit.yml': [
        'unit_tests:',
        '  - name: wrong_expect',
        '    model: stg_orders',
        "    given: [{input: ref('raw_orders'), rows: [{id: 1}]}]",
        '    expect: {rows: [{idd: 1}]}',
        '  - name: wrong_given',
        '    model: stg_orders',
        "    given: [{input: ref('raw_orders'), rows: [{id: 1, amount_usd: 3}]}]",
        '    expect: {rows: [{id: 1}]}',
        '',
      ].join('\n'),
    });
    const run = weir(['test'], dir);
    expect(run.code).toBe(1);
    expect(run.output).toContain("unit test 'wrong_expect' (models/unit.yml:2) expects column 'idd', which model 'stg_orders' does not output");
    expect(run.output).toContain("did you mean 'id'?");
    expect(run.output).toContain("the rows given for ref('raw_orders') have column 'amount_usd', which ref('raw_orders') does not have");
  });

  it('rejects at compile time a unit test for a missing model, a given the model does not read, and a missing given', () => {
    const dir = makeProject({
      ...BASE,
      'models/unit.yml': [
        'unit_tests:',
        '  - name: no_model',
        '    model: order_total',
        '    given: []',
        '    expect: {rows: []}',
        '  - name: extra_and_missing',
        '    model: order_totals',
        '    given:',
        "      - input: ref('raw_orders')",
        '        rows: []',
        '    expect: {rows: []}',
        '',
      ].join('\n'),
    });
    const run = weir(['compile'], dir);
    expect(run.code).toBe(2);
    expect(run.output).toContain("models/unit.yml:3: unit test 'no_model': model 'order_total' does not exist");
    expect(run.output).toContain("did you mean 'order_totals'?");
    expect(run.output).toContain("models/unit.yml:9: unit test 'extra_and_missing': given input ref('raw_orders') is not read by model 'order_totals'");
    expect(run.output).toContain("the model reads: ref('stg_orders'), ref('customers')");
    expect(run.output).toContain("unit test 'extra_and_missing': model 'order_totals' reads ref('stg_orders'), ref('customers'), but no rows are given for them");
  });

  it('asks for the rows of {{ this }} when is_incremental is overridden', () => {
    const dir = makeProject({
      ...BASE,
      'models/unit.yml': [
        'unit_tests:',
        '  - name: incr',
        '    model: order_totals',
        '    overrides: {macros: {is_incremental: true}}',
        "    given: [{input: ref('stg_orders'), rows: []}, {input: ref('customers'), rows: []}]",
        '    expect: {rows: []}',
        '',
      ].join('\n'),
    });
    writeFiles(dir, {});
    const run = weir(['compile'], dir);
    expect(run.code).toBe(2);
    expect(run.output).toContain("model 'order_totals' reads {{ this }} (its incremental branch), but no rows are given for it");
  });
});

function catalogColumns(engine: TestEngine) {
  let target: EngineTarget;
  beforeEach(async () => {
    target = await engine.prepare();
  });
  afterEach(async () => {
    await target.cleanup();
  });

  it('takes the columns and types of an upstream that exists in the warehouse from its catalog, and writes nothing there', async () => {
    const dir = makeProject({ ...BASE, 'project.yml': `name: shop\nvars:\n  min_amount: 0\n${target.targetsYaml}` });
    expect(weir(['build'], dir).code).toBe(0);
    writeFiles(dir, {
      'models/unit.yml': [
        'unit_tests:',
        '  - name: passes_rows_through',
        '    model: after_totals',
        "    given: [{input: ref('order_totals'), rows: [{customer_id: 1}, {customer_id: 2, last_order: '2024-05-01'}]}]",
        "    expect: {rows: [{customer_id: 1, total: null, last_order: null}, {customer_id: 2, total: null, last_order: '2024-05-01'}]}",
        '',
      ].join('\n'),
    });
    const tables = () => queryEngine(target, dir, `select table_schema, table_name from information_schema.tables where table_schema like 'weir_unit%' or (table_schema = '${target.schema}' and table_name like '%weir%')`);
    const run = weir(['test', '-s', 'test_type:unit'], dir);
    expect(run.output).toContain('PASS passes_rows_through');
    expect(run.code).toBe(0);
    expect(await tables()).toEqual([]);
  }, 90_000);

  it("gives the target engine's verdict, as dbt runs unit tests on the warehouse", async () => {
    const dir = makeProject({
      'project.yml': `name: shop\n${target.targetsYaml}`,
      'models/halves.sql': "select n, n / 2 as half from {{ ref('numbers') }}",
      'models/numbers.sql': 'select 7 as n',
      // PostgreSQL divides integers whole (7 / 2 = 3); DuckDB's / gives 3.5. Each unit test expects its engine's.
      'models/unit.yml': [
        'unit_tests:',
        ...['3', '3.5'].map((half) => [
          `  - name: half_is_${half.replace('.', '_')}`,
          '    model: halves',
          "    given: [{input: ref('numbers'), rows: [{n: 7}]}]",
          `    expect: {rows: [{n: 7, half: ${half}}]}`,
        ].join('\n')),
        '',
      ].join('\n'),
    });
    const run = weir(['test', '-s', 'test_type:unit'], dir);
    const [passes, fails] = engine.name === 'postgres' ? ['half_is_3', 'half_is_3_5'] : ['half_is_3_5', 'half_is_3'];
    expect(run.stdout).toContain(`PASS ${passes}`);
    // DuckDB returns 3.5 where 3 is expected; PostgreSQL cannot take 3.5 as the integer column's value.
    expect(run.stdout).toMatch(new RegExp(`(FAIL 2|ERROR unit test) ${fails} `));
    expect(run.code).toBe(1);
  }, 90_000);
}

describe('unit tests on a duckdb target', () => catalogColumns(DUCKDB));
describePg('unit tests on a postgres target', () => catalogColumns(POSTGRES));
