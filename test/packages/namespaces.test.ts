import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, weir } from '../helpers/project.js';
import { makePackage } from './helpers.js';

describe('package macros in their own namespaces', () => {
  it('reaches each package as pkg.macro, lets two packages define the same name, dispatches by search order and runs package generic tests', () => {
    const alpha = makePackage('alpha', {
      'macros/m.sql': [
        "{% macro helper() %}'alpha'{% endmacro %}",
        "{% macro greet() %}{{ return(adapter.dispatch('greet', 'alpha')()) }}{% endmacro %}",
        "{% macro default__greet() %}'alpha default'{% endmacro %}",
        // A bare name inside a package finds the package's own macro first.
        "{% macro own() %}{{ helper() }}{% endmacro %}",
        '{% test is_positive(model, column_name) %}select * from {{ model }} where {{ column_name }} <= 0{% endtest %}',
      ].join('\n'),
    });
    const beta = makePackage('beta', { 'macros/m.sql': "{% macro helper() %}'beta'{% endmacro %}" });
    const project = makeProject({
      'dbt_project.yml': [
        'name: shop', 'dispatch:', "  - macro_namespace: alpha", "    search_order: ['shop', 'alpha']",
      ].join('\n'),
      'packages.yml': `packages:\n  - local: ${alpha}\n  - local: ${beta}\n`,
      'macros/overrides.sql': "{% macro duckdb__greet() %}'shop override'{% endmacro %}\n{% macro helper() %}'shop'{% endmacro %}",
      'models/m.sql': 'select {{ alpha.helper() }} as a, {{ beta.helper() }} as b, {{ helper() }} as c, {{ alpha.greet() }} as g, {{ alpha.own() }} as o, 1 as n',
      'models/schema.yml': 'version: 2\nmodels:\n  - name: m\n    columns:\n      - name: n\n        data_tests: [alpha.is_positive, is_positive]\n',
    });
    expect(weir(['deps'], project).code).toBe(0);
    const built = weir(['build'], project);
    expect(built.output).toContain('PASS=3 WARN=0 ERROR=0');
    expect(built.code).toBe(0);
    const shown = weir(['show', '-s', 'm'], project);
    expect(shown.output).toMatch(/\|\s*alpha\s*\|\s*beta\s*\|\s*shop\s*\|\s*shop override\s*\|\s*alpha\s*\|\s*1\s*\|/);
    const compiled = weir(['ls', '--resource-type', 'test', '--output', 'name'], project);
    expect(compiled.output).toContain('alpha_is_positive_m_n');

    // The manifest lists each package's macros under its own package, with the macros each calls.
    const manifest = JSON.parse(readFileSync(join(project, 'target', 'manifest.json'), 'utf8')) as {
      macros: Record<string, { package_name: string; depends_on: { macros: string[] } }>;
      nodes: Record<string, { depends_on: { macros: string[] } }>;
    };
    expect(Object.keys(manifest.macros).sort()).toEqual([
      'macro.alpha.default__greet', 'macro.alpha.greet', 'macro.alpha.helper', 'macro.alpha.own', 'macro.alpha.test_is_positive',
      'macro.beta.helper', 'macro.shop.duckdb__greet', 'macro.shop.helper',
    ]);
    expect(manifest.macros['macro.beta.helper']!.package_name).toBe('beta');
    expect(manifest.macros['macro.alpha.own']!.depends_on.macros).toEqual(['macro.alpha.helper']);
    // dispatch('greet', 'alpha') with search_order [shop, alpha]: the project's duckdb__greet.
    expect(manifest.macros['macro.alpha.greet']!.depends_on.macros).toEqual(['macro.shop.duckdb__greet']);
    expect(manifest.nodes['model.shop.m']!.depends_on.macros).toEqual(['macro.alpha.greet', 'macro.alpha.helper', 'macro.alpha.own', 'macro.beta.helper', 'macro.shop.helper']);
    const tests = Object.entries(manifest.nodes).filter(([id]) => id.startsWith('test.')).map(([id, n]) => [id, n.depends_on.macros]);
    expect(tests.sort()).toEqual([['test.shop.alpha_is_positive_m_n.dacf08e44a', ['macro.alpha.test_is_positive', 'macro.dbt.get_where_subquery']], ['test.shop.is_positive_m_n.71e9b36baf', ['macro.alpha.test_is_positive', 'macro.dbt.get_where_subquery']]]);
  });
});
