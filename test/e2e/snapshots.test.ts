import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DUCKDB, POSTGRES, TRINO, type EngineTarget, type TestEngine } from '../helpers/engines.js';
import { describePg } from '../helpers/postgres.js';
import { describeTrino } from '../helpers/trino.js';
import { makeProject, weir, writeFiles } from '../helpers/project.js';
import { commentQueries, execOn, history, md5 } from '../helpers/snapshots.js';

const SLOW = 120_000;
const TIMES = ['dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to', 'updated_at'];

function snapshots(engine: TestEngine) {
  let target: EngineTarget;
  beforeEach(async () => {
    target = await engine.prepare();
  });
  afterEach(async () => {
    await target.cleanup();
  });
  const project = (files: Record<string, string>) => makeProject({
    'project.yml': `name: shop\n${target.targetsYaml}`,
    'sources/raw.yml': `sources:\n  - name: raw\n    schema: ${target.schema}\n    tables: [{name: people}]\n`,
    ...files,
  });
  const exec = (dir: string, ...sql: string[]) => execOn(target, dir, sql);
  const snapshotRows = async (dir: string, table: string, columns: string, sourceTimes: string[]) =>
    history(await exec(dir, `select ${columns} from {schema}.${table} order by id, dbt_valid_from`), TIMES, new Set(sourceTimes));

  it('keeps a timestamp history across days: update, delete, re-insert, a new column (older {% snapshot %} block)', async () => {
    const dir = project({
      'snapshots/people.sql': [
        '-- the history of people',
        '{% snapshot people_history %}',
        "{{ config(unique_key='id', strategy='timestamp', updated_at='updated_at', invalidate_hard_deletes=True) }}",
        "select * from {{ source('raw', 'people') }}",
        '{% endsnapshot %}',
      ].join('\n'),
    });
    await exec(dir, 'create table {schema}.people (id integer, name varchar, updated_at timestamp)',
      "insert into {schema}.people values (1, 'ann', timestamp '2024-01-01 09:00:00'), (2, 'bob', timestamp '2024-01-01 09:00:00')");
    const day1 = weir(['snapshot'], dir);
    expect(day1.output).toContain('created snapshot (2 rows)');
    expect(day1.code).toBe(0);

    await exec(dir, "update {schema}.people set name = 'anne', updated_at = timestamp '2024-01-02 09:00:00' where id = 1",
      'delete from {schema}.people where id = 2', "insert into {schema}.people values (3, 'cy', timestamp '2024-01-02 10:00:00')");
    expect(weir(['snapshot'], dir).output).toContain('snapshot: 2 new versions, 2 closed');
    // Nothing changed: nothing written.
    expect(weir(['snapshot'], dir).output).toContain('snapshot: 0 new versions, 0 closed');

    // Bob comes back unchanged (his old updated_at), and the source gains a column.
    await exec(dir, 'alter table {schema}.people add column email varchar', "insert into {schema}.people values (2, 'bob', timestamp '2024-01-01 09:00:00', 'bob@x')",
      "update {schema}.people set email = 'cy@x', updated_at = timestamp '2024-01-03 09:00:00' where id = 3");
    expect(weir(['snapshot'], dir).code).toBe(0);

    const times = ['2024-01-01 09:00:00', '2024-01-02 09:00:00', '2024-01-02 10:00:00', '2024-01-03 09:00:00'];
    expect(await snapshotRows(dir, 'people_history', 'id, name, email, updated_at, dbt_valid_from, dbt_valid_to', times)).toEqual([
      { id: 1, name: 'ann', email: null, updated_at: '2024-01-01 09:00:00', dbt_valid_from: '2024-01-01 09:00:00', dbt_valid_to: '2024-01-02 09:00:00' },
      { id: 1, name: 'anne', email: null, updated_at: '2024-01-02 09:00:00', dbt_valid_from: '2024-01-02 09:00:00', dbt_valid_to: null },
      { id: 2, name: 'bob', email: null, updated_at: '2024-01-01 09:00:00', dbt_valid_from: '2024-01-01 09:00:00', dbt_valid_to: 'T1' },
      // Back after its deletion: valid from when weir saw it again, not from its older updated_at.
      { id: 2, name: 'bob', email: 'bob@x', updated_at: '2024-01-01 09:00:00', dbt_valid_from: 'T2', dbt_valid_to: null },
      { id: 3, name: 'cy', email: null, updated_at: '2024-01-02 10:00:00', dbt_valid_from: '2024-01-02 10:00:00', dbt_valid_to: '2024-01-03 09:00:00' },
      { id: 3, name: 'cy', email: 'cy@x', updated_at: '2024-01-03 09:00:00', dbt_valid_from: '2024-01-03 09:00:00', dbt_valid_to: null },
    ]);
    // dbt_scd_id is dbt's: md5 of the key and updated_at as text (2024-01-01 09:00:00), joined by '|'.
    const [first] = await exec(dir, `select dbt_scd_id, ${md5(engine, "'1|' || cast(updated_at as varchar)")} as expected from {schema}.people_history where id = 1 and name = 'ann'`);
    expect(first!.dbt_scd_id).toBe(first!.expected);
    const ids = await exec(dir, 'select count(distinct dbt_scd_id) as n, count(*) as total from {schema}.people_history');
    expect(Number(ids[0]!.n)).toBe(Number(ids[0]!.total));
  }, SLOW);

  it('declares snapshots in yml (dbt 1.9): check strategy, ref-able by models, tested, selectable, in the manifest', async () => {
    const dir = project({
      'snapshots/people.yml': [
        'snapshots:',
        '  - name: people_snap',
        "    relation: source('raw', 'people')",
        '    description: every version of every person',
        '    config:',
        '      unique_key: id',
        '      strategy: check',
        '      check_cols: [name]',
        '      schema: history',
        '      tags: [hist]',
        '    columns:',
        '      - name: dbt_scd_id',
        '        data_tests: [unique, not_null]',
      ].join('\n'),
      'models/current_people.sql': "select id, name from {{ ref('people_snap') }} where dbt_valid_to is null",
    });
    await exec(dir, 'create table {schema}.people (id integer, name varchar)', "insert into {schema}.people values (1, 'ann'), (2, null)");
    const build = weir(['build'], dir);
    expect(build.output).toMatch(/check snapshot "[^"]+_history"."people_snap"/);
    expect(build.output).toContain('PASS=4');
    expect(build.code).toBe(0);
    // NULL -> NULL is no change; a value -> NULL and NULL -> a value are.
    await exec(dir, "update {schema}.people set name = null where id = 1");
    await exec(dir, "update {schema}.people set name = 'bo' where id = 2");
    const second = weir(['build', '-s', 'tag:hist+'], dir);
    expect(second.output).toContain('snapshot: 2 new versions, 2 closed');
    expect(second.code).toBe(0);
    const third = weir(['snapshot', '-s', 'people_snap'], dir);
    expect(third.output).toContain('snapshot: 0 new versions, 0 closed');
    expect(await exec(dir, 'select id, name from {schema}.current_people order by id')).toEqual([{ id: 1, name: null }, { id: 2, name: 'bo' }]);
    const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8'));
    const node = manifest.nodes['snapshot.shop.people_snap'];
    expect(node).toMatchObject({ resource_type: 'snapshot', schema: `${target.schema}_history`, description: 'every version of every person', patch_path: 'shop://snapshots/people.yml' }); // dbt's project:// prefix
    expect(node.config).toMatchObject({ strategy: 'check', check_cols: ['name'], tags: ['hist'] });
    expect(manifest.nodes['model.shop.current_people'].depends_on.nodes).toEqual(['snapshot.shop.people_snap']);
    const results = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8'));
    expect(results.results.map((r: { unique_id: string }) => r.unique_id)).toEqual(['snapshot.shop.people_snap']);
  }, SLOW);

  it('keeps a check history with a composite key, new_record deletions, dbt_valid_to_current and renamed meta columns', async () => {
    const dir = project({
      'snapshots/people.yml': [
        'snapshots:',
        '  - name: people_keyed',
        "    relation: source('raw', 'people')",
        '    config:',
        '      unique_key: [region, id]',
        '      strategy: check',
        '      check_cols: all',
        '      hard_deletes: new_record',
        "      dbt_valid_to_current: \"cast('9999-12-31' as timestamp)\"",
        '      snapshot_meta_column_names: {dbt_valid_from: valid_from, dbt_valid_to: valid_to, dbt_scd_id: scd_id, dbt_updated_at: changed_at, dbt_is_deleted: is_deleted}',
      ].join('\n'),
    });
    await exec(dir, 'create table {schema}.people (region varchar, id integer, name varchar)', "insert into {schema}.people values ('eu', 1, 'a'), ('us', 1, 'b')");
    expect(weir(['snapshot'], dir).code).toBe(0);
    await exec(dir, "delete from {schema}.people where region = 'us'", "update {schema}.people set name = 'a2'");
    expect(weir(['snapshot'], dir).output).toContain('snapshot: 2 new versions, 2 closed');
    expect(weir(['snapshot'], dir).output).toContain('snapshot: 0 new versions, 0 closed');
    await exec(dir, "insert into {schema}.people values ('us', 1, 'b')");
    expect(weir(['snapshot'], dir).output).toContain('snapshot: 1 new version, 1 closed');
    const rows = history(await exec(dir, 'select region, id, name, valid_from, valid_to, is_deleted from {schema}.people_keyed order by region, id, valid_from'),
      ['valid_from', 'valid_to'], new Set(['9999-12-31 00:00:00']));
    const end = '9999-12-31 00:00:00';
    expect(rows).toEqual([
      { region: 'eu', id: 1, name: 'a', valid_from: 'T1', valid_to: 'T2', is_deleted: 'False' },
      { region: 'eu', id: 1, name: 'a2', valid_from: 'T2', valid_to: end, is_deleted: 'False' },
      { region: 'us', id: 1, name: 'b', valid_from: 'T1', valid_to: 'T2', is_deleted: 'False' },
      { region: 'us', id: 1, name: 'b', valid_from: 'T2', valid_to: 'T3', is_deleted: 'True' },
      { region: 'us', id: 1, name: 'b', valid_from: 'T3', valid_to: end, is_deleted: 'False' },
    ]);
    const [scd] = await exec(dir, `select scd_id, ${md5(engine, "concat('eu|1|', cast(valid_from as varchar))")} as expected from {schema}.people_keyed where name = 'a'`);
    expect(scd!.scd_id).toBe(scd!.expected);
  }, SLOW);

  it('fails before writing when the unique_key is not unique or null in the source, naming the keys', async () => {
    const dir = project({
      'snapshots/s.sql': "{% snapshot people_snap %}{{ config(unique_key='id', strategy='timestamp', updated_at='updated_at') }} select * from {{ source('raw', 'people') }} {% endsnapshot %}",
    });
    await exec(dir, 'create table {schema}.people (id integer, updated_at timestamp)', "insert into {schema}.people values (1, timestamp '2024-01-01 00:00:00'), (2, timestamp '2024-01-01 00:00:00')");
    expect(weir(['snapshot'], dir).code).toBe(0);
    await exec(dir, "insert into {schema}.people values (1, timestamp '2024-01-02 00:00:00'), (null, timestamp '2024-01-02 00:00:00'), (3, timestamp '2024-01-02 00:00:00')");
    const run = weir(['snapshot'], dir);
    expect(run.code).toBe(1);
    expect(run.output).toContain("The unique_key of snapshot 'people_snap' (id) is not unique or is null in the source; nothing was written.");
    expect(run.output).toContain('  - id=1 (2 rows)');
    expect(run.output).toContain('  - id=NULL (1 row)');
    expect(await exec(dir, 'select id, dbt_valid_to from {schema}.people_snap order by id')).toEqual([{ id: 1, dbt_valid_to: null }, { id: 2, dbt_valid_to: null }]);
    const leftovers = await exec(dir, `select count(*) as n from information_schema.tables where table_schema = '${target.schema}' and table_name like '%weir%'`);
    expect(Number(leftovers[0]!.n)).toBe(0);
  }, SLOW);

  it('persists the descriptions of the snapshot and its columns as comments (persist_docs), on every run', async () => {
    const dir = project({
      'snapshots/people.sql': "{% snapshot people_snap %}\n{{ config(unique_key='id', strategy='check', check_cols='all', persist_docs={'relation': true, 'columns': true}) }}\nselect * from {{ source('raw', 'people') }}\n{% endsnapshot %}\n",
      'snapshots/people.yml': "snapshots:\n  - name: people_snap\n    description: Every version of a person\n    columns:\n      - name: name\n        description: The person's name\n      - name: gone\n        description: Not a column of the table\n",
    });
    await exec(dir, 'create table {schema}.people (id integer, name varchar)', "insert into {schema}.people values (1, 'a')");
    const comments = commentQueries(engine, target.schema, 'people_snap');
    const read = async () => ({ table: (await exec(dir, comments.table))[0]?.comment, columns: await exec(dir, comments.columns) });
    expect(weir(['snapshot'], dir).code).toBe(0);
    const expected = { table: 'Every version of a person', columns: [{ column_name: 'name', comment: "The person's name" }] };
    expect(await read()).toEqual(expected);
    await exec(dir, "update {schema}.people set name = 'b'");
    expect(weir(['snapshot'], dir).output).toContain('snapshot: 1 new version, 1 closed');
    expect(await read()).toEqual(expected);
  }, SLOW);
}

