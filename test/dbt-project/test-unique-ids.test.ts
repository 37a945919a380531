import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { makeProject, weir } from '../helpers/project.js';

/**
 * dbt 1.10's generic test unique_ids end in a hash (md5 of the name and test_metadata, last 10 hex
 * digits); singular tests have none. The ids below are those `dbt parse` (dbt-core 1.10.15) gives
 * this project: custom `name:`, tests on a source, on a versioned model, arguments of every kind.
 */
const PROJECT = {
  'dbt_project.yml': 'name: shop\nprofile: shop\nconfig-version: 2\n',
  'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: target/dev.duckdb\n',
  'seeds/raw_orders.csv': 'id,status\n1,placed\n2,shipped\n',
  'models/orders.sql': "select * from {{ ref('raw_orders') }}",
  'models/dim_v1.sql': "select 1 as id, 'a' as name",
  'models/dim_v2.sql': "select 1 as id, 'a' as name, 2 as extra",
  'tests/assert_no_negative.sql': "select * from {{ ref('orders') }} where id < 0",
  'macros/expr.sql': '{% test dbt_utils_like_expr(model, expression) %}\nselect * from {{ model }} where not ({{ expression }})\n{% endtest %}\n',
  'models/schema.yml': `version: 2
sources:
  - name: raw
    schema: main
    tables:
      - name: raw_orders
        columns:
          - name: id
            data_tests: [unique, not_null]
models:
  - name: orders
    data_tests:
      - dbt_utils_like_expr:
          name: my_custom_named
          expression: "id > 0"
    columns:
      - name: id
        data_tests:
          - unique
          - not_null:
              config:
                severity: warn
          - relationships:
              to: source('raw', 'raw_orders')
              field: id
      - name: status
        tests:
          - accepted_values:
              values: ['placed', 'shipped', 'completed']
              quote: true
          - not_null:
              name: status_present
              where: "id > 0"
  - name: dim
    latest_version: 2
    versions:
      - v: 1
      - v: 2
    columns:
      - name: id
        data_tests: [unique]
`,
};

const DBT_IDS = [
  'test.shop.accepted_values_orders_status__True__placed__shipped__completed.55c3efc4c9',
  'test.shop.assert_no_negative',
  'test.shop.my_custom_named.d94b3b4d3a',
  'test.shop.not_null_orders_id.84ef11d8fe',
  'test.shop.relationships_orders_id__id__source_raw_raw_orders_.9f8e8ffe94',
  'test.shop.source_not_null_raw_raw_orders_id.de303a4e50',
  'test.shop.source_unique_raw_raw_orders_id.0de38b1856',
  'test.shop.status_present.0d9f8db4dd',
  'test.shop.unique_dim_v1_id.2f98b9f679',
  'test.shop.unique_dim_v2_id.fb0fd31dac',
  'test.shop.unique_orders_id.1360ecc70e',
];

it("gives generic tests dbt's unique_ids in the manifest, run_results and ls, and still selects them by name", () => {
  const dir = makeProject(PROJECT);
  // The source is the seed's table: seeded first, as a dbt user would.
  expect(weir(['seed'], dir).code).toBe(0);
  const build = weir(['build'], dir);
  expect(build.code, build.output).toBe(0);
  const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8'));
  expect(Object.keys(manifest.nodes).filter((id) => id.startsWith('test.')).sort()).toEqual(DBT_IDS);
  expect(manifest.nodes['test.shop.unique_dim_v2_id.fb0fd31dac'].test_metadata).toEqual({
    name: 'unique', namespace: null, kwargs: { column_name: 'id', model: "{{ get_where_subquery(ref('dim', version='2')) }}" },
  });
  const results = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')).results.map((r: { unique_id: string }) => r.unique_id);
  expect(results.filter((id: string) => id.startsWith('test.')).sort()).toEqual(DBT_IDS);

  const ids = weir(['ls', '--resource-type', 'test', '--output', 'json', '--output-keys', 'unique_id'], dir);
  expect(ids.stdout.trim().split('\n').map((line) => JSON.parse(line).unique_id).sort()).toEqual(DBT_IDS);
  // By name (as dbt selects), by the full unique_id, and by the id weir gave before the suffix.
  for (const select of ['unique_orders_id', 'unique_id:test.shop.unique_orders_id.1360ecc70e', 'unique_id:test.shop.unique_orders_id']) {
    const ls = weir(['ls', '--select', select, '--output', 'json', '--output-keys', 'unique_id'], dir);
    expect(ls.stdout.trim(), select).toBe('{"unique_id": "test.shop.unique_orders_id.1360ecc70e"}');
  }
}, 120_000);

it('keeps a whole number written as a float (1.0) a float in test names, ids and SQL, as PyYAML does', () => {
  const dir = makeProject({
    ...PROJECT,
    'models/schema.yml': '',
    'models/nums.sql': 'select 1 as id, 1.0 as amount union all select 2, 2.5',
    'macros/at_least.sql': '{% test at_least(model, column_name, min_value) %}\nselect * from {{ model }} where {{ column_name }} < {{ min_value }}\n{% endtest %}\n',
    'models/nums.yml': `version: 2
models:
  - name: nums
    columns:
      - name: id
        data_tests:
          - accepted_values:
              values: [1.0, 2, 3.50]
              quote: false
      - name: amount
        data_tests:
          - at_least:
              min_value: 1.0
`,
  });
  const build = weir(['build', '-s', 'nums+'], dir);
  expect(build.code, build.output).toBe(0);
  const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8'));
  // dbt parse (1.10.15) of the same files.
  expect(Object.keys(manifest.nodes).filter((id) => id.startsWith('test.') && id.includes('nums')).sort()).toEqual([
    'test.shop.accepted_values_nums_id__False__1_0__2__3_5.fca2ff4dc7', 'test.shop.at_least_nums_amount__1_0.5fe86d6c8f',
  ]);
  // dbt's compiled SQL: `... not in (\n'1.0', ...` without quote; `where amount < 1.0`.
  const compiled = (file: string) => readFileSync(join(dir, 'target/compiled/shop/models/nums.yml', file), 'utf8');
  expect(compiled('accepted_values_nums_id__False__1_0__2__3_5.sql')).toContain('not in (1.0, 2, 3.5)');
  expect(compiled('at_least_nums_amount__1_0.sql')).toContain('where amount < 1.0');
}, 120_000);
