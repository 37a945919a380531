import { describe, expect, it } from 'vitest';
import { makeProject, weir } from '../helpers/project.js';
import { makePackage } from './helpers.js';

/**
 * dbt-audit-helper's unit tests: `overrides: macros:` naming a package's macro
 * (`audit_helper._get_comparison_bounds`) reaches the package's own calls to it, and a unit test of a
 * model that raises only when executing fails only if it runs (dbt renders unit tests then).
 */
describe('unit tests of models built on package macros', () => {
  it("override a package's macro where the package calls it, and defer a model's execute-time error to its run", () => {
    const kit = makePackage('kit', {
      'macros/m.sql': [
        "{% macro bounds() %}{{ return({'lo': 1}) }}{% endmacro %}",
        '{% macro window_of(q) %}select * from ({{ q }}) w where x >= {{ kit.bounds()["lo"] }}{% endmacro %}',
        "{% macro only_on_snowflake() %}{% if execute and target.type != 'snowflake' %}{{ exceptions.raise_compiler_error('not implemented for ' ~ target.type) }}{% endif %}select 1 as x{% endmacro %}",
      ].join('\n'),
    });
    const project = makeProject({
      'dbt_project.yml': 'name: shop\nprofile: shop\n',
      'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: target/shop.duckdb\n',
      'packages.yml': `packages:\n  - local: ${kit}\n`,
      'models/src.sql': 'select 1 as x union all select 2 union all select 3',
      'models/windowed.sql': "{{ kit.window_of('select * from ' ~ ref('src')) }}",
      'models/snowflake_only.sql': "{{ config(tags=['skip']) }}{{ kit.only_on_snowflake() }}",
      'models/u.yml': [
        'unit_tests:',
        '  - name: bounds_overridden',
        '    model: windowed',
        "    given: [{input: ref('src'), rows: [{x: 1}, {x: 2}, {x: 3}]}]",
        '    overrides: {macros: {kit.bounds: {lo: 3}}}',
        '    expect: {rows: [{x: 3}]}',
        // expect: rows: [] means no rows (every column the model outputs is compared).
        '  - name: nothing_below_the_bounds',
        '    model: windowed',
        "    given: [{input: ref('src'), rows: [{x: 0}]}]",
        '    expect: {rows: []}',
        '  - name: something_below_the_bounds_fails',
        '    model: windowed',
        "    given: [{input: ref('src'), rows: [{x: 5}]}]",
        "    config: {tags: ['skip']}",
        '    expect: {rows: []}',
        '  - name: snowflake_case',
        '    model: snowflake_only',
        '    given: []',
        '    expect: {rows: [{x: 1}]}',
        '',
      ].join('\n'),
    });
    expect(weir(['deps'], project).code).toBe(0);
    const excluded = weir(['build', '--exclude', 'tag:skip+'], project);
    expect(excluded.code, excluded.output).toBe(0);
    expect(excluded.output).toMatch(/PASS 1? ?bounds_overridden|PASS.*bounds_overridden/);
    expect(excluded.output).toMatch(/PASS.*nothing_below_the_bounds/);
    const all = weir(['build'], project);
    expect(all.code).toBe(1);
    expect(all.output).toMatch(/FAIL.*something_below_the_bounds_fails/);
    expect(all.output).toContain('not implemented for duckdb');
  }, 60_000);
});
