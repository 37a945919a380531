import { describe, expect, it } from 'vitest';
import { makeProject, weir } from '../helpers/project.js';
import { readJson } from './shop-fixture.js';

/**
 * Shapes public dbt projects use that weir once refused or got wrong: tests on and referring to an
 * ephemeral model, a column that is an expression, accepted_values from a var's list, a MetricFlow
 * time spine with column granularity and column config, a package seed the project disables and
 * replaces, and `weir test`, which (as `dbt test`) skips nothing when a test fails.
 */
const SHAPES = {
  'dbt_project.yml': [
    'name: shapes', 'config-version: 2', 'vars:', "  statuses: ['placed', 'shipped']",
    'seeds:', '  pkg:', '    countries:', '      +enabled: false', '',
  ].join('\n'),
  'seeds/countries.csv': 'code,name\nfr,France\nde,Germany\n',
  'dbt_packages/pkg/dbt_project.yml': 'name: pkg\nconfig-version: 2\n',
  'dbt_packages/pkg/seeds/countries.csv': 'code\nxx\n',
  'models/orders_eph.sql': "{{ config(materialized='ephemeral') }}\nselect 1 as id, 'Placed' as status union all select 2, 'shipped'",
  'models/orders.sql': "select * from {{ ref('orders_eph') }}",
  'models/metricflow_time_spine.sql': "select cast('2020-01-01' as date) as date_day",
  'models/schema.yml': [
    'version: 2', 'models:',
    '  - name: orders_eph', '    columns:', '      - name: id', '        data_tests: [unique, not_null]',
    '      - name: "lower(status)"', '        data_tests:', '          - accepted_values:', `              values: "{{ var('statuses') }}"`,
    '  - name: orders', '    columns:', '      - name: id', '        data_tests:', '          - relationships:', "              to: ref('orders_eph')", '              field: id',
    '  - name: metricflow_time_spine', '    time_spine:', '      standard_granularity_column: date_day', '    columns:',
    '      - name: date_day', '        granularity: day', '        config:', '          meta: {owner: ann}', '          tags: [spine]', '',
  ].join('\n'),
};

