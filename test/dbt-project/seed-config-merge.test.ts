import { describe, expect, it } from 'vitest';
import { queryDuckDb } from '../helpers/duckdb.js';
import { makeProject, weir } from '../helpers/project.js';

/**
 * What Fivetran's package integration tests lean on, as dbt does it: `+column_types` merged key by key
 * from the folder down to the seed, agate's idea of a datetime, `quote_columns: false` with a column
 * named after a reserved word (dbt's create table fails), hooks of dbt_project.yml and config() both
 * run, and dbt's date_spine / current_timestamp_backcompat.
 */
const FILES = {
  'dbt_project.yml': [
    'name: shop', 'profile: shop',
    'seeds:', '  shop:', '    +quote_columns: false', '    +column_types: {code: varchar}',
    '    events:', '      +column_types: {id: bigint}',
    'models:', '  shop:', '    +materialized: table', '    +post-hook: "create or replace table hook_project as select 1 as x"',
  ].join('\n'),
  'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: target/dev.duckdb\n      threads: 1\n',
  // at_fraction: a fraction after a space (agate: text); at_plain: strptime's format; at_iso: ISO 8601
  // with a T; at_zone: a zone name (text); clock: a time of day (agate has no time type: text).
  'seeds/events.csv': [
    'id,code,at_fraction,at_plain,at_iso,at_zone,clock',
    '1,10,2023-11-20 18:20:24.000000,2023-11-20 18:20:24,2023-11-20T18:20:24.5,2023-11-20 18:20:24 UTC,18:20:24',
    '2,20,2023-11-21 08:00:00.000000,2023-11-21 08:00:00,2023-11-21T08:00:00,2023-11-21 08:00:00 UTC,08:00:00',
  ].join('\n') + '\n',
  'seeds/periods.csv': 'id,end\n1,2024-01-01\n',
  'models/spine.sql': [
    '{{ config(post_hook="create or replace table hook_model as select 2 as x") }}',
    "{{ dbt.date_spine('day', \"cast('2024-01-01' as date)\", \"cast('2024-01-10' as date)\") }}",
  ].join('\n'),
  'models/stamped.sql': 'select {{ dbt.current_timestamp_backcompat() }} as at, {{ dbt.current_timestamp_in_utc_backcompat() }} as at_utc',
};

describe('Fivetran-style seeds and macros in a dbt project on DuckDB', () => {
  it('type, fail, hook and spine as dbt does', async () => {
    const dir = makeProject(FILES);
    const run = weir(['build'], dir);
    // periods fails (its column `end` unquoted is a syntax error), the rest passes.
    expect(run.code).toBe(1);
    expect(run.output).toContain("column 'end' is a reserved word");
    expect(run.output).toMatch(/PASS=3 WARN=0 ERROR=1 SKIP=0/);
    const types = await queryDuckDb(dir, "select column_name as c, data_type as t from information_schema.columns where table_name = 'events' order by ordinal_position");
    expect(Object.fromEntries(types.map((r) => [r.c, r.t]))).toEqual({
      id: 'BIGINT', code: 'VARCHAR', at_fraction: 'VARCHAR', at_plain: 'TIMESTAMP', at_iso: 'TIMESTAMP', at_zone: 'VARCHAR', clock: 'VARCHAR',
    });
    // Both post-hooks ran: the folder's and the model's own.
    expect(await queryDuckDb(dir, 'select (select x from hook_project) as a, (select x from hook_model) as b')).toEqual([{ a: 1, b: 2 }]);
    // 2024-01-01 .. 2024-01-09: datediff counts 9 days, and the series starts at the first.
    const spine = await queryDuckDb(dir, 'select count(*)::int as n, min(date_day)::date::varchar as lo, max(date_day)::date::varchar as hi from spine');
    expect(spine).toEqual([{ n: 9, lo: '2024-01-01', hi: '2024-01-09' }]);
    const stamped = await queryDuckDb(dir, "select data_type as t from information_schema.columns where table_name = 'stamped' order by ordinal_position");
    expect(stamped.map((r) => r.t)).toEqual(['TIMESTAMP', 'TIMESTAMP']);
  }, 60_000);
});
