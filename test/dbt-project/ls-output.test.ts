import { expect, it } from 'vitest';
import { makeProject, weir } from '../helpers/project.js';

/** A dbt project 'shop' building into a local DuckDB file. */
const SHOP = {
  'dbt_project.yml': 'name: shop\nprofile: shop\n',
  'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: target/dev.duckdb\n',
};

/**
 * `weir ls` / `weir list` print the listed nodes alone on stdout, as dbt's list does with --quiet,
 * so `weir ls | xargs ...` reads names only; warnings and logs go to stderr.
 */
it('keeps warnings and logs off stdout, so stdout is the list alone', () => {
  const dir = makeProject({
    ...SHOP,
    // A warning at compile time (DuckDB has no indexes) and one for a selector matching nothing.
    'models/orders.sql': "{{ config(indexes=[{'columns': ['id']}]) }}\nselect 1 as id",
    'models/customers.sql': 'select 1 as id',
  });
  for (const command of ['ls', 'list']) {
    const listed = weir([command, '--select', 'orders', 'customers', 'no_such_model'], dir);
    expect(listed.code, listed.output).toBe(0);
    expect(listed.stdout).toBe('shop.customers\nshop.orders\n');
    expect(listed.stderr).toContain("models/orders.sql:1 (at config.indexes): the 'indexes' config is dbt-postgres's");
    expect(listed.stderr).toContain("'no_such_model' does not match any node");
  }
  const names = weir(['ls', '--output', 'name'], dir);
  expect(names.stdout).toBe('customers\norders\n');
  // A project error is on stderr too, and stdout stays empty.
  const broken = weir(['ls'], makeProject({ 'dbt_project.yml': 'name: shop\nprofile: shop\n', 'models/bad.sql': '{{ config(materialized=) }}' }));
  expect(broken.code).not.toBe(0);
  expect(broken.stdout).toBe('');
  expect(broken.stderr).toContain('models/bad.sql');
}, 60_000);

it("prints each node as dbt's list does: a source as package.source.table, exposures and unit tests by package and name", () => {
  const dir = makeProject({
    ...SHOP,
    'models/staging/sources.yml': 'version: 2\nsources:\n  - name: app\n    tables: [{name: customers}]\n',
    'models/staging/stg.sql': "select 1 as id from {{ source('app', 'customers') }}",
    'models/marts/props.yml': [
      'version: 2',
      'exposures:',
      '  - {name: board, type: dashboard, owner: {name: A}, depends_on: ["ref(\'stg\')"]}',
      'unit_tests:',
      '  - {name: one_row, model: stg, given: [{input: "source(\'app\', \'customers\')", rows: [{id: 1}]}], expect: {rows: [{id: 1}]}}',
      '',
    ].join('\n'),
  });
  const listed = weir(['ls', '--resource-type', 'all'], dir);
  expect(listed.code, listed.output).toBe(0);
  // What dbt-core 1.10's `dbt ls --resource-type all` prints for these files.
  expect(listed.stdout.split('\n').filter(Boolean).sort()).toEqual([
    'exposure:shop.board', 'shop.staging.stg', 'source:shop.app.customers', 'unit_test:shop.one_row',
  ]);
}, 60_000);

it('sorts by unique id as dbt (Python) does: by code point, so unique_a_id comes before unique_a_id_x', () => {
  const dir = makeProject({
    ...SHOP,
    'models/a.sql': 'select 1 as id, 2 as id_x',
    'models/Bee.sql': 'select 1 as id',
    'models/props.yml': 'version: 2\nmodels:\n  - name: a\n    columns:\n      - {name: id, data_tests: [unique]}\n      - {name: id_x, data_tests: [unique]}\n',
  });
  const listed = weir(['ls'], dir);
  expect(listed.code, listed.output).toBe(0);
  // test.shop.unique_a_id.<hash> < test.shop.unique_a_id_x.<hash> ('.' < '_'); model.shop.Bee < model.shop.a.
  expect(listed.stdout.split('\n').filter(Boolean)).toEqual(['shop.Bee', 'shop.a', 'shop.unique_a_id', 'shop.unique_a_id_x']);
}, 60_000);