describe('shapes of public dbt projects', () => {
  it('build as dbt builds them', () => {
    // Test ids are dbt 1.10's, hash suffix included: `dbt parse` of this project gives the same four.
    const dir = makeProject(SHAPES);
    const run = weir(['build'], dir);
    expect(run.output).not.toMatch(/Error/);
    expect(run.code).toBe(0);
    const results = readJson(dir, 'target/run_results.json').results as Array<{ unique_id: string; status: string }>;
    const statuses = Object.fromEntries(results.map((r) => [r.unique_id, r.status]));
    expect(statuses).toEqual({
      'seed.shapes.countries': 'success',
      'model.shapes.orders': 'success',
      'model.shapes.metricflow_time_spine': 'success',
      'test.shapes.unique_orders_eph_id.ca0396b44b': 'pass',
      'test.shapes.not_null_orders_eph_id.1b1693025c': 'pass',
      'test.shapes.accepted_values_orders_eph_lower_status____var_statuses_.8472f04a70': 'pass',
      'test.shapes.relationships_orders_id__id__ref_orders_eph_.3fbc24f0e5': 'pass',
    });
    const manifest = readJson(dir, 'target/manifest.json');
    // dbt names the test after its arguments as written; PASS=7 here as in dbt-duckdb 1.10.
    // The project's seed replaces the package's, which the project disabled.
    expect(manifest.nodes['seed.shapes.countries'].original_file_path).toBe('seeds/countries.csv');
    expect(manifest.nodes['seed.pkg.countries']).toBeUndefined();
    const tested = manifest.nodes['test.shapes.not_null_orders_eph_id.1b1693025c'];
    expect(tested.compiled_code).toMatch(/__weir__cte__orders_eph as \(/);
    // dbt lists what the test's arguments ref before the tested model (checked with dbt 1.10.15).
    expect(manifest.nodes['test.shapes.relationships_orders_id__id__ref_orders_eph_.3fbc24f0e5'].depends_on.nodes).toEqual(['model.shapes.orders_eph', 'model.shapes.orders']);
    expect(manifest.nodes['model.shapes.metricflow_time_spine'].columns.date_day).toMatchObject({ meta: { owner: 'ann' }, tags: ['spine'], granularity: 'day' });
  }, 60_000);

  it('an accepted value outside a var\'s list fails the test; `weir test` runs every test and skips none, `weir build` skips what is downstream', () => {
    const dir = makeProject({
      ...SHAPES,
      'dbt_project.yml': SHAPES['dbt_project.yml'].replace("['placed', 'shipped']", "['placed']"),
      'models/later.sql': "select * from {{ ref('orders') }}",
      'models/later.yml': 'version: 2\nmodels:\n  - name: later\n    columns:\n      - name: id\n        data_tests: [not_null]\n',
    });
    const build = weir(['build'], dir);
    expect(build.code).toBe(1);
    const after = (file: string) => Object.fromEntries((readJson(dir, file).results as Array<{ unique_id: string; status: string }>).map((r) => [r.unique_id, r.status]));
    const built = after('target/run_results.json');
    expect(built['test.shapes.accepted_values_orders_eph_lower_status____var_statuses_.8472f04a70']).toBe('fail');
    expect(built['model.shapes.orders']).toBe('skipped');
    const test = weir(['test'], dir);
    expect(test.code).toBe(1);
    const tested = after('target/run_results.json');
    expect(tested['test.shapes.accepted_values_orders_eph_lower_status____var_statuses_.8472f04a70']).toBe('fail');
    expect(Object.values(tested)).not.toContain('skipped');
  }, 60_000);

  it("renders a var whose value holds Jinja when var() reads it, and a package's tests read the package's vars", () => {
    const dir = makeProject({
      'dbt_project.yml': 'name: shapes\nconfig-version: 2\n',
      'dbt_packages/pkg/dbt_project.yml': [
        'name: pkg', 'config-version: 2', 'vars:', `  batch: "{{ 5 if target.type == 'duckdb' else 7 }}"`, '  min_rows: 1', '',
      ].join('\n'),
      'dbt_packages/pkg/models/batches.sql': "{{ config(materialized='table', post_hook='select {{ 10 / (var(\"batch\") | int) }}') }}\nselect {{ var('batch') }} as b",
      'dbt_packages/pkg/macros/at_least.sql': '{% test at_least(model, n) %}select 1 from (select count(*) as c from {{ model }}) where c < {{ n }}{% endtest %}',
      'dbt_packages/pkg/models/schema.yml': "version: 2\nmodels:\n  - name: batches\n    data_tests:\n      - at_least:\n          n: \"{{ var('min_rows') }}\"\n",
    });
    const run = weir(['build'], dir);
    expect(run.code === 0 ? '' : run.output).toBe('');
    const statuses = (readJson(dir, 'target/run_results.json').results as Array<{ unique_id: string; status: string }>).map((r) => `${r.unique_id} ${r.status}`);
    expect(statuses).toEqual(['model.pkg.batches success', 'test.pkg.at_least_batches__var_min_rows_.8b15d25c20 pass']);
    expect(readJson(dir, 'target/manifest.json').nodes['model.pkg.batches'].compiled_code).toContain('select 5 as b');
  }, 60_000);

  it("takes another adapter's config in config() with a warning, and types columns with api.Column.translate_type, as dbt_artifacts does", () => {
    const dir = makeProject({
      'dbt_project.yml': 'name: shapes\nconfig-version: 2\n',
      // BigQuery's partition_by: dbt-duckdb and dbt-postgres take it and ignore it.
      'models/events.sql': "{{ config(materialized='table', partition_by={'field': 'day'}) }}\nselect cast(null as {{ api.Column.translate_type('string') }}) as s, '{{ api.Column.create('c', 'string').data_type }}' as t",
    });
    const run = weir(['build'], dir);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain("models/events.sql:1 (at config.partition_by): 'partition_by' is not a config weir knows; it is ignored");
    expect(readJson(dir, 'target/manifest.json').nodes['model.shapes.events'].compiled_code).toContain("select cast(null as TEXT) as s, 'TEXT' as t");
  }, 60_000);
});
