import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DUCKDB, POSTGRES, TRINO, queryEngine, type EngineTarget, type TestEngine } from '../helpers/engines.js';
import { json, startServer, type TestServer } from '../helpers/ingest.js';
import { weirAsync } from '../helpers/ingest.js';
import { describePg } from '../helpers/postgres.js';
import { describeTrino } from '../helpers/trino.js';
import { makeProject, writeFiles } from '../helpers/project.js';

// Several CLI runs per test, on a machine other jobs share: give them room.
vi.setConfig({ testTimeout: 180_000 });

/**
 * Ingestion on every engine through the CLI: the adapter's bulk paths (DuckDB read_json/read_csv,
 * PostgreSQL COPY, Trino's batched INSERTs) must give the same tables, evolve them the same way and fail the same way.
 */
function ingestConformance(engine: TestEngine) {
  let target: EngineTarget;
  let server: TestServer;
  let payload: unknown = [];
  beforeEach(async () => {
    target = await engine.prepare();
    server = await startServer((_req, res, url) => {
      if (url.pathname === '/broken') return json(res, '{"items": [1,');
      const page = Number(url.searchParams.get('page') ?? 1);
      const items = Array.isArray(payload) ? payload.slice((page - 1) * 2, page * 2) : [];
      json(res, { items });
    });
  });
  afterEach(async () => {
    await server.close();
    await target.cleanup();
  });
  const project = (tables: string) => makeProject({
    'project.yml': `name: conf\n${target.targetsYaml}`,
    'sources/raw.yml': `sources:\n  - name: raw\n    schema: ${target.schema}\n    tables:\n${tables}`,
    'models/stg_people.sql': "select id, name, city from {{ source('raw', 'people') }}",
  });
  const query = (dir: string, sql: string) => queryEngine(target, dir, sql.replaceAll('{s}', `"${target.schema}"`));

  it('loads an API with merge, nested JSON and schema evolution, and keeps the data when a load fails', async () => {
    const tables = (url: string) => [
      '      - name: people',
      '        ingest:',
      `          http: {url: "${url}", records: items, pagination: {type: page, page_size: 2, size_param: n}, retries: {max_attempts: 1}}`,
      '          write_disposition: merge',
      '          primary_key: id',
      '',
    ].join('\n');
    payload = [
      { id: 1, name: 'Ann', city: 'Oslo', score: 1, address: { zip: '0150' } },
      { id: 2, name: 'Bob', city: 'Rome', score: 2 },
      { id: 1, name: 'Ann B', city: 'Oslo', score: 3 },
    ];
    const dir = project(tables(`${server.url}/people`));
    const first = await weirAsync(['build'], dir);
    expect(first.output).toContain('PASS=2 WARN=0 ERROR=0');
    expect(await query(dir, 'select id, name, city from {s}.people order by id')).toEqual([
      { id: engine.name === 'duckdb' ? 1n : 1, name: 'Ann B', city: 'Oslo' },
      { id: engine.name === 'duckdb' ? 2n : 2, name: 'Bob', city: 'Rome' },
    ].map((r) => ({ ...r, id: typeof r.id === 'bigint' ? r.id : expect.anything() })));
    payload = [{ id: 2, name: 'Bob', city: 'Paris', score: 2.5, vip: true }];
    const second = await weirAsync(['ingest'], dir);
    expect(second.output).toContain('PASS=1');
    const rows = await query(dir, 'select cast(id as integer) as id, city, score, vip from {s}.people order by id');
    expect(rows.map((r) => ({ ...r, score: Number(r.score) }))).toEqual([
      { id: 1, city: 'Oslo', score: 3, vip: null }, { id: 2, city: 'Paris', score: 2.5, vip: true },
    ]);
    writeFiles(dir, { 'sources/raw.yml': `sources:\n  - name: raw\n    schema: ${target.schema}\n    tables:\n${tables(`${server.url}/broken`)}` });
    const broken = await weirAsync(['build'], dir);
    expect(broken.code).toBe(1);
    expect(broken.output).toMatch(/page 1 of GET http:\/\/127\.0\.0\.1:\d+\/broken\?page=1&n=2 is not valid JSON/);
    expect(broken.output).toContain('SKIP=1');
    expect((await query(dir, 'select count(*) as n from {s}.people')).map((r) => Number(r.n))).toEqual([2]);
    expect(await query(dir, `select table_name from information_schema.tables where table_schema = '${target.schema}' and table_name like '%weir_ingest%'`)).toEqual([]);
  });

  it('loads CSV files through the native path, quarantining bad rows with their line numbers', async () => {
    const dir = project([
      '      - name: people',
      '        ingest:',
      '          file: {path: "data/*.csv"}',
      '          on_bad_rows: skip',
      '',
    ].join('\n'));
    writeFiles(dir, {
      'data/a.csv': 'id,name,city\r\n1,Ann,Oslo\r\n2,Bob,Rome,extra\r\n',
      'data/b.csv': 'id,name,city\n3,"Cy, Jr",Lima\n4,Di\n',
    });
    const run = await weirAsync(['build'], dir);
    expect(run.output).toContain('PASS=2 WARN=0 ERROR=0');
    expect(run.output).toContain('2 bad rows quarantined');
    expect((await query(dir, 'select cast(id as integer) as id, name, city from {s}.people order by id'))).toEqual([
      { id: 1, name: 'Ann', city: 'Oslo' }, { id: 3, name: 'Cy, Jr', city: 'Lima' },
    ]);
    const quarantine = await query(dir, 'select source, cast(line as integer) as line, raw from {s}.people__quarantine order by source');
    expect(quarantine).toEqual([{ source: 'data/a.csv', line: 3, raw: '2,Bob,Rome,extra' }, { source: 'data/b.csv', line: 3, raw: '4,Di' }]);
  });

  it('merges CSV files on a primary key: the latest row wins, later in a file and in later files, also within one load', async () => {
    const dir = project([
      '      - name: people',
      '        ingest:',
      '          file: {path: "data/*.csv"}',
      '          write_disposition: merge',
      '          primary_key: id',
      '',
    ].join('\n'));
    writeFiles(dir, {
      'data/a.csv': 'id,name,city\n1,Ann,Oslo\n2,Bob,Rome\n1,Ann B,Oslo\n',
      'data/b.csv': 'id,name,city\n2,Bob B,Rome\n3,Cy,Lima\n3,Cy B,Lima\n',
    });
    const people = () => query(dir, 'select cast(id as integer) as id, name from {s}.people order by id');
    expect((await weirAsync(['ingest'], dir)).output).toContain('PASS=1');
    expect(await people()).toEqual([{ id: 1, name: 'Ann B' }, { id: 2, name: 'Bob B' }, { id: 3, name: 'Cy B' }]);
    writeFiles(dir, { 'data/a.csv': 'id,name,city\n3,Cy C,Lima\n4,Di,Kyiv\n', 'data/b.csv': 'id,name,city\n4,Di B,Kyiv\n' });
    expect((await weirAsync(['ingest'], dir)).output).toContain('PASS=1');
    expect(await people()).toEqual([{ id: 1, name: 'Ann B' }, { id: 2, name: 'Bob B' }, { id: 3, name: 'Cy C' }, { id: 4, name: 'Di B' }]);
    const columns = await query(dir, `select column_name from information_schema.columns where table_schema = '${target.schema}' and table_name = 'people' order by column_name`);
    expect(columns.map((c) => c.column_name)).toEqual(['_weir_batch_id', '_weir_loaded_at', 'city', 'id', 'name']);
  });

  it('reads every delimiter, quote, escape, header and encoding option the same way, with and without bad rows', async () => {
    const table = (name: string, file: string) => [`      - name: ${name}`, '        ingest:', `          file: ${file}`, '          on_bad_rows: skip'].join('\n');
    const dir = project([
      '      - name: people',
      table('semi', '{path: data/semi.csv, delimiter: ";"}'),
      table('semi_bad', '{path: data/semi_bad.csv, delimiter: ";"}'),
      table('tab', '{path: data/tab.tsv, delimiter: "\\t"}'),
      table('pipes', '{path: data/pipes.csv, delimiter: "||"}'),
      table('single', `{path: data/single.csv, quote: "'"}`),
      table('escaped', '{path: data/escaped.csv, escape: "\\\\"}'),
      table('headless', '{path: data/headless.csv, header: false}'),
      table('latin', '{path: data/latin.csv, encoding: latin1}'),
      table('wide', '{path: data/wide.csv, encoding: utf-16}'),
      table('bom', '{path: data/bom.csv}'),
      '',
    ].join('\n'));
    writeFiles(dir, {
      'data/semi.csv': 'id;name\n1;"a;b"\n2;c\n',
      'data/semi_bad.csv': 'id;name\n1;"a;b"\n2;c;extra\n3;d\n',
      'data/tab.tsv': 'id\tname\n1\ta b\n2\tc\n',
      'data/pipes.csv': 'id||name\n1||a|b\n2||c\n',
      'data/single.csv': "id,name\n1,'a, b'\n2,'it''s'\n",
      'data/escaped.csv': 'id,name\n1,"say \\"hi\\""\n2,c\n',
      'data/headless.csv': '1,a\n2,b\n',
      'data/bom.csv': '\uFEFFid,name\n1,a\n2,b\n',
    });
    writeFileSync(join(dir, 'data/latin.csv'), Buffer.from('id,name\n1,café\n2,Zoë\n', 'latin1'));
    writeFileSync(join(dir, 'data/wide.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,name\n1,ünï\n2,€\n', 'utf16le')]));
    const run = await weirAsync(['ingest'], dir);
    expect(run.output).toContain('PASS=10 WARN=0 ERROR=0');
    const rows = async (name: string, columns = 'id, name') => (await query(dir, `select ${columns} from {s}.${name} order by 1`)).map((r) => Object.values(r).map(String));
    expect(await rows('semi')).toEqual([['1', 'a;b'], ['2', 'c']]);
    expect(await rows('semi_bad')).toEqual([['1', 'a;b'], ['3', 'd']]);
    expect(await rows('tab')).toEqual([['1', 'a b'], ['2', 'c']]);
    expect(await rows('pipes')).toEqual([['1', 'a|b'], ['2', 'c']]);
    expect(await rows('single')).toEqual([['1', 'a, b'], ['2', "it's"]]);
    expect(await rows('escaped')).toEqual([['1', 'say "hi"'], ['2', 'c']]);
    expect(await rows('headless', 'column0, column1')).toEqual([['1', 'a'], ['2', 'b']]);
    expect(await rows('latin')).toEqual([['1', 'café'], ['2', 'Zoë']]);
    expect(await rows('wide')).toEqual([['1', 'ünï'], ['2', '€']]);
    expect(await rows('bom')).toEqual([['1', 'a'], ['2', 'b']]);
  });

  it('a replace load keeps the views built on the raw table (PostgreSQL drops them with it: they are recreated)', async () => {
    const dir = project([
      '      - name: people',
      '        ingest:',
      '          file: {path: "data/people.csv"}',
      '',
    ].join('\n'));
    writeFiles(dir, { 'data/people.csv': 'id,name,city\n1,Ann,Oslo\n' });
    expect((await weirAsync(['build'], dir)).output).toContain('PASS=2 WARN=0 ERROR=0');
    writeFiles(dir, { 'data/people.csv': 'id,name,city\n1,Ann,Oslo\n2,Bob,Rome\n' });
    // Only the load runs: the view model is not rebuilt, yet it must still be there and read the new table.
    const ingest = await weirAsync(['ingest'], dir);
    expect(ingest.output).toContain('PASS=1 WARN=0 ERROR=0');
    expect(await query(dir, 'select name from {s}.stg_people order by id')).toEqual([{ name: 'Ann' }, { name: 'Bob' }]);
    expect(await query(dir, `select table_name from information_schema.tables where table_schema = '${target.schema}' and table_name like '%weir%'`)).toEqual([]);
  });

  it('infers date-only strings in JSON as dates; a date field widens to timestamp or text, and an integer is a type change', async () => {
    const dir = project([
      '      - name: people',
      '      - name: events',
      '        ingest:',
      '          file: {path: "data/events.json"}',
      '          write_disposition: append',
      '',
    ].join('\n'));
    writeFiles(dir, { 'data/events.json': JSON.stringify([
      { id: 1, day: '2024-09-13', due: '2024-02-29', at: '2024-09-13T10:00:00Z', note: '2024-09-13' },
      { id: 2, day: null, due: '2024-03-01', at: '2024-09-14', note: 'later' },
      { id: 3, day: '2024-09-15', due: null, at: null, note: '2024-02-30' },
    ]) });
    const types = async () => Object.fromEntries((await query(dir, `select column_name, data_type from information_schema.columns where table_schema = '${target.schema}' and table_name = 'events'`))
      .filter((c) => !String(c.column_name).startsWith('_weir')).map((c) => [c.column_name, String(c.data_type).toLowerCase()]));
    const TS = engine.name === 'trino' ? 'timestamp(6) with time zone' : 'timestamp with time zone';
    const TEXT = engine.name === 'postgres' ? 'text' : 'varchar';
    expect((await weirAsync(['ingest'], dir)).output).toContain('PASS=1');
    expect(await types()).toEqual({ id: 'bigint', day: 'date', due: 'date', at: TS, note: TEXT });
    const days = () => query(dir, `select cast(id as integer) as id, cast(day as ${TEXT}) as day from {s}.events order by id, day`);
    expect(await days()).toEqual([{ id: 1, day: '2024-09-13' }, { id: 2, day: null }, { id: 3, day: '2024-09-15' }]);

    // The next load: day turns timestamp (widens), due turns text (widens to text).
    writeFiles(dir, { 'data/events.json': JSON.stringify([{ id: 4, day: '2024-09-16T08:30:00Z', due: 'never', at: '2024-09-16', note: 'x' }]) });
    expect((await weirAsync(['ingest'], dir)).output).toContain('PASS=1');
    expect(await types()).toEqual({ id: 'bigint', day: TS, due: TEXT, at: TS, note: TEXT });
    expect((await query(dir, `select cast(due as ${TEXT}) as due from {s}.events where id in (1, 4) order by id`))).toEqual([{ due: '2024-02-29' }, { due: 'never' }]);

    writeFiles(dir, { 'data/events.json': JSON.stringify([{ id: 5, day: 20240917 }]) });
    const failed = await weirAsync(['ingest'], dir);
    expect(failed.code).toBe(1);
    expect(failed.output).toMatch(/source raw\.events: field 'day' changed type from timestamp to integer/);
  });
}

describe('ingest on DuckDB', () => ingestConformance(DUCKDB));
describePg('ingest on PostgreSQL', () => ingestConformance(POSTGRES));
describeTrino('ingest on Trino', () => ingestConformance(TRINO));
