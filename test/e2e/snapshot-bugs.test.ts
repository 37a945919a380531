import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DUCKDB, POSTGRES, TRINO, type EngineTarget, type TestEngine } from '../helpers/engines.js';
import { describePg } from '../helpers/postgres.js';
import { describeTrino } from '../helpers/trino.js';
import { makeProject, weir, writeFiles } from '../helpers/project.js';
import { execOn, history } from '../helpers/snapshots.js';

const SLOW = 120_000;
const TIMES = ['dbt_valid_from', 'dbt_valid_to'];
const T1 = '2024-01-01 09:00:00';

/**
 * Statements that change a column's type in the test's source table `people` (of `columns`).
 * Trino's Iceberg tables change no type but widenings: the table is copied with the new type.
 */
function changeType(engine: TestEngine, column: string, type: string, columns: string): string[] {
  if (engine.name === 'duckdb') return [`alter table {schema}.people alter ${column} type ${type}`];
  if (engine.name === 'postgres') return [`alter table {schema}.people alter column ${column} type ${type}`];
  const list = columns.split(', ').map((c) => (c === column ? `cast(${c} as ${type}) as ${c}` : c)).join(', ');
  return [`create table {schema}.people_copy as select ${list} from {schema}.people`, 'drop table {schema}.people', 'alter table {schema}.people_copy rename to people'];
}

