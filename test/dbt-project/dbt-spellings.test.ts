import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeProject, weir } from '../helpers/project.js';
import { queryDuckDb } from '../helpers/duckdb.js';
import { dbtPgProfiles, describePg, dropSchemas, freshSchema, pgQuery } from '../helpers/postgres.js';

/**
 * A dbt project gets dbt's adapters' spellings of the cross-database macros and dbt's test results,
 * where weir's own projects get weir's. The figures are worked out by hand below; dbt-duckdb 1.10.0 and
 * dbt-postgres 1.9.1 build the same on these files.
 */
const FILES = {
  'dbt_project.yml': 'name: shop\nprofile: shop\n',
  'models/dates.sql': [
    'select',
    `  {{ dbt.date_trunc('month', "cast('2024-03-05' as date)") }} as month_start,`,
    `  {{ dbt.datediff("cast('2024-01-01' as date)", "cast('2024-03-05' as date)", 'week') }} / 2 as half_weeks,`,
    `  {{ dbt.dateadd('day', '1.6', "cast('2024-01-01' as timestamp)") }} as next_day,`,
    '  cast(0.1 as {{ dbt.type_float() }}) * 3 as float_sum,',
    "  'a' as label",
  ].join('\n'),
  'models/schema.yml': [
    'version: 2', 'models:', '  - name: dates', '    columns:',
    '      - name: month_start', '        data_tests:',
    '          - not_null:', '              config: {error_if: "<1"}',
    '          - unique:', '              config: {warn_if: ">5", error_if: ">5"}',
    '      - name: label', '        data_tests:',
    '          - accepted_values:', "              arguments: {values: ['b']}", '              config: {severity: warn}',
  ].join('\n'),
  'tests/no_rows_fail.sql': "{{ config(error_if='<1') }}\nselect 1 as x where 1 = 0",
};

// dbt's run_results: a passing test has no message and 0 failures; the others say what they got and why.
const RESULTS = [
  ['test.shop.accepted_values_dates_label__b.ac2940f4c2', 'warn', 'Got 1 result, configured to warn if != 0', 1],
  ['test.shop.no_rows_fail', 'fail', 'Got 0 results, configured to fail if <1', 0],
  ['test.shop.not_null_dates_month_start.2ae5671f26', 'fail', 'Got 0 results, configured to fail if <1', 0],
  ['test.shop.unique_dates_month_start.9e591513f1', 'pass', null, 0],
];

function checkResults(dir: string, output: string): void {
  const results = (JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: Array<Record<string, unknown>> }).results;
  const tests = results.filter((r) => String(r.unique_id).startsWith('test.')).map((r) => [r.unique_id, r.status, r.message, r.failures]);
  expect(tests.sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual(RESULTS);
  expect(output).toMatch(/FAIL 0 no_rows_fail/);
  expect(output).toMatch(/WARN 1 accepted_values_dates_label__b/);
  expect(output).toMatch(/PASS unique_dates_month_start/);
}

describe("a dbt project on DuckDB: dbt-duckdb's macros and dbt's test results", () => {
  it('builds what dbt-duckdb builds', async () => {
    const dir = makeProject({ ...FILES, 'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: target/dev.duckdb\n' });
    const run = weir(['build'], dir);
    expect(run.code).toBe(1);
    checkResults(dir, run.output);
    const [row] = await queryDuckDb(dir, 'select cast(month_start as varchar) as m, half_weeks, cast(next_day as varchar) as d, float_sum from dates');
    // 64 days from Monday 2024-01-01 to Tuesday 2024-03-05: 9 weeks (64 // 7, no boundary correction), / 2 is a double.
    // dbt-duckdb casts the interval to bigint: 1.6 days is 2. `float` is DuckDB's 32-bit float.
    expect(row).toEqual({ m: '2024-03-01 00:00:00', half_weeks: 4.5, d: '2024-01-03 00:00:00', float_sum: Math.fround(Math.fround(0.1) * 3) });
    const [type] = await queryDuckDb(dir, "select data_type from information_schema.columns where table_name = 'dates' and column_name = 'float_sum'");
    expect(type).toEqual({ data_type: 'FLOAT' });
  }, 60_000);
});

describePg("a dbt project on PostgreSQL: dbt-postgres's macros", (url) => {
  const schema = freshSchema('weir_spell');
  afterAll(() => dropSchemas(schema));
  it('builds what dbt-postgres builds', async () => {
    const dir = makeProject({ ...FILES, 'profiles.yml': dbtPgProfiles(url, schema) });
    const run = weir(['build'], dir);
    expect(run.code).toBe(1);
    checkResults(dir, run.output);
    const types = await pgQuery(`select column_name, data_type from information_schema.columns where table_schema = '${schema}' and table_name = 'dates' order by ordinal_position`, url);
    // date_trunc of a date is PostgreSQL's timestamptz; a day difference is an integer, so / 2 divides whole.
    expect(types.slice(0, 2).map((r) => `${r.column_name} ${r.data_type}`)).toEqual(['month_start timestamp with time zone', 'half_weeks integer']);
    const [row] = await pgQuery(`select half_weeks, cast(next_day as text) as d from "${schema}".dates`, url);
    // 1.6 days is 1 day 14.4 hours on PostgreSQL's interval.
    expect(row).toEqual({ half_weeks: 4, d: '2024-01-02 14:24:00' });
  }, 60_000);
});
