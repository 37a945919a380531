import { vi, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DUCKDB, POSTGRES, queryEngine, type EngineTarget, type TestEngine } from '../helpers/engines.js';
import { json, startServer, type TestServer } from '../helpers/ingest.js';
import { weirAsync } from '../helpers/ingest.js';
import { describePg } from '../helpers/postgres.js';
import { makeProject, writeFiles } from '../helpers/project.js';

// Several CLI runs per test, on a machine other jobs share: give them room.
vi.setConfig({ testTimeout: 180_000 });

/**
 * Ingestion on every engine through the CLI: the adapter's bulk paths (DuckDB read_json/read_csv,
 * PostgreSQL COPY) must give the same tables, evolve them the same way and fail the same way.
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
}

describe('ingest on DuckDB', () => ingestConformance(DUCKDB));
describePg('ingest on PostgreSQL', () => ingestConformance(POSTGRES));
