import { describe, expect, it } from 'vitest';
import { compileErrors, compileFiles, sqlOf } from '../helpers/compile.js';

/** dbt's context and Jinja2's semantics as a dbt project meets them (the Jinja2 corpus covers the language itself). */
describe('dbt context in templates', () => {
  it('has execute false while parsing and true when rendering, as dbt does', () => {
    const project = compileFiles({
      'models/m.sql': "{% if execute %}select 'rendered' as phase{% else %}{{ config(materialized='table') }}select 'parsed' as phase{% endif %}\n",
    });
    expect(sqlOf(project, 'm')).toBe("select 'rendered' as phase");
    const node = [...project.nodes.values()].find((n) => n.name === 'm')!;
    expect(node.config.materialized).toBe('table');
  });

  it('runs macros written as dbt packages write them: return(), namespace, do, kwargs, loop.last, tuple unpacking', () => {
    const project = compileFiles({
      'macros/cols.sql': [
        '{% macro quoted_cols(cols, prefix="") %}',
        '  {%- set ns = namespace(out=[]) -%}',
        '  {%- for c in cols if c not in kwargs.get("exclude", []) -%}',
        '    {%- do ns.out.append(prefix ~ \'"\' ~ c ~ \'"\') -%}',
        '  {%- endfor -%}',
        '  {{ return(ns.out) }}',
        '{% endmacro %}',
        '{% macro pairs() %}{% set a, b = "x", "y" %}{{ return({a: b}) }}{% endmacro %}',
      ].join('\n'),
      'models/m.sql': "select {{ quoted_cols(['id', 'name', 'secret'], exclude=['secret']) | join(', ') }}, '{{ pairs().items() | list }}' as p from t\n",
    });
    expect(sqlOf(project, 'm')).toBe(`select "id", "name", '[('x', 'y')]' as p from t`);
  });

  it('prints values as Python does: True, None, lists and dicts, tojson with Python spacing', () => {
    const project = compileFiles({
      'models/m.sql': "select '{{ True }} {{ none }} {{ [1, 'a'] }} {{ tojson({'a': [1, 2]}) }}' as v, {{ 7 / 2 }} as half, {{ 'ab' * 2 }} as twice\n",
    });
    expect(sqlOf(project, 'm')).toBe(`select 'True None [1, 'a'] {"a": [1, 2]}' as v, 3.5 as half, abab as twice`);
  });

  it("names a JavaScript method spelt where Jinja needs Python's, with file and line", () => {
    const [error] = compileErrors({ 'models/m.sql': "select 1\n{% if 'stg_x'.startsWith('stg') %}x{% endif %}\n" });
    expect(error).toMatchObject({ file: 'models/m.sql', line: 2 });
    expect(error!.message).toBe("'str object' has no attribute 'startsWith' (Jinja uses Python's startswith)");
  });

  it('names an unknown tag, filter and test in Jinja terms, with file and line', () => {
    expect(compileErrors({ 'models/m.sql': 'select 1\n{% frobnicate %}\n' })[0]).toMatchObject({ file: 'models/m.sql', line: 2, message: expect.stringContaining("unknown tag 'frobnicate'") });
    expect(compileErrors({ 'models/m.sql': 'select 1,\n{{ 1 | frob }}\n' })[0]).toMatchObject({ file: 'models/m.sql', line: 2, message: expect.stringContaining("no filter named 'frob'") });
    expect(compileErrors({ 'models/m.sql': '{% if 1 is frob %}{% endif %}\n' })[0]).toMatchObject({ file: 'models/m.sql', line: 1, message: expect.stringContaining("no test named 'frob'") });
  });
});

describe('dbt context: YAML and dates', () => {
  it('reads YAML as PyYAML does (YAML 1.1: yes is true) and writes it in safe_dump layout', () => {
    const project = compileFiles({
      'models/m.sql': [
        "{% set cfg = fromyaml('owner: me\\nenabled: yes\\ncols:\\n  - id\\n  - name\\n') %}",
        "select '{{ cfg.owner }} {{ cfg.enabled }} {{ cfg.cols | join(\"+\") }}' as v, '{{ fromyaml(\"a: [\") }}' as bad",
        "-- {{ toyaml({'b': [1, 'x'], 'a': none}) | replace('\\n', ' / ') }}",
      ].join('\n'),
    });
    expect(sqlOf(project, 'm')).toBe("\nselect 'me True id+name' as v, 'None' as bad\n-- b: / - 1 / - x / a: null / ");
  });

  it("has Python's datetime module under modules.datetime: dates, timedeltas, strftime and strptime", () => {
    const project = compileFiles({
      'models/m.sql': [
        '{% set d = modules.datetime.date(2024, 2, 28) + modules.datetime.timedelta(days=2) %}',
        "select '{{ d }}' as d, '{{ d.strftime(\"%Y%m%d\") }}' as k,",
        "  '{{ modules.datetime.datetime.strptime(\"2024-01-02 03:04:05\", \"%Y-%m-%d %H:%M:%S\") - modules.datetime.timedelta(hours=4) }}' as t,",
        "  {{ (modules.datetime.date(2024, 3, 1) - modules.datetime.date(2024, 1, 1)).days }} as days,",
        "  {{ modules.datetime.datetime.now().year >= 2024 }} as now_ok",
      ].join('\n'),
    });
    expect(sqlOf(project, 'm')).toBe("\nselect '2024-03-01' as d, '20240301' as k,\n  '2024-01-01 23:04:05' as t,\n  60 as days,\n  True as now_ok");
  });
});
