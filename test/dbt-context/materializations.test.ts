import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DUCKDB, POSTGRES, type EngineTarget, type TestEngine } from '../helpers/engines.js';
import { describePg } from '../helpers/postgres.js';
import { makeProject, weir } from '../helpers/project.js';
import { execOn } from '../helpers/snapshots.js';

const SLOW = 180_000;
const FIXTURES = join(import.meta.dirname, '../fixtures/materializations');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const plain = (rows: Array<Record<string, unknown>>) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));

/** dbt's custom materializations, written as real projects write them, run on the node's session. */
function materializations(engine: TestEngine) {
  let target: EngineTarget;
  beforeEach(async () => {
    target = await engine.prepare();
  });
  afterEach(async () => {
    await target.cleanup();
  });
  const project = (files: Record<string, string>) => makeProject({ 'project.yml': `name: shop\n${target.targetsYaml}`, ...files });
  const query = (dir: string, sql: string) => execOn(target, dir, [sql.replaceAll('{s}', `"${target.schema}"`)]).then(plain);
  const leftovers = (dir: string) => query(dir, `select table_name from information_schema.tables where table_schema = '${target.schema}' and (table_name like '%dbt_tmp%' or table_name like '%dbt_backup%')`);

  it("dbt's own table materialization (a copy): builds, runs hooks, swaps, and a failing query leaves the previous table", async () => {
    const model = (body: string) => [
      "{{ config(materialized='table_copy', pre_hook='create table if not exists {{ this.schema }}.hook_log (n integer)',",
      "  post_hook='insert into {{ this.schema }}.hook_log select count(*) from {{ this }}') }}",
      body,
    ].join('\n');
    const dir = project({
      'macros/table_copy.sql': fixture('table_copy.sql'),
      'models/orders.sql': model("select 1 as id, 'open' as status union all select 2, 'shipped' union all select 3, 'shipped'"),
    });
    const first = weir(['run'], dir);
    expect(first.code, first.output).toBe(0);
    expect(await query(dir, 'select id, status from {s}.orders order by id')).toEqual([{ id: 1, status: 'open' }, { id: 2, status: 'shipped' }, { id: 3, status: 'shipped' }]);
    expect(await query(dir, 'select n from {s}.hook_log')).toEqual([{ n: 3 }]);
    const statements = readFileSync(join(dir, 'target/run/shop/models/orders.sql'), 'utf8');
    expect(statements).toMatch(/^begin;/m);
    expect(statements).toMatch(new RegExp(`create table ("\\w+"\\.)?"${target.schema}"\\."orders__dbt_tmp"`));
    expect(statements).toMatch(/^commit;/m);

    // Second run: the existing table is renamed to a backup, replaced, and the backup dropped after the commit.
    writeModel(dir, model('select 10 as id, \'new\' as status'));
    const second = weir(['run'], dir);
    expect(second.code, second.output).toBe(0);
    expect(await query(dir, 'select id, status from {s}.orders')).toEqual([{ id: 10, status: 'new' }]);
    expect(await query(dir, 'select n from {s}.hook_log order by n')).toEqual([{ n: 1 }, { n: 3 }]);
    expect(await leftovers(dir)).toEqual([]);

    // A failing query: the warehouse's message, the file and the compiled SQL; the old table stays, nothing is left over.
    writeModel(dir, model('select id from no_such_table_anywhere'));
    const failed = weir(['run'], dir);
    expect(failed.code).toBe(1);
    expect(failed.output).toMatch(/model 'orders' \(models\/orders\.sql\) failed:/);
    expect(failed.output).toMatch(/no_such_table_anywhere/);
    expect(failed.output).toMatch(/compiled SQL: target\/compiled\/shop\/models\/orders\.sql/);
    expect(await query(dir, 'select id, status from {s}.orders')).toEqual([{ id: 10, status: 'new' }]);
    expect(await leftovers(dir)).toEqual([]);
  }, SLOW);

  it('an insert_overwrite-like materialization replaces the partitions the query returns and keeps the others', async () => {
    const dir = project({
      'macros/insert_overwrite.sql': fixture('insert_overwrite.sql'),
      'models/events.sql': [
        "{{ config(materialized='insert_overwrite', partition_by='day') }}",
        "select day, amount from (values {{ var('rows') }}) as t(day, amount)",
      ].join('\n'),
    });
    const run = (rows: string, ...flags: string[]) => weir(['run', '--vars', `{rows: "${rows}"}`, ...flags], dir);
    const events = () => query(dir, 'select day, amount from {s}.events order by day');
    let r = run('(1, 10), (2, 20)');
    expect(r.code, r.output).toBe(0);
    expect(await events()).toEqual([{ day: 1, amount: 10 }, { day: 2, amount: 20 }]);
    r = run('(2, 25), (2, 26), (3, 30)');
    expect(r.code, r.output).toBe(0);
    expect(await events()).toEqual([{ day: 1, amount: 10 }, { day: 2, amount: 25 }, { day: 2, amount: 26 }, { day: 3, amount: 30 }]);
    // The node's message is the main statement's response: three rows inserted.
    expect(r.output).toMatch(/OK 3 \(insert_overwrite\)/);
    r = run('(4, 40)', '--full-refresh');
    expect(r.code, r.output).toBe(0);
    expect(await events()).toEqual([{ day: 4, amount: 40 }]);
  }, SLOW);

  it("the adapter's own materialization wins over default; an unknown one names the model file, line and the ones that exist", async () => {
    const dir = project({
      'macros/stamp.sql': [
        '{% materialization stamp, default %}',
        "  {% call statement('main') %}create table {{ this }} as select 'default' as chosen{% endcall %}",
        '  {{ adapter.commit() }}',
        "  {{ return({'relations': [this.incorporate(type='table')]}) }}",
        '{% endmaterialization %}',
        '',
        `{% materialization stamp, adapter='${engine.name}' %}`,
        '  {%- set target_relation = this.incorporate(type=\'table\') -%}',
        '  {{ drop_relation_if_exists(load_relation(this)) }}',
        "  {% call statement('main') %}create table {{ target_relation }} as select '{{ adapter.type() }}' as chosen, ({{ sql }}) as n{% endcall %}",
        '  {{ adapter.commit() }}',
        "  {{ return({'relations': [target_relation]}) }}",
        '{% endmaterialization %}',
      ].join('\n'),
      'models/stamped.sql': "{{ config(materialized='stamp') }}\nselect 42",
    });
    const run = weir(['run'], dir);
    expect(run.code, run.output).toBe(0);
    expect(await query(dir, 'select chosen, n from {s}.stamped')).toEqual([{ chosen: engine.name, n: 42 }]);

    const bad = project({ 'macros/stamp.sql': fixture('insert_overwrite.sql'), 'models/m.sql': "-- a model\n{{ config(materialized='insert_overwrit') }}\nselect 1 as x" });
    const compile = weir(['compile'], bad);
    expect(compile.code).not.toBe(0);
    expect(compile.output).toMatch(/models\/m\.sql:2.*materialization 'insert_overwrit' is not defined/);
    expect(compile.output).toMatch(/view, table, incremental, ephemeral, insert_overwrite/);
  }, SLOW);

  it('a materialization that returns no relations, or commits with no transaction open, fails the node in dbt terms', async () => {
    const dir = project({
      'macros/m.sql': [
        "{% materialization noreturn, default %}{% call statement('main') %}create table {{ this }} as {{ sql }}{% endcall %}{{ adapter.commit() }}{% endmaterialization %}",
        "{% materialization nocommit, default %}{{ adapter.commit() }}{{ return({'relations': [this]}) }}{% endmaterialization %}",
      ].join('\n'),
      'models/a.sql': "{{ config(materialized='noreturn') }}\nselect 1 as x",
      'models/b.sql': "{{ config(materialized='nocommit') }}\nselect 1 as x",
    });
    const run = weir(['run'], dir);
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/materialization 'noreturn' \(macros\/m\.sql\) did not return the relations it built/);
    expect(run.output).toContain("{{ return({'relations': [target_relation]}) }}");
    expect(run.output).toMatch(/model 'b' \(models\/b\.sql\) failed:\n.*adapter\.commit\(\) was called but no transaction is open/);
  }, SLOW);
}

function writeModel(dir: string, text: string) {
  writeFileSync(join(dir, 'models/orders.sql'), text);
}

describe('custom materializations on DuckDB', () => materializations(DUCKDB));
describePg('custom materializations on PostgreSQL', () => materializations(POSTGRES));
