import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DUCKDB, POSTGRES, type EngineTarget, type TestEngine } from '../helpers/engines.js';
import { describePg } from '../helpers/postgres.js';
import { makeProject, weir } from '../helpers/project.js';
import { execOn } from '../helpers/snapshots.js';

const SLOW = 120_000;

/** dbt's two phases: compile sees `execute` false and run_query() none; a run asks the warehouse. */
function introspection(engine: TestEngine) {
  let target: EngineTarget;
  beforeEach(async () => {
    target = await engine.prepare();
  });
  afterEach(async () => {
    await target.cleanup();
  });
  const project = (files: Record<string, string>) => makeProject({ 'project.yml': `name: shop\n${target.targetsYaml}`, ...files });
  const compiled = (dir: string, name: string) => readFileSync(join(dir, 'target/compiled/shop/models', `${name}.sql`), 'utf8').trim();

  const base = "{{ config(materialized='table') }}\nselect 1 as id, 'open' as status union all select 2, 'shipped' union all select 3, 'shipped'";
  const pivot = [
    "{% set statuses = run_query('select distinct status from ' ~ ref('base') ~ ' order by 1') %}",
    '{% if execute %}{% set names = statuses.columns[0].values() %}{% else %}{% set names = [] %}{% endif %}',
    'select',
    "{%- for s in names %} sum(case when status = '{{ s }}' then 1 else 0 end) as n_{{ s }},{% endfor %}",
    " count(*) as total, '{{ execute }}' as phase from {{ ref('base') }}",
  ].join('\n');

  it('renders run_query at execution and shows the parse render at compile', async () => {
    const dir = project({ 'models/base.sql': base, 'models/pivot.sql': pivot });
    const compile = weir(['compile'], dir);
    expect(compile.code, compile.output).toBe(0);
    expect(compiled(dir, 'pivot')).toMatch(/^select\n count\(\*\) as total, 'False' as phase from /);

    const run = weir(['run'], dir);
    expect(run.code, run.output).toBe(0);
    expect(compiled(dir, 'pivot')).toMatch(/sum\(case when status = 'open' then 1 else 0 end\) as n_open, sum\(case when status = 'shipped'.* as n_shipped,\n count\(\*\) as total, 'True' as phase/);
    const rows = await execOn(target, dir, [`select n_open, n_shipped, total, phase from "${target.schema}".pivot`]);
    expect(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])))).toEqual([{ n_open: 1, n_shipped: 2, total: 3, phase: 'True' }]);
  }, SLOW);

  it('statement + load_result, the agate table, a macro that queries, and side effects that run once', async () => {
    const dir = project({
      'models/base.sql': base,
      'macros/values.sql': [
        '{% macro column_values(relation, column) %}',
        "  {% set table = run_query('select ' ~ column ~ ' from ' ~ relation ~ ' order by 1') %}",
        '  {% if not execute %}{{ return([]) }}{% endif %}',
        '  {{ return(table.columns[column].values() | list) }}',
        '{% endmacro %}',
      ].join('\n'),
      'models/facts.sql': [
        // Refs only inside statement blocks and `if execute` are not seen while parsing: dbt's hint.
        "-- depends_on: {{ ref('base') }}",
        '{% call statement(\'side\') %}create table {{ target.schema }}.side_log as select 1 as x{% endcall %}',
        "{% call statement('counts', fetch_result=True) %}select count(*) as n, max(id) as top, min(status) as first_status from {{ ref('base') }}{% endcall %}",
        "{% set result = load_result('counts') %}",
        '{% if execute %}',
        '{% set t = result.table %}',
        "select {{ t.rows[0][0] }} as n, {{ result.data[0][1] }} as top, '{{ t.rows[0]['first_status'] }}' as first_status,",
        " '{{ t.column_names | join('|') }}' as names, {{ t.rows | length }} as row_count, '{{ result.response }}' as response,",
        " '{{ column_values(ref('base'), 'id') | join(',') }}' as ids,",
        " '{% for row in run_query('select id, status from ' ~ ref('base') ~ ' order by id desc').rows %}{{ row.id }}={{ row['status'] }};{% endfor %}' as pairs",
        '{% else %}select 0 as n{% endif %}',
      ].join('\n'),
    });
    const run = weir(['run'], dir);
    expect(run.code, run.output).toBe(0);
    const [row] = await execOn(target, dir, [`select n, top, first_status, names, row_count, response, ids, pairs from "${target.schema}".facts`]);
    expect({ ...row, n: Number(row!.n), top: Number(row!.top), row_count: Number(row!.row_count) }).toEqual({
      n: 3, top: 3, first_status: 'open', names: 'n|top|first_status', row_count: 1, response: 'OK 1', ids: '1,2,3', pairs: '3=shipped;2=shipped;1=open;',
    });
    // The statement with a side effect ran once, though the template was rendered once per question.
    expect(await execOn(target, dir, [`select count(*) as c from "${target.schema}".side_log`])).toEqual([{ c: engine.name === 'duckdb' ? 1n : 1 }]);
  }, SLOW);

  it('a ref that parsing did not see is an error with dbt\'s depends_on hint', async () => {
    const dir = project({
      'models/base.sql': base,
      'models/late.sql': "{% if execute %}{% set t = run_query('select count(*) from ' ~ ref('base')) %}{% endif %}select 1 as x",
    });
    const run = weir(['run'], dir);
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/models\/late\.sql:1.*ref\('base'\) was not seen while parsing/);
    expect(run.output).toContain("-- depends_on: {{ ref('base') }}");
  }, SLOW);

  it('a failing introspective query fails the model, naming it, and builds nothing', async () => {
    const dir = project({ 'models/bad.sql': "{% set t = run_query('select nope from nowhere_at_all') %}select 1 as x" });
    const run = weir(['run'], dir);
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/model 'bad' \(models\/bad\.sql\) failed:/);
    expect(run.output).toMatch(/nowhere_at_all/);
  }, SLOW);
}

describe('introspection on DuckDB', () => introspection(DUCKDB));
describePg('introspection on PostgreSQL', () => introspection(POSTGRES));
