import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planBatches } from '../../src/core/microbatch-batches.js';
import { targetSchemaErrors } from '../helpers/dbt-schemas.js';
import { queryDuckDb } from '../helpers/duckdb.js';
import { describePg, dropSchemas, freshSchema, pgQuery } from '../helpers/postgres.js';
import { makeProject, weir, writeFiles } from '../helpers/project.js';
import { describeTrino, dropTrinoSchemas, trinoQuery, trinoTarget } from '../helpers/trino.js';

/** dbt 1.9's microbatch incremental strategy. */
const MB = "{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='ts', batch_size='day', begin='2024-01-01') }}";
const SQL = "select id, ts, amount * 2 as doubled from {{ ref('events') }}";
const SEED = 'id,ts,amount\n1,2024-01-01 01:00:00,10\n2,2024-01-01 23:00:00,20\n3,2024-01-02 05:00:00,30\n4,2024-01-03 12:00:00,40\n5,2024-01-03 23:59:59,50\n';
const files = (extra: Record<string, string> = {}) => ({
  'dbt_project.yml': 'name: mb\nprofile: mb\nseeds:\n  mb:\n    +event_time: ts\n',
  'profiles.yml': 'mb:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: target/dev.duckdb\n',
  'seeds/events.csv': SEED,
  'models/mb.sql': `${MB}\n${SQL}`,
  'models/as_table.sql': `{{ config(materialized='table') }}\n${SQL}`,
  ...extra,
});
const results = (dir: string) => (JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')) as { results: Array<Record<string, any>> }).results;
const resultOf = (dir: string, id: string) => results(dir).find((r) => r.unique_id === id)!;
const day = (d: string) => [`${d}T00:00:00+00:00`, `${new Date(Date.parse(d) + 86_400_000).toISOString().slice(0, 10)}T00:00:00+00:00`];

describe('microbatch batches', () => {
  const now = new Date('2024-01-03T10:30:00Z');
  const plan = { size: 'day' as const, begin: new Date('2024-01-01T06:00:00Z'), lookback: 1, now };
  it('start at begin on a first build, lookback batches before the current one later, and end at now', () => {
    expect(planBatches({ ...plan, incremental: false }).map((b) => b.start.toISOString().slice(0, 10))).toEqual(['2024-01-01', '2024-01-02', '2024-01-03']);
    expect(planBatches({ ...plan, incremental: true }).map((b) => b.start.toISOString().slice(0, 10))).toEqual(['2024-01-02', '2024-01-03']);
    expect(planBatches({ ...plan, incremental: true, lookback: 0 }).map((b) => [b.start.toISOString(), b.end.toISOString()])).toEqual([['2024-01-03T00:00:00.000Z', '2024-01-04T00:00:00.000Z']]);
    expect(planBatches({ ...plan, size: 'month', incremental: false, eventTimeStart: new Date('2023-11-15T00:00:00Z') }).map((b) => b.start.toISOString().slice(0, 7))).toEqual(['2023-11', '2023-12', '2024-01']);
    expect(planBatches({ ...plan, size: 'hour', incremental: false, eventTimeStart: new Date('2024-01-03T08:10:00Z') }).length).toBe(3);
  });
});

describe('microbatch models on DuckDB', () => {
  it('builds the same rows as a table over the same seed, one batch a day, with batch_results as dbt writes them', async () => {
    const dir = makeProject(files());
    const run = weir(['build', '--event-time-start', '2024-01-01', '--event-time-end', '2024-01-04'], dir);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('1 of 3 START batch 2024-01-01 of main.mb');
    expect(run.output).toContain('3 of 3 OK created batch 2024-01-03 of main.mb');
    const rows = (table: string) => queryDuckDb(dir, `select id, ts::varchar as ts, doubled from ${table} order by id`);
    expect(await rows('mb')).toEqual(await rows('as_table'));
    expect((await rows('mb')).length).toBe(5);
    expect(resultOf(dir, 'model.mb.mb')).toMatchObject({ status: 'success', message: 'SUCCESS', batch_results: { successful: [day('2024-01-01'), day('2024-01-02'), day('2024-01-03')], failed: [] } });
    expect(readFileSync(join(dir, 'target/compiled/mb/models/mb/mb_2024-01-01.sql'), 'utf8')).toContain("where ts >= '2024-01-01 00:00:00+00:00' and ts < '2024-01-02 00:00:00+00:00'");
    expect(readFileSync(join(dir, 'target/compiled/mb/models/mb.sql'), 'utf8')).toContain(`from (select * from "dev"."main"."events" where ts >= '2024-01-03 00:00:00+00:00' and ts < '2024-01-04 00:00:00+00:00')`);
  });

  it('--event-time-start and --event-time-end limit the batches; the rows outside them stay', async () => {
    const dir = makeProject(files());
    expect(weir(['build', '--event-time-start', '2024-01-01', '--event-time-end', '2024-01-04'], dir).code).toBe(0);
    writeFiles(dir, { 'seeds/events.csv': SEED.replace(/,(\d+)\n/g, ',$10\n') });
    expect(weir(['seed'], dir).code).toBe(0);
    const run = weir(['run', '-s', 'mb', '--event-time-start', '2024-01-02T10:00:00', '--event-time-end', '2024-01-03'], dir);
    expect(run.code, run.output).toBe(0);
    expect(resultOf(dir, 'model.mb.mb').batch_results).toEqual({ successful: [day('2024-01-02')], failed: [] });
    expect(await queryDuckDb(dir, 'select id::int as id, doubled::int as doubled from mb order by id')).toEqual([
      { id: 1, doubled: 20 }, { id: 2, doubled: 40 }, { id: 3, doubled: 600 }, { id: 4, doubled: 80 }, { id: 5, doubled: 100 },
    ]);
    const bad = weir(['run', '--event-time-start', '2024-01-05', '--event-time-end', '2024-01-04'], dir);
    expect(bad.output).toContain('Value for `--event-time-start` must be less than `--event-time-end`');
    expect(weir(['run', '--event-time-start', 'yesterday'], dir).output).toContain("--event-time-start: 'yesterday' is not a date or timestamp");
  });

  it('a second run with lookback rebuilds only the last batches', async () => {
    const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    const seed = (amount: number) => `id,ts,amount\n1,${iso(2)} 12:00:00,${amount}\n2,${iso(1)} 12:00:00,${amount}\n3,${iso(0)} 00:00:00,${amount}\n`;
    const dir = makeProject(files({ 'seeds/events.csv': seed(1), 'models/mb.sql': `${MB.replace('2024-01-01', iso(2))}\n${SQL}` }));
    expect(weir(['build', '-s', 'events', 'mb'], dir).code).toBe(0);
    expect(resultOf(dir, 'model.mb.mb').batch_results.successful.length).toBe(3);
    writeFiles(dir, { 'seeds/events.csv': seed(5) });
    const run = weir(['build', '-s', 'events', 'mb'], dir);
    expect(run.code, run.output).toBe(0);
    expect(resultOf(dir, 'model.mb.mb').batch_results).toEqual({ successful: [day(iso(1)), day(iso(0))], failed: [] });
    expect(await queryDuckDb(dir, 'select id::int as id, doubled::int as doubled from mb order by id')).toEqual([{ id: 1, doubled: 2 }, { id: 2, doubled: 10 }, { id: 3, doubled: 10 }]);
  });

  it('a failed batch leaves the others committed and the table usable; the run reports a partial success', async () => {
    const failing = `${MB}\n{% if model.batch.id == '20240102' %}select * from no_such_table{% else %}${SQL}{% endif %}`;
    const dir = makeProject(files({ 'models/mb.sql': failing, 'models/after.sql': "select * from {{ ref('mb') }}" }));
    const run = weir(['build', '--event-time-start', '2024-01-01', '--event-time-end', '2024-01-04'], dir);
    expect(run.code).toBe(1);
    expect(run.output).toContain('2 of 3 ERROR creating batch 2024-01-02 of main.mb');
    expect(run.output).toMatch(/no_such_table/);
    expect(resultOf(dir, 'model.mb.mb')).toMatchObject({
      status: 'partial success', message: 'PARTIAL SUCCESS (2/3)', batch_results: { successful: [day('2024-01-01'), day('2024-01-03')], failed: [day('2024-01-02')] },
    });
    expect(resultOf(dir, 'model.mb.after').status).toBe('skipped');
    expect(targetSchemaErrors(join(dir, 'target'))['run_results.json']).toEqual([]);
    expect(await queryDuckDb(dir, 'select id::int as id from mb order by id')).toEqual([{ id: 1 }, { id: 2 }, { id: 4 }, { id: 5 }]);
    // weir retry, as dbt's: only the failed batch is built again, and the earlier successes are reported with it.
    writeFiles(dir, { 'models/mb.sql': `${MB}\n${SQL}` });
    const retry = weir(['retry'], dir);
    expect(retry.code, retry.output).toBe(0);
    expect(retry.output).toContain('1 of 1 START batch 2024-01-02 of main.mb');
    expect(resultOf(dir, 'model.mb.mb')).toMatchObject({ status: 'success', batch_results: { successful: [day('2024-01-02'), day('2024-01-01'), day('2024-01-03')], failed: [] } });
    expect(resultOf(dir, 'model.mb.after').status).toBe('success');
    expect(await queryDuckDb(dir, 'select id::int as id from mb order by id')).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }, { id: 5 }]);
  });

  it("filters a source by its config's event_time", async () => {
    const dir = makeProject(files({
      'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    schema: main\n    tables:\n      - name: events\n        config:\n          event_time: ts\n          enabled: true\n',
      'models/mb.sql': `${MB}\nselect id, ts, amount * 2 as doubled from {{ source('raw', 'events') }}`,
    }));
    expect(weir(['seed'], dir).code).toBe(0);
    const run = weir(['run', '-s', 'mb', '--event-time-start', '2024-01-02', '--event-time-end', '2024-01-03'], dir);
    expect(run.code, run.output).toBe(0);
    expect(await queryDuckDb(dir, 'select id::int as id from mb order by id')).toEqual([{ id: 3 }]);
  });

  it('names a missing event_time, an unknown batch_size and a begin that is no date with file and line, in dbt terms', () => {
    const output = (config: string) => weir(['ls'], makeProject(files({ 'models/mb.sql': `\n{{ config(materialized='incremental', incremental_strategy='microbatch', ${config}) }}\n${SQL}` }))).output;
    expect(output("batch_size='day', begin='2024-01-01'")).toMatch(/models\/mb\.sql:2.*Microbatch model 'mb' must provide an 'event_time' \(string\) config/);
    expect(output("event_time='ts', batch_size='week', begin='2024-01-01'")).toMatch(/models\/mb\.sql:2.*batch_size.*must be one of hour, day, month, year/);
    expect(output("event_time='ts', batch_size='day', begin='soon'")).toMatch(/models\/mb\.sql:2.*begin.*must be a date or timestamp in ISO format/);
    expect(output("event_time='ts', batch_size='day'")).toMatch(/Microbatch model 'mb' must provide a 'begin' \(datetime\) config/);
  });
});

