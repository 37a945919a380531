import { describe, expect, it } from 'vitest';
import { makeProject, weir } from '../helpers/project.js';
import { makePackage } from './helpers.js';

/**
 * What dbt-expectations' own integration tests write in properties files: a test argument whose Jinja
 * calls a package macro (`{{ kit.type_text() }}`), config values written with Jinja (`enabled:`,
 * `severity:`) rendered natively, and a test macro called without an optional-looking argument
 * whose name is also a macro of the package (it must be Undefined, as in Jinja2, not the macro).
 */
describe('Jinja in generic test arguments and config', () => {
  it('renders them as dbt does', () => {
    const kit = makePackage('kit', {
      'macros/m.sql': [
        "{% macro type_text() %}varchar{% endmacro %}",
        "{% macro group_by(n) %}group by {% for i in range(1, n + 1) %}{{ i }}{{ ',' if not loop.last }}{% endfor %}{% endmacro %}",
        '{% test typed_as(model, column_name, type_name) %}select 1 where {{ "false" if type_name == "varchar" else "true" }}{% endtest %}',
        '{% test counted(model, group_by) %}',
        'select {{ group_by | join(",") ~ "," if group_by }} count(*) as n from {{ model }} {{ kit.group_by(group_by | length) if group_by }} having count(*) < 0',
        '{% endtest %}',
      ].join('\n'),
    });
    const project = makeProject({
      'dbt_project.yml': 'name: shop\nprofile: shop\n',
      'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: target/shop.duckdb\n',
      'packages.yml': `packages:\n  - local: ${kit}\n`,
      'models/m.sql': "select 1 as id, 'a' as g",
      'models/s.yml': [
        'version: 2', 'models:', '  - name: m', '    tests:', '      - kit.counted', '      - kit.counted:', '          group_by: [g]',
        '    columns:', '      - name: g', '        tests:',
        '          - kit.typed_as:', '              type_name: "{{ kit.type_text() }}"',
        "          - not_null:", "              config:", "                enabled: \"{{ target.type == 'nothing' }}\"",
        "          - unique:", "              config:", "                severity: \"{{ 'warn' if target.type == 'duckdb' else 'error' }}\"",
        '',
      ].join('\n'),
    });
    expect(weir(['deps'], project).code).toBe(0);
    const built = weir(['build'], project);
    expect(built.code, built.output).toBe(0);
    // m, kit.counted twice, kit.typed_as and unique: not_null is disabled by its rendered config.
    expect(built.output).toContain('PASS=5 WARN=0 ERROR=0');
    const tests = weir(['ls', '--resource-type', 'test', '--output', 'json', '--output-keys', 'name', 'config'], project);
    const byName = Object.fromEntries(tests.stdout.trim().split('\n').map((l) => JSON.parse(l) as { name: string; config: { severity: string } }).map((t) => [t.name, t]));
    expect(byName.unique_m_g?.config.severity).toBe('warn');
    expect(Object.keys(byName)).not.toContain('not_null_m_g');
  }, 60_000);
});
