import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, weir } from '../helpers/project.js';
import { weirEvents } from '../helpers/log-events.js';
import { queryDuckDb } from '../helpers/duckdb.js';

const PROJECT = {
  'project.yml': 'name: shop\n',
  'seeds/raw_users.csv': 'id,email,status,age\n1,a@x.io,active,30\n2,,active,41\n3,c@x.io,gone,17\n3,d@x.io,active,25\n',
  'seeds/raw_orders.csv': 'id,user_id,amount\n10,1,5\n11,2,7\n12,9,1\n',
  'models/users.sql': "select * from {{ ref('raw_users') }}",
  'models/orders.sql': "select * from {{ ref('raw_orders') }}",
  'models/after_users.sql': "select count(*) as n from {{ ref('users') }}",
  'models/after_orders.sql': "select count(*) as n from {{ ref('orders') }}",
  'models/props.yml': [
    'models:',
    '  - name: users',
    '    data_tests:',
    '      - unique_combination_of_columns: {combination_of_columns: [id, email]}',
    '      - not_empty',
    '    columns:',
    '      - name: id',
    '        data_tests:',
    '          - unique',
    '      - name: email',
    '        data_tests:',
    '          - not_null: {config: {severity: warn}}',
    '      - name: status',
    '        data_tests:',
    "          - accepted_values: {values: ['active', 'gone']}",
    '      - name: age',
    '        data_tests:',
    '          - accepted_range: {min_value: 18, where: "status = \'active\'"}',
    "          - expression_is_true: {expression: '< 200', config: {tags: [sanity]}}",
    '  - name: orders',
    '    columns:',
    '      - name: user_id',
    '        data_tests:',
    "          - relationships: {to: ref('users'), field: id, config: {error_if: '>5', warn_if: '>0'}}",
    '',
  ].join('\n'),
  'tests/no_big_orders.sql': "select * from {{ ref('orders') }} where amount > 100",
};

describe('data tests', () => {
  it('runs generic and singular tests, judging severity and thresholds, with failing rows shown', () => {
    const dir = makeProject(PROJECT);
    expect(weir(['seed'], dir).code).toBe(0);
    expect(weir(['run'], dir).code).toBe(0);
    const run = weir(['test'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAIL 1 unique_users_id \.+ \[FAIL in/);
    expect(run.stdout).toMatch(/\| unique_field \| n_records \|\n.*\n.*\| 3 +\| 2 +\|/);
    expect(run.stdout).toMatch(/WARN 1 not_null_users_email/);
    expect(run.stdout).toMatch(/WARN 1 relationships_orders_user_id/);
    expect(run.stdout).toMatch(/PASS accepted_values_users_status__active__gone/);
    expect(run.stdout).toMatch(/PASS accepted_range_users_age__18/);
    expect(run.stdout).toMatch(/PASS no_big_orders/);
    expect(run.output).toContain('PASS=6 WARN=2 ERROR=1 SKIP=0 NO-OP=0 TOTAL=9');
    const results = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')).results;
    expect(results.find((r: { unique_id: string }) => r.unique_id === 'test.shop.unique_users_id.ec952d9777')).toMatchObject({ status: 'fail', failures: 1 });
  });

  it('stops downstream of a failing test in build, and only there', async () => {
    const dir = makeProject(PROJECT);
    const run = weir(['build', '--junit', join(dir, 'out/junit.xml')], dir);
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/SKIP model after_users: skipped because unique_users_id failed/);
    expect(await queryDuckDb(dir, 'select n from main.after_orders')).toEqual([{ n: 3n }]);
    const xml = readFileSync(join(dir, 'out/junit.xml'), 'utf8');
    expect(xml).toMatch(/<testsuites name="weir" tests="\d+" failures="1" errors="0" skipped="1"/);
    expect(xml).toContain('<testcase classname="test.shop" name="unique_users_id" file="models/props.yml"');
  });

  it("gates with a test on two models only what is built from both, as dbt's build does", async () => {
    const dir = makeProject({
      'project.yml': 'name: shop\n',
      'models/users.sql': 'select 1 as id',
      'models/orders.sql': 'select 1 as id, 1 as user_id',
      'models/after_users.sql': "select count(*) as n from {{ ref('users') }}",
      'models/joined.sql': "select * from {{ ref('users') }} join {{ ref('orders') }} using (id)",
      'models/after_joined.sql': "select * from {{ ref('joined') }}",
      // A singular test reading both models, as dbt-codegen's tests do: it fails.
      'tests/users_and_orders.sql': "select * from {{ ref('users') }} cross join {{ ref('orders') }}",
    });
    const run = weir(['build'], dir);
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/SKIP model joined: skipped because users_and_orders failed/);
    expect(run.output).toMatch(/SKIP model after_joined: skipped because users_and_orders failed/);
    expect(run.output).toContain('PASS=3 WARN=0 ERROR=1 SKIP=2 NO-OP=0 TOTAL=6');
    expect(await queryDuckDb(dir, 'select n from main.after_users')).toEqual([{ n: 1n }]);
  });

  it('passes with exit 0 when only warnings remain, and selects tests by model, tag and test_type', () => {
    const dir = makeProject(PROJECT);
    expect(weir(['seed'], dir).code).toBe(0);
    expect(weir(['run'], dir).code).toBe(0);
    const ls = (args: string[]) => weir(['ls', '--resource-type', 'test', '--output', 'name', ...args], dir).stdout.trim().split('\n').sort();
    expect(ls(['-s', 'tag:sanity'])).toEqual(['expression_is_true_users_age___200']);
    expect(ls(['-s', 'test_type:singular'])).toEqual(['no_big_orders']);
    const warnOnly = weir(['test', '-s', 'orders'], dir);
    expect(warnOnly.output).toContain('PASS=1 WARN=1 ERROR=0');
    expect(warnOnly.code).toBe(0);
  }, 90_000);
});

