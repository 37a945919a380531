import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, weir } from '../helpers/project.js';
import { makePackage } from './helpers.js';

// Compile-time date helpers of the shape date packages (dbt-date) have: keyword datetimes with a
// pytz zone, ISO text parsed and localized, comparisons with run_started_at.
const CAL_MACROS = [
  "{% macro at(y, m, d, h=0, tz='UTC') %}{{ return(modules.datetime.datetime(year=y, month=m, day=d, hour=h, tzinfo=modules.pytz.timezone(tz))) }}{% endmacro %}",
  "{% macro parse(text, tz='UTC') %}{% set p = modules.datetime.datetime.fromisoformat(text | replace('Z', '+00:00')) %}",
  '{{ return(modules.pytz.timezone(tz).localize(p) if p.tzinfo is none else p) }}{% endmacro %}',
  '{% macro started_before(text) %}{{ return(run_started_at < cal.parse(text)) }}{% endmacro %}',
  "{% macro yesterday(col) %}cast({{ col }} - interval 1 day as date){% endmacro %}",
].join('\n');

describe('a date package\'s compile-time datetimes', () => {
  it('builds models and tests that use aware datetimes, pytz zones and run_started_at as dbt gives them', () => {
    const cal = makePackage('cal', { 'macros/cal.sql': CAL_MACROS });
    const project = makeProject({
      'dbt_project.yml': 'name: shop\n',
      'packages.yml': `packages:\n  - local: ${cal}\n`,
      'models/stamps.sql': [
        "{{ config(enabled=cal.started_before('9999-12-31T00:00:00')) }}",
        'select',
        // pytz attaches a zone's first offset (local mean time, -07:53 for Los Angeles) to datetime(tzinfo=...).
        "  '{{ cal.at(1997, 9, 29, 6, tz='America/Los_Angeles') }}' as lmt_text,",
        "  '{{ cal.parse('2026-08-15T12:00:00Z').astimezone(modules.pytz.timezone('Europe/Amsterdam')) }}' as amsterdam,",
        "  {{ (cal.parse('2026-08-15T12:00:00Z') - cal.parse('2026-08-15 08:00:00', 'America/New_York')).total_seconds() }} as diff_seconds,",
        "  '{{ run_started_at.tzinfo }}' as started_tz,",
        "  '{{ run_started_at }}' as started,",
        "  cast('2024-03-02' as date) as d",
      ].join('\n'),
      'models/never.sql': "{{ config(enabled=cal.started_before('2000-01-01')) }}select 1 as x",
      // The project's own expression_is_true wins over weir's built-in one, and its argument calls a package macro.
      'macros/expression_is_true.sql': '{% test expression_is_true(model, expression) %}select * from {{ model }} where not ({{ expression }}){% endtest %}',
      'models/schema.yml': [
        'version: 2', 'models:', '  - name: stamps', '    data_tests:',
        "      - expression_is_true: {arguments: {expression: \"lmt_text = '1997-09-29 06:00:00-07:53'\"}}",
        "      - expression_is_true: {arguments: {expression: \"amsterdam = '2026-08-15 14:00:00+02:00'\"}}",
        '      - expression_is_true: {arguments: {expression: "diff_seconds = 0"}}',
        "      - expression_is_true: {arguments: {expression: \"started_tz = 'UTC'\"}}",
        "      - expression_is_true: {arguments: {expression: \"{{ cal.yesterday('d') }} = date '2024-03-01'\"}}",
      ].join('\n'),
    });
    expect(weir(['deps'], project).code).toBe(0);
    const built = weir(['build'], project);
    expect(built.output).toContain('PASS=6 WARN=0 ERROR=0');
    expect(built.code).toBe(0);
    // dbt's run_started_at prints as str(datetime) with microseconds and the UTC offset.
    const compiled = readFileSync(join(project, 'target', 'compiled', 'shop', 'models', 'stamps.sql'), 'utf8');
    expect(compiled).toMatch(/'\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}\+00:00' as started/);
  });

  it('names the template when a naive and an aware datetime are compared, as Python refuses to', () => {
    const project = makeProject({
      'dbt_project.yml': 'name: shop\n',
      'models/bad.sql': "select {{ run_started_at < modules.datetime.datetime(2020, 1, 1) }} as x",
    });
    const built = weir(['build'], project);
    expect(built.code).not.toBe(0);
    expect(built.output).toMatch(/models\/bad\.sql.*can't compare offset-naive and offset-aware datetimes/s);
  });
});