describePg('microbatch models on PostgreSQL', (url) => {
  const schema = freshSchema('weir_mb');
  afterAll(() => dropSchemas(schema, url));

  it('builds the same rows as a table, one batch a day', async () => {
    const u = new URL(url);
    const profile = `mb:\n  target: pg\n  outputs:\n    pg:\n      type: postgres\n      host: ${u.hostname}\n      port: ${u.port || 5432}\n      user: ${u.username}\n      dbname: ${u.pathname.slice(1)}\n      schema: ${schema}\n`;
    const dir = makeProject(files({ 'profiles.yml': profile }));
    const run = weir(['build', '--event-time-start', '2024-01-01', '--event-time-end', '2024-01-04'], dir);
    expect(run.code, run.output).toBe(0);
    const rows = (table: string) => pgQuery(`select id, ts::text as ts, doubled from "${schema}".${table} order by id`, url);
    expect(await rows('mb')).toEqual(await rows('as_table'));
    expect((await rows('mb')).length).toBe(5);
    writeFiles(dir, { 'seeds/events.csv': SEED.replace(/,(\d+)\n/g, ',$10\n') });
    expect(weir(['seed'], dir).code).toBe(0);
    expect(weir(['run', '-s', 'mb', '--event-time-start', '2024-01-03', '--event-time-end', '2024-01-04'], dir).code).toBe(0);
    expect(await pgQuery(`select id::int as id, doubled::int as doubled from "${schema}".mb order by id`, url)).toEqual([
      { id: 1, doubled: 20 }, { id: 2, doubled: 40 }, { id: 3, doubled: 60 }, { id: 4, doubled: 800 }, { id: 5, doubled: 1000 },
    ]);
  });
});