describe('bad data test declarations', () => {
  const base = { 'project.yml': 'name: x\n', 'models/m.sql': 'select 1 as id' };

  it('names model and column when the column does not exist', () => {
    const dir = makeProject({ ...base, 'models/p.yml': 'models:\n  - name: m\n    columns:\n      - name: idd\n        data_tests: [unique]\n' });
    const run = weir(['build'], dir);
    expect(run.code).toBe(1);
    expect(run.output).toContain("test 'unique_m_idd' is on column 'idd', which 'm' does not have");
    expect(run.output).toContain("did you mean 'id'?");
  });

  it('rejects an unknown test name with the closest names, a relationships test to a missing model, and a malformed threshold', () => {
    const dir = makeProject({
      ...base,
      'models/p.yml': [
        'models:',
        '  - name: m',
        '    columns:',
        '      - name: id',
        '        data_tests:',
        '          - uniqe',
        "          - relationships: {to: ref('userz'), field: id}",
        "          - not_null: {config: {error_if: 'more than 3'}}",
        '',
      ].join('\n'),
    });
    const run = weir(['compile'], dir);
    expect(run.code).toBe(2);
    expect(run.output).toContain("models/p.yml:6: unknown test 'uniqe' on model 'm', column 'id'");
    expect(run.output).toContain("did you mean 'unique'?");
    expect(run.output).toContain("models/p.yml:7: test 'relationships' on model 'm', column 'id' refers to ref('userz'), which is not a model, seed or source");
    expect(run.output).toContain("error_if 'more than 3' is not a threshold");
  });
});

describe('custom generic tests and stored failures', () => {
  it('runs a {% test %} block from macros/ with arguments, and stores failing rows in an audit table', async () => {
    const dir = makeProject({
      'project.yml': 'name: x\n',
      'macros/tests.sql': [
        '{% test is_even(model, column_name, allow=0) %}',
        'select {{ column_name }} from {{ model }} where {{ column_name }} % 2 <> 0 and {{ column_name }} <> {{ allow }}',
        '{% endtest %}',
      ].join('\n'),
      'models/nums.sql': 'select * from (values (1), (2), (3), (4)) as t(n)',
      'models/p.yml': 'models:\n  - name: nums\n    columns:\n      - name: n\n        data_tests:\n          - is_even: {allow: 3, config: {store_failures: true}}\n',
    });
    const run = weir(['build'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAIL 1 is_even_nums_3__n/);
    expect(await queryDuckDb(dir, 'select n from main_dbt_test__audit.is_even_nums_3__n')).toEqual([{ n: 1 }]);
  });

  it('--store-failures stores every failing test as dbt does, except a test whose config says store_failures: false', async () => {
    const dir = makeProject({
      'project.yml': 'name: x\n',
      'models/nums.sql': 'select * from (values (1), (1), (null)) as t(n)',
      'models/p.yml': 'models:\n  - name: nums\n    columns:\n      - name: n\n        data_tests:\n          - unique\n          - not_null: {config: {store_failures: false}}\n',
    });
    const plain = weir(['build'], dir);
    expect(plain.code).toBe(1);
    expect(await queryDuckDb(dir, "select count(*)::int as n from information_schema.tables where table_schema = 'main_dbt_test__audit'")).toEqual([{ n: 0 }]);
    const stored = weir(['test', '--store-failures'], dir);
    expect(stored.code).toBe(1);
    expect(await queryDuckDb(dir, 'select unique_field, n_records::int as n_records from main_dbt_test__audit.unique_nums_n')).toEqual([{ unique_field: 1, n_records: 2 }]);
    expect(await queryDuckDb(dir, "select table_name from information_schema.tables where table_schema = 'main_dbt_test__audit' order by 1")).toEqual([{ table_name: 'unique_nums_n' }]);
    // retry repeats the flag with the failures it re-runs.
    const args = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')).args;
    expect(args.store_failures).toBe(true);
  });
});

describe('machine-readable output of failing tests', () => {
  it('reports a failing accepted_values test (bigint counts) as FAIL in JSON logs, run_results.json and JUnit', () => {
    const dir = makeProject({
      'project.yml': 'name: x\n',
      'seeds/raw.csv': 'id,status\n1,active\n2,weird\n3,weird\n',
      'models/m.sql': "select * from {{ ref('raw') }}",
      'models/p.yml': "models:\n  - name: m\n    columns:\n      - name: status\n        data_tests:\n          - accepted_values: {values: ['active']}\n",
    });
    const run = weir(['build', '--log-format', 'json', '--junit', join(dir, 'junit.xml')], dir);
    expect(run.code).toBe(1);
    expect(run.output).not.toContain('BigInt');
    const events = weirEvents(run.stdout);
    const finish = events.find((e) => e.code === 'node_finish' && e.data.resourceType === 'test')!;
    expect(finish.data).toMatchObject({ status: 'fail', failures: 1, sample: { rows: [{ value_field: 'weird', n_records: 2 }] } });
    const results = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')).results;
    expect(results.find((r: { unique_id: string }) => r.unique_id.startsWith('test.'))).toMatchObject({ status: 'fail', failures: 1 });
    const xml = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(xml).toMatch(/failures="1" errors="0"/);
    expect(xml).not.toContain('BigInt');
  });
});