describe('snapshots on DuckDB', () => snapshots(DUCKDB));
describePg('snapshots on PostgreSQL', () => snapshots(POSTGRES));
describeTrino('snapshots on Trino', () => snapshots(TRINO));

describe('snapshot declarations', () => {
  it('names the file and line of an unclosed block, a file without one and a yml entry without relation', () => {
    const dir = makeProject({
      'project.yml': 'name: shop\n',
      'snapshots/a.sql': 'select 1 as id\n',
      'snapshots/b.sql': "{% snapshot b_snap %}\nselect 1 as id\n",
      'snapshots/c.yml': 'snapshots:\n  - name: c_snap\n    config: {unique_key: id, strategy: timestamp, updated_at: x}\n',
    });
    const run = weir(['compile'], dir);
    expect(run.code).toBe(2);
    expect(run.output).toMatch(/snapshots\/a\.sql.*no \{% snapshot name %\} \.\.\. \{% endsnapshot %\} block/);
    expect(run.output).toMatch(/snapshots\/b\.sql.*a \{% snapshot %\} block is not closed by \{% endsnapshot %\}/);
    expect(run.output).toMatch(/snapshots\/c\.yml:2.*snapshot 'c_snap' has no relation: and no \{% snapshot c_snap %\} block/);
  });

  it('names the line of the config() that lacks a strategy or a unique_key', () => {
    const dir = makeProject({
      'project.yml': 'name: shop\n',
      'models/a.sql': 'select 1 as id',
      'snapshots/a.sql': "-- first\n{% snapshot a_snap %}\n{{ config(updated_at='x') }}\nselect * from {{ ref('a') }}\n{% endsnapshot %}\n",
    });
    const run = weir(['compile'], dir);
    expect(run.code).toBe(2);
    expect(run.output).toMatch(/snapshots\/a\.sql:3.*snapshot 'a_snap' has no strategy/);
    expect(run.output).toMatch(/snapshots\/a\.sql:3.*snapshot 'a_snap' has no unique_key/);
  });

  it("accepts target_database naming the target's database, and names the line of one it cannot build into", () => {
    const files = (database: string) => ({
      'project.yml': 'name: shop\ntargets:\n  dev: {type: duckdb, path: target/dev.duckdb}\n',
      'models/a.sql': "select 1 as id, timestamp '2024-01-01' as changed_at",
      'snapshots/a.sql': `{% snapshot a_snap %}\n{{ config(unique_key='id', strategy='timestamp', updated_at='changed_at', target_schema='history', target_database='${database}') }}\nselect * from {{ ref('a') }}\n{% endsnapshot %}\n`,
    });
    expect(weir(['build'], makeProject(files('dev'))).code).toBe(0);
    const run = weir(['compile'], makeProject(files('warehouse')));
    expect(run.code).toBe(2);
    expect(run.output).toMatch(/snapshots\/a\.sql:2.*snapshot 'a_snap' sets target_database 'warehouse', but weir builds into the target's database 'dev' only/);
  });

  it('lists snapshots with ls and selects them by resource type', () => {
    const dir = makeProject({
      'project.yml': 'name: shop\nsnapshots:\n  shop:\n    +target_schema: history\n',
      'models/a.sql': "select 1 as id, timestamp '2024-01-01' as at",
      'snapshots/a.sql': "{% snapshot a_snap %}\n{{ config(unique_key='id', strategy='timestamp', updated_at='at') }}\nselect * from {{ ref('a') }}\n{% endsnapshot %}\n",
    });
    const run = weir(['ls', '-s', 'resource_type:snapshot', '--output', 'json'], dir);
    expect(run.code, run.output).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toMatchObject({ unique_id: 'snapshot.shop.a_snap', resource_type: 'snapshot', original_file_path: 'snapshots/a.sql' });
  });

  it("gives a block's fqn its file's name, as dbt: config trees and fqn selectors key on the file", () => {
    const dir = makeProject({
      // dbt: snapshots/history/people.sql holding {% snapshot people_snap %} is [shop, history, people, people_snap].
      'project.yml': 'name: shop\nsnapshots:\n  shop:\n    history:\n      people:\n        +tags: [from_file]\n      people_snap:\n        +tags: [never]\n',
      'models/a.sql': "select 1 as id, timestamp '2024-01-01' as at",
      'snapshots/history/people.sql': "{% snapshot people_snap %}\n{{ config(unique_key='id', strategy='timestamp', updated_at='at') }}\nselect * from {{ ref('a') }}\n{% endsnapshot %}\n",
      'snapshots/plain.yml': "snapshots:\n  - name: plain_snap\n    relation: ref('a')\n    config: {unique_key: id, strategy: timestamp, updated_at: at}\n",
    });
    const listed = (select: string) => weir(['ls', '-s', select, '--output', 'json', '--output-keys', 'unique_id,tags'], dir).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(listed('resource_type:snapshot')).toEqual([
      { unique_id: 'snapshot.shop.people_snap', tags: ['from_file'] },
      { unique_id: 'snapshot.shop.plain_snap', tags: [] },
    ]);
    expect(listed('shop.history.people')).toEqual([{ unique_id: 'snapshot.shop.people_snap', tags: ['from_file'] }]);
    expect(weir(['parse'], dir).code).toBe(0);
    const { nodes } = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8'));
    expect(nodes['snapshot.shop.people_snap'].fqn).toEqual(['shop', 'history', 'people', 'people_snap']);
    // A yml-declared snapshot's fqn has no file part (dbt's get_fqn_prefix of the yml).
    expect(nodes['snapshot.shop.plain_snap'].fqn).toEqual(['shop', 'plain_snap']);
  });
});
