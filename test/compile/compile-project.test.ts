import { describe, expect, it } from 'vitest';
import { compileErrors, compileFiles, sqlOf } from '../helpers/compile.js';

describe('compileProject', () => {
  it('renders ref, source, var, env_var, this and target with the engine quoting', () => {
    const project = compileFiles({
      'models/a.sql': "select 1 as id, '{{ var(\"region\") }}' as region, '{{ env_var(\"WEIR_SET\") }}' as e, '{{ env_var(\"WEIR_UNSET\", \"d\") }}' as d",
      'models/b.sql': "select * from {{ ref('a') }} join {{ source('shop_api', 'carts') }} using (id) -- {{ this }} {{ target.name }}",
      'models/sources.yml': 'sources:\n  - name: shop_api\n    schema: raw\n    tables:\n      - name: carts\n',
    }, { region: 'eu' });
    expect(sqlOf(project, 'a')).toBe("select 1 as id, 'eu' as region, 'from-env' as e, 'd' as d");
    expect(sqlOf(project, 'b')).toBe('select * from "main"."a" join "raw"."carts" using (id) -- "main"."b" dev');
    const b = [...project.nodes.values()].find((n) => n.name === 'b')!;
    expect(b.dependsOn.nodes).toEqual(['model.shop.a', 'source.shop.shop_api.carts']);
  });

  it('takes config() keyword arguments over properties and folder config', () => {
    const project = compileFiles({
      'project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n    +tags: [base]\n',
      'models/a.sql': "{{ config(materialized='incremental', unique_key='id', tags=['inline'], schema='marts') }}\nselect 1 as id",
      'models/props.yml': 'models:\n  - name: a\n    description: the a model\n    config:\n      alias: a_alias\n',
    });
    const a = [...project.nodes.values()].find((n) => n.name === 'a')!;
    expect(a.config).toMatchObject({ materialized: 'incremental', unique_key: ['id'], tags: ['base', 'inline'], incremental_strategy: 'merge' });
    expect(a.relation).toEqual({ schema: 'main_marts', identifier: 'a_alias' });
    expect(a.description).toBe('the a model');
  });

  it('renders the is_incremental() variant separately', () => {
    const project = compileFiles({
      'models/inc.sql': "{{ config(materialized='incremental') }}\nselect 1 as id{% if is_incremental() %} where id > (select max(id) from {{ this }}){% endif %}",
    });
    const inc = [...project.nodes.values()].find((n) => n.name === 'inc')!;
    expect(inc.compiledCode.trim()).toBe('select 1 as id');
    expect(inc.incrementalCode!.trim()).toBe('select 1 as id where id > (select max(id) from "main"."inc")');
  });

  it('inlines ephemeral models as CTEs, merged into a leading with', () => {
    const project = compileFiles({
      'models/e1.sql': "{{ config(materialized='ephemeral') }}select 1 as id",
      'models/e2.sql': "{{ config(materialized='ephemeral') }}select id from {{ ref('e1') }}",
      'models/m.sql': "with x as (select * from {{ ref('e2') }}) select * from x",
    });
    expect(sqlOf(project, 'm')).toBe(
      'with __weir__cte__e2 as (\nwith __weir__cte__e1 as (\nselect 1 as id\n)\nselect id from __weir__cte__e1\n),\nx as (select * from __weir__cte__e2) select * from x',
    );
    expect([...project.nodes.values()].find((n) => n.name === 'e1')!.relation).toBeUndefined();
  });

  it('makes macros from every macro file callable, including macro-to-macro calls and ref inside macros', () => {
    const project = compileFiles({
      'macros/money.sql': '{% macro cents(col) %}round({{ col }} / 100.0, {{ precision() }}){% endmacro %}',
      'macros/precision.sql': '{% macro precision() %}2{% endmacro %}',
      'macros/refs.sql': "{% macro users() %}{{ ref('u') }}{% endmacro %}",
      'models/u.sql': 'select 1 as id, 250 as amount',
      'models/m.sql': 'select {{ cents("amount") }} as dollars from {{ users() }}',
    });
    expect(sqlOf(project, 'm')).toBe('select round(amount / 100.0, 2) as dollars from "main"."u"');
    expect([...project.nodes.values()].find((n) => n.name === 'm')!.dependsOn.nodes).toEqual(['model.shop.u']);
  });

  it('handles log(), run_started_at and raise_compiler_error', () => {
    const project = compileFiles({ 'models/a.sql': "{{ log('hi') }}select '{{ run_started_at.strftime('%Y-%m-%d') }}' as d" });
    expect(sqlOf(project, 'a')).toBe("select '2026-01-02' as d");
    const [d] = compileErrors({ 'models/a.sql': "select 1\n{% if true %}{{ exceptions.raise_compiler_error('no way') }}{% endif %}" });
    expect(d).toMatchObject({ file: 'models/a.sql', line: 2, message: 'no way' });
  });

  it('reports a missing ref with file, line and the closest name', () => {
    const [d] = compileErrors({
      'models/stg_users.sql': 'select 1 as id',
      'models/m.sql': "select *\nfrom {{ ref('stg_user') }}",
    });
    expect(d).toMatchObject({ file: 'models/m.sql', line: 2, message: "model 'm' depends on 'stg_user', which was not found" });
    expect(d!.hint).toBe("did you mean 'stg_users'?");
  });

  it('reports a cycle as the cycle itself, with files', () => {
    const [d] = compileErrors({
      'models/a.sql': "select * from {{ ref('c') }}",
      'models/b.sql': "select * from {{ ref('a') }}",
      'models/c.sql': "select * from {{ ref('b') }}",
    });
    expect(d!.message).toBe('Found a cycle: a -> b -> c -> a\n  a  (models/a.sql)\n  b  (models/b.sql)\n  c  (models/c.sql)');
    expect(d!.message).toContain('models/a.sql');
    expect(d!.message).toContain('models/c.sql');
  });

  it('reports a template syntax error with file and line', () => {
    const [d] = compileErrors({ 'models/a.sql': "select 1\nfrom {{ ref('x' }}\n" });
    expect(d).toMatchObject({ file: 'models/a.sql', line: 2 });
    expect(d!.message).toMatch(/^template syntax error/);
  });

  it('reports an unknown macro with the closest macro name', () => {
    const [d] = compileErrors({
      'macros/m.sql': '{% macro cents_to_dollars(c) %}{{ c }}/100{% endmacro %}',
      'models/a.sql': "select\n  {{ cents_to_dolars('x') }} as y",
    });
    expect(d).toMatchObject({ file: 'models/a.sql', line: 2, message: "unknown macro or function 'cents_to_dolars'" });
    expect(d!.hint).toMatch(/did you mean 'cents_to_dollars'/);
  });

  it('reports a wrong config() value and an unknown config key at the line of the call', () => {
    const ds = compileErrors({ 'models/a.sql': "\n{{ config(materialized='tabel', uniqe_key='id') }}\nselect 1" });
    expect(ds.find((d) => d.key === 'config.materialized')).toMatchObject({ file: 'models/a.sql', line: 2 });
    expect(ds.find((d) => d.key === 'config.uniqe_key')!.hint).toMatch(/did you mean 'unique_key'/);
  });

  it("reports a materialization no macro file defines where it was set, with the closest name (config() or the project file's folder)", () => {
    const [inline] = compileErrors({ 'models/a.sql': "\n{{ config(materialized='tables') }}\nselect 1" });
    expect(inline).toMatchObject({ file: 'models/a.sql', line: 2, key: 'config.materialized', message: "materialization 'tables' is not defined for duckdb" });
    expect(inline!.hint).toMatch(/did you mean 'table'\? the materializations are: view, table, incremental, ephemeral;/);
    const [folder] = compileErrors({ 'project.yml': 'name: shop\nmodels:\n  shop:\n    marts:\n      +materialized: insert_overwrit\n', 'models/marts/a.sql': 'select 1',
      'macros/m.sql': "{% materialization insert_overwrite, adapter='duckdb' %}{{ return({'relations': [this]}) }}{% endmaterialization %}" });
    expect(folder).toMatchObject({ file: 'project.yml', line: 5, key: 'models.shop.marts.+materialized' });
    expect(folder!.message).toContain('(models such as models/marts/a.sql use it)');
    expect(folder!.hint).toMatch(/did you mean 'insert_overwrite'\?/);
  });

  it('reports a required var that is not set', () => {
    const [d] = compileErrors({ 'models/a.sql': "select 1\nwhere x > {{ var('start') }}" });
    expect(d).toMatchObject({ file: 'models/a.sql', line: 2 });
    expect(d!.message).toMatch(/Required var 'start' is not defined/);
  });

  it("renders Jinja in a var with the node's context, its macros too, as dbt's var() does", () => {
    const project = compileFiles({
      'project.yml': 'name: shop\nvars:\n  greeting: "{{ hello() }}"\n  schema_x: "{{ target.schema }}_x"\n  loud: "{{ shout(\'a\') }}"\n',
      'macros/m.sql': '{% macro hello() %}hi{% endmacro %}{% macro shout(x) %}{{ x | upper }}{% endmacro %}',
      // a and b call no macro themselves; c calls one with a var whose Jinja calls it too.
      'models/a.sql': "select '{{ var(\"greeting\") }}' as g",
      'models/b.sql': "select '{{ var(\"schema_x\") }}' as s",
      'models/c.sql': "select '{{ shout(var(\"loud\")) }}' as l",
    });
    expect([sqlOf(project, 'a'), sqlOf(project, 'b'), sqlOf(project, 'c')]).toEqual(["select 'hi' as g", "select 'main_x' as s", "select 'A' as l"]);
  });

  it('gives the same SQL through the static fast path and nunjucks', () => {
    const text = "{{ config(materialized='table', tags=['a', 'b']) }}\nselect * from {{ ref('x') }} -- {{ this }}";
    const fast = compileFiles({ 'models/x.sql': 'select 1', 'models/m.sql': text });
    const slow = compileFiles({ 'models/x.sql': 'select 1', 'models/m.sql': `{# force nunjucks #}${text}` });
    expect(sqlOf(fast, 'm')).toBe(sqlOf(slow, 'm'));
    expect([...fast.nodes.values()].find((n) => n.name === 'm')!.config.tags).toEqual(['a', 'b']);
  });
});
