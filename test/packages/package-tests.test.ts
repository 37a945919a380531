import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, weir } from '../helpers/project.js';
import { makePackage } from './helpers.js';

// What dbt_utils' generic tests lean on, in a package of their shape.
const PACKAGE_TESTS = [
  // dbt passes `model` as a Relation, a Mapping: dbt_utils checks it so (_is_relation).
  '{% macro _is_relation(obj) %}{% if not (obj is mapping and obj.get("metadata", {}).get("type", "").endswith("Relation")) %}',
  '{% do exceptions.raise_compiler_error("expected a Relation, got " ~ obj) %}{% endif %}{% endmacro %}',
  '{% test same_rows(model, compare_model, group_by_columns=[]) %}',
  '  {{ kit._is_relation(model) }}{{ kit._is_relation(compare_model) }}',
  // The sum of per-side differences is the failure count (dbt's fail_calc), 0 rows or not.
  "  {{ config(fail_calc='sum(diff)') }}",
  '  {% if group_by_columns | length > 0 %}{% set gb = group_by_columns | join(", ") ~ ", " %}{% endif %}',
  // Asks the warehouse: rendered at parse with execute false, again when the test runs.
  '  {% set cols = adapter.get_columns_in_relation(model) | map(attribute="name") | join(", ") %}',
  '  select {{ gb }}abs((select count(*) from (select {{ cols }} from {{ model }}) a) - (select count(*) from {{ compare_model }})) as diff',
  '{% endtest %}',
].join('\n');

describe('package generic tests as dbt runs them', () => {
  it('passes model and ref() arguments as Relations, applies the test\'s config(fail_calc), renders warehouse questions at run time, reads tests/generic', () => {
    const kit = makePackage('kit', { 'macros/tests.sql': PACKAGE_TESTS });
    const project = makeProject({
      'dbt_project.yml': 'name: shop\n',
      'packages.yml': `packages:\n  - local: ${kit}\n`,
      'models/a.sql': 'select 1 as id union all select 2',
      'models/b.sql': 'select 1 as id union all select 2',
      'models/c.sql': 'select 1 as id',
      // dbt reads {% test %} blocks under tests/generic/ as macros, not as singular tests.
      'tests/generic/has_rows.sql': '{% test has_rows(model) %}select 1 from (select count(*) as n from {{ model }}) t where n = 0{% endtest %}',
      'models/schema.yml': [
        'version: 2', 'models:',
        '  - name: a', '    data_tests:',
        "      - kit.same_rows: {compare_model: ref('b')}",
        "      - kit.same_rows: {compare_model: \"ref('c')\", config: {severity: warn}}",
        '      - has_rows',
      ].join('\n'),
    });
    expect(weir(['deps'], project).code).toBe(0);
    const built = weir(['build'], project);
    expect(built.output).toContain('PASS=5 WARN=1 ERROR=0');
    expect(built.code).toBe(0);
    // The warning counts the summed difference (1), not the one row the query returns.
    expect(built.output).toMatch(/WARN 1 kit_same_rows_a_ref_c_/);
  });

  it('prints a name the template sets on another path as empty, as Jinja2 does, and a name set nowhere stays an error', () => {
    const project = makeProject({
      'dbt_project.yml': 'name: shop\n',
      'models/m.sql': "{% if false %}{% set cols = 'x, ' %}{% endif %}select {{ cols }}1 as n",
    });
    const built = weir(['build'], project);
    expect(built.output).toContain('PASS=1');
    expect(built.code).toBe(0);
    const typo = weir(['build'], makeProject({ 'dbt_project.yml': 'name: shop\n', 'models/typo.sql': 'select {{ colz }}1 as n' }));
    expect(typo.code).not.toBe(0);
    expect(typo.output).toContain('models/typo.sql:1');
  });

  it('gives dbt_utils\' models what they call: Relation.render(), print(), agate columns.items() and for row in table, datediff of date literals on DuckDB', () => {
    const project = makeProject({
      'dbt_project.yml': 'name: shop\n',
      'models/a.sql': "select 1 as id, 'x' as name",
      'models/m.sql': [
        "{% set t = run_query('select 1 as id, 2 as n') %}{% set pairs = [] %}",
        '{% if execute %}{% for name, column in t.columns.items() %}{% do pairs.append(name ~ "=" ~ column.values()[0]) %}{% endfor %}{% endif %}',
        // for row in table: dbt_utils.get_relations_by_pattern reads load_result(...)['table'] so.
        "{% if execute %}{% for row in t %}{% do pairs.append('row' ~ row[1]) %}{% endfor %}{% endif %}",
        "{{ print('rendering m') }}",
        "select '{{ pairs | join(',') }}' as pairs, {{ dbt.datediff(\"'2024-01-01'\", \"'2024-01-03'\", 'day') }} as days, * from {{ ref('a').render() }}",
      ].join('\n'),
    });
    const built = weir(['build'], project);
    expect(built.code, built.output).toBe(0);
    expect(built.output).toContain('rendering m');
    // The run's render (execute true) is what target/compiled holds after the build.
    expect(readFileSync(join(project, 'target/compiled/shop/models/m.sql'), 'utf8')).toContain("select 'id=1,n=2,row2' as pairs");
    const shown = weir(['show', '-s', 'm'], project);
    expect(shown.output).toMatch(/\|\s*2\s*\|\s*1\s*\|\s*x\s*\|/);
  });
});
