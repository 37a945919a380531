import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi, afterEach, describe, expect, it } from 'vitest';
import { makeProject } from '../helpers/project.js';
import { queryDuckDb } from '../helpers/duckdb.js';
import { FAST_RETRIES, json, startServer, users, weirAsync, type TestServer } from '../helpers/ingest.js';

// Several CLI runs per test, on a machine other jobs share: give them room.
vi.setConfig({ testTimeout: 180_000 });

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A project whose source `shop.users` is loaded from `http` (yml lines under `http:`). */
function project(http: string, extra = '', models: Record<string, string> = {}) {
  return makeProject({
    'project.yml': 'name: shop\n',
    'sources/shop.yml': [
      'sources:',
      '  - name: shop',
      '    schema: raw_shop',
      '    tables:',
      '      - name: users',
      '        ingest:',
      '          http:',
      ...http.split('\n').filter(Boolean).map((l) => `            ${l.trimStart()}`),
      ...extra.split('\n').filter(Boolean).map((l) => `          ${l.trimStart()}`),
      '',
    ].join('\n'),
    ...models,
  });
}

const offsetServer = (total: number) => startServer((_req, res, url) => {
  const offset = Number(url.searchParams.get('offset'));
  const limit = Number(url.searchParams.get('limit'));
  json(res, { data: { items: users(offset + 1, Math.min(offset + limit, total)) }, total });
});