/** The known ways dbt's snapshots go wrong, each on every engine. */
function snapshotBugs(engine: TestEngine) {
  let target: EngineTarget;
  beforeEach(async () => {
    target = await engine.prepare();
  });
  afterEach(async () => {
    await target.cleanup();
  });
  const project = (config: string, query = "select * from {{ source('raw', 'people') }}") => makeProject({
    'project.yml': `name: shop\n${target.targetsYaml}`,
    'sources/raw.yml': `sources:\n  - name: raw\n    schema: ${target.schema}\n    tables: [{name: people}]\n`,
    'snapshots/people.sql': `{% snapshot people_snap %}\n{{ config(unique_key='id', ${config}) }}\n${query}\n{% endsnapshot %}\n`,
  });
  const exec = (dir: string, ...sql: string[]) => execOn(target, dir, sql);
  const snap = (dir: string) => {
    const run = weir(['snapshot'], dir);
    expect(run.code, run.output).toBe(0);
    return run.output;
  };
  const rows = async (dir: string, columns: string, sourceTimes: string[] = [T1]) =>
    history(await exec(dir, `select ${columns} from {schema}.people_snap order by id, dbt_valid_from`), TIMES, new Set(sourceTimes));

  for (const [mode, expected] of [
    ['ignore', [
      { id: 2, name: 'b', dbt_valid_from: T1, dbt_valid_to: null },
    ]],
    ['invalidate', [
      { id: 2, name: 'b', dbt_valid_from: T1, dbt_valid_to: 'T1' },
      { id: 2, name: 'b', dbt_valid_from: 'T2', dbt_valid_to: null },
    ]],
    ['new_record', [
      { id: 2, name: 'b', dbt_valid_from: T1, dbt_valid_to: 'T1', dbt_is_deleted: 'False' },
      { id: 2, name: 'b', dbt_valid_from: 'T1', dbt_valid_to: 'T2', dbt_is_deleted: 'True' },
      { id: 2, name: 'b', dbt_valid_from: 'T2', dbt_valid_to: null, dbt_is_deleted: 'False' },
    ]],
  ] as const) {
    it(`keeps a row deleted and re-inserted unchanged with hard_deletes '${mode}': no overlap, no repeated dbt_scd_id`, async () => {
      const dir = project(`strategy='timestamp', updated_at='updated_at', hard_deletes='${mode}'`);
      await exec(dir, 'create table {schema}.people (id integer, name varchar, updated_at timestamp)', `insert into {schema}.people values (1, 'a', timestamp '${T1}'), (2, 'b', timestamp '${T1}')`);
      snap(dir);
      await exec(dir, 'delete from {schema}.people where id = 2');
      snap(dir);
      snap(dir);
      await exec(dir, `insert into {schema}.people values (2, 'b', timestamp '${T1}')`);
      snap(dir);
      snap(dir);
      const columns = `id, name, dbt_valid_from, dbt_valid_to${mode === 'new_record' ? ', dbt_is_deleted' : ''}`;
      expect((await rows(dir, columns)).filter((r) => r.id === 2)).toEqual(expected);
      const [ids] = await exec(dir, 'select count(distinct dbt_scd_id) as n, count(*) as total from {schema}.people_snap');
      expect(Number(ids!.n)).toBe(Number(ids!.total));
    }, SLOW);
  }

  it('compares check_cols null-safely: NULL -> NULL is no change, a value <-> NULL is one', async () => {
    const dir = project("strategy='check', check_cols=['name', 'city']");
    await exec(dir, 'create table {schema}.people (id integer, name varchar, city varchar)',
      "insert into {schema}.people values (1, null, null), (2, 'b', null), (3, null, 'x')");
    snap(dir);
    expect(snap(dir)).toContain('snapshot: 0 new versions, 0 closed');
    await exec(dir, "update {schema}.people set name = null where id = 2", "update {schema}.people set name = 'c' where id = 3");
    expect(snap(dir)).toContain('snapshot: 2 new versions, 2 closed');
    expect(snap(dir)).toContain('snapshot: 0 new versions, 0 closed');
  }, SLOW);

  it('does not re-insert unchanged rows when updated_at arrives with another precision or time zone type', async () => {
    // Iceberg stores every timestamp at microseconds (Trino's timestamp(0) is kept as timestamp(6)):
    // there, no lower precision can be stored, and only the time zone change applies.
    const low = engine.name === 'duckdb' ? 'timestamp_s' : engine.name === 'trino' ? 'timestamp(6)' : 'timestamp(0)';
    const dir = project("strategy='timestamp', updated_at='updated_at'", `select id, cast(updated_at as ${low}) as updated_at from {{ source('raw', 'people') }}`);
    await exec(dir, 'create table {schema}.people (id integer, updated_at timestamp)', "insert into {schema}.people values (1, timestamp '2024-01-01 09:00:00.4'), (2, timestamp '2024-01-01 09:00:00')");
    snap(dir);
    // The query stops truncating: the same rows, with their fractions of a second.
    writeFiles(dir, { 'snapshots/people.sql': "{% snapshot people_snap %}\n{{ config(unique_key='id', strategy='timestamp', updated_at='updated_at') }}\nselect * from {{ source('raw', 'people') }}\n{% endsnapshot %}\n" });
    expect(snap(dir)).toContain('snapshot: 0 new versions, 0 closed');
    // Then as timestamp with time zone (the same instants in the session's zone).
    await exec(dir, ...changeType(engine, 'updated_at', 'timestamp with time zone', 'id, updated_at'));
    expect(snap(dir)).toContain('snapshot: 0 new versions, 0 closed');
    await exec(dir, "update {schema}.people set updated_at = timestamp '2024-01-02 09:00:00' where id = 2");
    expect(snap(dir)).toContain('snapshot: 1 new version, 1 closed');
  }, SLOW);

  it('keeps one version per instant when two runs change a row at the same updated_at (the same second, the same day)', async () => {
    const dir = project("strategy='check', check_cols='all', updated_at='changed_on'");
    await exec(dir, 'create table {schema}.people (id integer, name varchar, changed_on date)', "insert into {schema}.people values (1, 'a', date '2024-01-01')");
    snap(dir);
    await exec(dir, "update {schema}.people set name = 'b', changed_on = date '2024-01-02' where id = 1");
    snap(dir);
    // A second change the same day: it replaces that day's version instead of a zero-length one with the same dbt_scd_id.
    await exec(dir, "update {schema}.people set name = 'c' where id = 1");
    snap(dir);
    const history = await exec(dir, 'select name, cast(dbt_valid_from as date) as valid_from, cast(dbt_valid_to as date) as valid_to, dbt_scd_id from {schema}.people_snap order by dbt_valid_from');
    expect(history.map((r) => r.name)).toEqual(['a', 'c']);
    expect(new Set(history.map((r) => r.dbt_scd_id)).size).toBe(2);
  }, SLOW);

  it('leaves the previous table as it was when a run fails half-way (added column and closed versions rolled back)', async () => {
    const dir = project("strategy='timestamp', updated_at='updated_at'");
    await exec(dir, 'create table {schema}.people (id integer, n integer, updated_at timestamp)', `insert into {schema}.people values (1, 1, timestamp '${T1}'), (2, 2, timestamp '${T1}')`);
    snap(dir);
    // A new column, and a value the stored integer column cannot take: the insert fails after the update ran.
    await exec(dir, 'alter table {schema}.people add column extra varchar', ...changeType(engine, 'n', 'varchar', 'id, n, updated_at, extra'),
      "update {schema}.people set n = 'x', updated_at = timestamp '2024-01-02 09:00:00' where id = 1");
    const failed = weir(['snapshot'], dir);
    expect(failed.code).toBe(1);
    expect(await rows(dir, 'id, dbt_valid_from, dbt_valid_to')).toEqual([
      { id: 1, dbt_valid_from: T1, dbt_valid_to: null },
      { id: 2, dbt_valid_from: T1, dbt_valid_to: null },
    ]);
    const columns = await exec(dir, `select column_name from information_schema.columns where table_schema = '${target.schema}' and table_name = 'people_snap' and column_name = 'extra'`);
    expect(columns).toEqual([]);
    const [left] = await exec(dir, `select count(*) as n from information_schema.tables where table_schema = '${target.schema}' and table_name like '%weir%'`);
    expect(Number(left!.n)).toBe(0);
  }, SLOW);
}

describe('snapshot bugs dbt has, on DuckDB', () => snapshotBugs(DUCKDB));
describePg('snapshot bugs dbt has, on PostgreSQL', () => snapshotBugs(POSTGRES));
describeTrino('snapshot bugs dbt has, on Trino', () => snapshotBugs(TRINO));