describeTrino('microbatch models on Trino', () => {
  const schema = freshSchema('weir_mb');
  afterAll(() => dropTrinoSchemas(schema));

  it('builds the same rows as a table, and a batch run replaces its window only', async () => {
    const { host, port } = trinoTarget(schema);
    const profile = `mb:\n  target: t\n  outputs:\n    t:\n      type: trino\n      host: ${host}\n      port: ${port}\n      user: weir\n      database: iceberg\n      schema: ${schema}\n`;
    const dir = makeProject(files({ 'profiles.yml': profile }));
    const run = weir(['build', '--event-time-start', '2024-01-01', '--event-time-end', '2024-01-04'], dir);
    expect(run.code, run.output).toBe(0);
    const rows = (table: string) => trinoQuery(`select id, cast(ts as varchar) as ts, doubled from "${schema}".${table} order by id`);
    expect(await rows('mb')).toEqual(await rows('as_table'));
    writeFiles(dir, { 'seeds/events.csv': SEED.replace(/,(\d+)\n/g, ',$10\n') });
    expect(weir(['seed'], dir).code).toBe(0);
    expect(weir(['run', '-s', 'mb', '--event-time-start', '2024-01-03', '--event-time-end', '2024-01-04'], dir).code).toBe(0);
    expect((await trinoQuery(`select doubled from "${schema}".mb order by id`)).map((r) => Number(r.doubled))).toEqual([20, 40, 60, 800, 1000]);
  });
});