describe('weir ingest: HTTP JSON APIs', () => {
  it('pages with offset/limit into a typed raw table that source() models build on', async () => {
    server = await offsetServer(250);
    const dir = project([
      `      url: ${server.url}/users`,
      '      records: data.items',
      '      headers: {Authorization: "Bearer {{ env_var(\'SHOP_TOKEN\') }}"}',
      '      pagination: {type: offset, page_size: 100}',
    ].join('\n'), '', {
      'models/stg_users.sql': "select id, name, address->>'city' as city from {{ source('shop', 'users') }}",
    });
    const run = await weirAsync(['build'], dir, { SHOP_TOKEN: 'tok-secret-123' });
    expect(run.output).toContain('PASS=2');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/ingested \(250 records from 3 pages\) into "raw_shop"."users"/);
    expect(server.requests.map((r) => r.url)).toEqual(['/users?offset=0&limit=100', '/users?offset=100&limit=100', '/users?offset=200&limit=100']);
    expect(server.requests[0]!.headers.authorization).toBe('Bearer tok-secret-123');
    const types = await queryDuckDb(dir, "select column_name, data_type from information_schema.columns where table_name = 'users' order by ordinal_position");
    expect(types).toEqual([
      { column_name: 'id', data_type: 'BIGINT' },
      { column_name: 'name', data_type: 'VARCHAR' },
      { column_name: 'score', data_type: 'DOUBLE' },
      { column_name: 'active', data_type: 'BOOLEAN' },
      { column_name: 'signed_up_at', data_type: 'TIMESTAMP WITH TIME ZONE' },
      { column_name: 'address', data_type: 'JSON' },
      { column_name: 'tags', data_type: 'JSON' },
      { column_name: '_weir_loaded_at', data_type: 'TIMESTAMP WITH TIME ZONE' },
      { column_name: '_weir_batch_id', data_type: 'VARCHAR' },
    ]);
    const rows = await queryDuckDb(dir, "select count(*) as n, count(distinct id) as ids, max(city) filter (where id = 7) as city from main.stg_users");
    expect(rows).toEqual([{ n: 250n, ids: 250n, city: 'c7' }]);
    const meta = await queryDuckDb(dir, 'select count(distinct _weir_batch_id) as batches, count(_weir_loaded_at) as stamped from raw_shop.users');
    expect(meta).toEqual([{ batches: 1n, stamped: 250n }]);
    // Raw responses are landed as-is, and the token appears in no artifact.
    const lake = join(dir, 'target/lake/shop/users');
    const batches = readdirSync(lake);
    expect(batches).toHaveLength(1);
    expect(readdirSync(join(lake, batches[0]!)).sort()).toEqual(['000001.json', '000002.json', '000003.json', '_loaded.json', 'index.jsonl']);
    expect(JSON.parse(readFileSync(join(lake, batches[0]!, '_loaded.json'), 'utf8'))).toMatchObject({ batch_id: batches[0], rows: 250 });
    expect(JSON.parse(readFileSync(join(lake, batches[0]!, '000002.json'), 'utf8')).data.items[0].id).toBe(101);
    expect(grepDir(join(dir, 'target'), 'tok-secret-123')).toEqual([]);
    expect(run.output).not.toContain('tok-secret-123');
  });

  it('puts ingest nodes in the DAG: ls, source:shop+ selection, weir ingest, and a failed load skips what reads it', async () => {
    server = await offsetServer(5);
    const dir = project(`url: ${server.url}/users\nrecords: data.items\npagination: {type: offset, page_size: 100}`, '', {
      'models/stg_users.sql': "select * from {{ source('shop', 'users') }}",
      'models/other.sql': 'select 1 as x',
      'sources/declared.yml': 'sources:\n  - name: legacy\n    tables: [{name: orders}]\n',
    });
    const ls = await weirAsync(['ls', '--output', 'json', '-s', 'source:shop+'], dir);
    const listed = ls.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(listed.map((n: { unique_id: string }) => n.unique_id).sort()).toEqual([
      'ingest.shop.shop.users', 'model.shop.stg_users', 'source.shop.shop.users',
    ]);
    expect(listed.find((n: { unique_id: string }) => n.unique_id === 'source.shop.shop.users').depends_on).toEqual({ macros: [], nodes: ['ingest.shop.shop.users'] });
    const ingest = await weirAsync(['ingest'], dir);
    expect(ingest.output).toContain('PASS=1 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=1');
    expect(ingest.stdout).toMatch(/START ingest http "raw_shop"\."users"/);
    expect(ingest.stdout).toMatch(/OK ingested \(5 records from 1 page\) into "raw_shop"\."users"/);
    await server.close();
    server = await startServer((_req, res) => json(res, { nope: true }));
    writeFileSync(join(dir, 'sources/shop.yml'), readFileSync(join(dir, 'sources/shop.yml'), 'utf8').replace(/http:\/\/127\.0\.0\.1:\d+/, server.url));
    const build = await weirAsync(['build', '-s', 'source:shop+', 'other'], dir);
    expect(build.code).toBe(1);
    expect(build.output).toContain("has no records path 'data.items'");
    expect(build.output).toContain('PASS=1 WARN=0 ERROR=1 SKIP=1 NO-OP=0 TOTAL=3');
    // The earlier good load is still there.
    expect(await queryDuckDb(dir, 'select count(*) as n from raw_shop.users')).toEqual([{ n: 5n }]);
  });

  it('loads independent resources concurrently', async () => {
    let inFlight = 0;
    let most = 0;
    server = await startServer((_req, res, url) => {
      inFlight++;
      most = Math.max(most, inFlight);
      const page = Number(url.searchParams.get('page'));
      setTimeout(() => {
        inFlight--;
        json(res, { data: { items: page < 3 ? [{ id: page }] : [] } });
      }, 150);
    });
    const table = (name: string) => [
      `      - name: ${name}`,
      '        ingest:',
      `          http: {url: "${server!.url}/${name}", records: data.items, pagination: {type: page}}`,
    ].join('\n');
    const dir = makeProject({
      'project.yml': 'name: shop\n',
      'sources/shop.yml': ['sources:', '  - name: shop', '    tables:', table('users'), table('carts'), table('orders'), ''].join('\n'),
    });
    const run = await weirAsync(['ingest', '--threads', '3'], dir);
    expect(run.output).toContain('PASS=3 WARN=0 ERROR=0');
    expect(server.requests).toHaveLength(9);
    expect(most).toBeGreaterThanOrEqual(2);
  });

  it('rejects a bad ingest block before running anything, naming the file, line and key', async () => {
    const dir = project('url: http://127.0.0.1:1/x\npagination: {type: offset, page_sise: 10}', 'write_disposition: merge');
    const run = await weirAsync(['ingest'], dir);
    expect(run.code).toBe(2);
    expect(run.output).toMatch(/sources\/shop\.yml:\d+ \(at sources\[0\]\.tables\[0\]\.ingest\.http\.pagination\.page_sise\): unknown key 'page_sise'/);
    expect(run.output).toMatch(/sources\/shop\.yml:\d+ \(at sources\[0\]\.tables\[0\]\.ingest\.primary_key\): write_disposition 'merge' needs a primary_key/);
  });
});

/** Files under `dir` whose bytes contain `needle`. */
export function grepDir(dir: string, needle: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((path) => readFileSync(path).includes(needle));
}
