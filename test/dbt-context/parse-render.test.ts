import { describe, expect, it } from 'vitest';
import { makeProject, weir } from '../helpers/project.js';
import { queryDuckDb } from '../helpers/duckdb.js';

/**
 * What dbt packages write for values that come from the warehouse (audit_helper's
 * _get_comparison_bounds): a dict that is empty while `execute` is false, printed as it is. dbt's
 * parse render prints '' for the missing key; the run render has the value.
 */
describe("a template's parse render (execute false)", () => {
  it("prints an undefined value as '' while execute is false, and the value when the model runs", async () => {
    const dir = makeProject({
      'project.yml': 'name: p\n',
      'macros/bounds.sql': [
        '{% macro bounds() %}',
        "  {% set result = {} %}{% if execute %}{% set r = run_query('select 7 as hi') %}{% do result.update({'hi': r.columns[0].values()[0]}) %}{% endif %}",
        '  {{ return(result) }}',
        '{% endmacro %}',
      ].join('\n'),
      'models/m.sql': "{% set b = bounds() %}\nselect '{{ b[\"hi\"] }}' as hi, {{ adapter.get_relation(this.schema, 'nothing') is none }} as none_here, '{{ this.information_schema('columns') }}' as info",
    });
    const run = weir(['run'], dir);
    expect(run.code, run.output).toBe(0);
    expect(await queryDuckDb(dir, 'select hi, info from m')).toEqual([{ hi: '7', info: 'information_schema.columns' }]);
    // A misspelt name is still an error where it runs.
    const misspelt = makeProject({ 'project.yml': 'name: p\n', 'models/m.sql': 'select {{ colum }} as x' });
    expect(weir(['run'], misspelt).output).toContain('printed an undefined value');
  }, 60_000);
});

describe('an error a model raises only when execute is true', () => {
  it('is that model\'s when it runs, as in dbt: the rest of the project builds, and excluding it builds everything else', async () => {
    const dir = makeProject({
      'project.yml': 'name: p\n',
      'models/ok.sql': 'select 1 as x',
      'models/not_here.sql': "{{ config(tags=['skip']) }}\n{% if execute %}{{ exceptions.raise_compiler_error('not implemented for ' ~ target.type) }}{% endif %}\nselect 1 as x",
    });
    const excluded = weir(['run', '--exclude', 'tag:skip'], dir);
    expect(excluded.code, excluded.output).toBe(0);
    expect(await queryDuckDb(dir, 'select x from ok')).toEqual([{ x: 1 }]);
    const all = weir(['run'], dir);
    expect(all.code).toBe(1);
    expect(all.output).toContain('not implemented for duckdb');
    expect(all.output).toMatch(/PASS=1 WARN=0 ERROR=1/);
  }, 60_000);
});
