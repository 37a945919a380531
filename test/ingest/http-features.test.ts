import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { json, startServer, useIngestHarness, users } from '../helpers/ingest.js';

const t = useIngestHarness('weir-ingest-');

const ids = async (table = 'users') => (await t.h.query(`select id from raw_shop.${table} order by id`)).map((r) => Number(r.id));

describe('pagination styles', () => {
  it('page number with a size param, stopping on a short page', async () => {
    t.server = await startServer((_req, res, url) => {
      const page = Number(url.searchParams.get('p'));
      const size = Number(url.searchParams.get('per_page'));
      json(res, { data: { items: users((page - 1) * size + 1, Math.min(page * size, 23)) } });
    });
    await t.h.ingest({ http: { url: `${t.server.url}/u`, records: 'data.items', pagination: { type: 'page', page_param: 'p', size_param: 'per_page', page_size: 10 } } });
    expect(t.server.requests.map((r) => r.url)).toEqual(['/u?p=1&per_page=10', '/u?p=2&per_page=10', '/u?p=3&per_page=10']);
    expect(await ids()).toHaveLength(23);
  });

  it('offset pagination stops at the `total` field without an extra request', async () => {
    t.server = await startServer((_req, res, url) => {
      const offset = Number(url.searchParams.get('skip'));
      json(res, { rows: users(offset + 1, Math.min(offset + 5, 10)), meta: { total: 10 } });
    });
    await t.h.ingest({ http: { url: `${t.server.url}/u`, records: 'rows', pagination: { type: 'offset', offset_param: 'skip', limit_param: 'take', page_size: 5, total_path: 'meta.total' } } });
    expect(t.server.requests.map((r) => r.url)).toEqual(['/u?skip=0&take=5', '/u?skip=5&take=5']);
    expect(await ids()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('cursor: follows the next-cursor path until it is null', async () => {
    t.server = await startServer((_req, res, url) => {
      const cursor = url.searchParams.get('after');
      const page = cursor ? Number(cursor.slice(1)) : 0;
      json(res, { items: users(page * 4 + 1, page * 4 + 4), paging: { next: page < 2 ? `c${page + 1}` : null } });
    });
    await t.h.ingest({ http: { url: `${t.server.url}/u?fixed=1`, records: 'items', pagination: { type: 'cursor', cursor_path: 'paging.next', cursor_param: 'after' } } });
    expect(t.server.requests.map((r) => r.url)).toEqual(['/u?fixed=1', '/u?fixed=1&after=c1', '/u?fixed=1&after=c2']);
    expect(await ids()).toHaveLength(12);
  });

  it('Link header: follows rel="next" (relative or absolute); a bare array body needs no records path', async () => {
    t.server = await startServer((_req, res, url) => {
      const page = Number(url.searchParams.get('page') ?? 1);
      const links = [`<${page < 3 ? `/items?page=${page + 1}` : ''}>; rel="next"`, '</items?page=1>; rel="first"'];
      json(res, users(page * 10 - 9, page * 10), 200, page < 3 ? { link: links.join(', ') } : { link: '</items?page=1>; rel="first"' });
    });
    await t.h.ingest({ http: { url: `${t.server.url}/items`, pagination: { type: 'link' } } });
    expect(t.server.requests.map((r) => r.url)).toEqual(['/items', '/items?page=2', '/items?page=3']);
    expect(await ids()).toHaveLength(30);
  });

  it('a records path at a single object (CoinGecko /global: {data: {...}}) loads it as one record', async () => {
    t.server = await startServer((_req, res) => json(res, { data: { id: 7, market_cap_change_percentage_24h_usd: -1.5, total_market_cap: { usd: 10 } } }));
    await t.h.ingest({ http: { url: `${t.server.url}/global`, records: 'data' }, write_disposition: 'append' });
    await t.h.ingest({ http: { url: `${t.server.url}/global`, records: 'data' }, write_disposition: 'append' });
    expect(await t.h.query('select id, market_cap_change_percentage_24h_usd as pct, total_market_cap from raw_shop.users')).toEqual([
      { id: 7n, pct: -1.5, total_market_cap: '{"usd":10}' }, { id: 7n, pct: -1.5, total_market_cap: '{"usd":10}' },
    ]);
  });

  it('none: one request', async () => {
    t.server = await startServer((_req, res) => json(res, users(1, 3)));
    await t.h.ingest({ http: { url: `${t.server.url}/all` } });
    expect(t.server.requests).toHaveLength(1);
    expect(await ids()).toEqual([1, 2, 3]);
  });
});

describe('write dispositions and schema evolution', () => {
  let payload: unknown[] = [];
  beforeEach(async () => {
    t.server = await startServer((_req, res) => json(res, payload));
  });
  const load = (rest: Record<string, unknown> = {}) => t.h.ingest({ http: { url: `${t.server!.url}/x` }, ...rest });

  it('merge on a primary key: the latest record wins, across loads and within one', async () => {
    payload = [{ id: 1, v: 'a' }, { id: 2, v: 'b' }, { id: 1, v: 'a2' }];
    await load({ write_disposition: 'merge', primary_key: 'id', batch_size: 1 });
    expect(await t.h.query('select id, v from raw_shop.users order by id')).toEqual([{ id: 1n, v: 'a2' }, { id: 2n, v: 'b' }]);
    payload = [{ id: 2, v: 'b2' }, { id: 3, v: 'c' }];
    await load({ write_disposition: 'merge', primary_key: 'id' });
    expect(await t.h.query('select id, v from raw_shop.users order by id')).toEqual([{ id: 1n, v: 'a2' }, { id: 2n, v: 'b2' }, { id: 3n, v: 'c' }]);
    expect((await t.h.query('select count(distinct _weir_batch_id) as n from raw_shop.users'))[0]!.n).toBe(2n);
  });

  it('append adds rows; a new field adds a column; integer widens to double; pinned columns keep their type', async () => {
    payload = [{ id: 1, amount: 5 }];
    await load({ write_disposition: 'append', columns: { code: 'varchar' } });
    payload = [{ id: 2, amount: 7.25, note: 'new', code: 42 }];
    await load({ write_disposition: 'append', columns: { code: 'varchar' } });
    expect(await t.h.query('select id, amount, note, code from raw_shop.users order by id')).toEqual([
      { id: 1n, amount: 5, note: null, code: null },
      { id: 2n, amount: 7.25, note: 'new', code: '42' },
    ]);
    const types = await t.h.query("select column_name, data_type from information_schema.columns where table_name = 'users' and column_name in ('amount', 'code')");
    expect(Object.fromEntries(types.map((t) => [t.column_name, t.data_type]))).toEqual({ amount: 'DOUBLE', code: 'VARCHAR' });
  });

  it('an incompatible change against the existing table fails naming source, field, old and new type', async () => {
    payload = [{ id: 1, flag: true }];
    await load({ write_disposition: 'append' });
    payload = [{ id: 2, flag: 'maybe' }];
    const error = await load({ write_disposition: 'append' }).catch((e: Error) => e);
    expect((error as Error).message).toContain("source shop.users: field 'flag' changed type from boolean to text");
    expect(await ids()).toEqual([1]);
    // replace starts from scratch, so the new shape is fine.
    await load({ write_disposition: 'replace' });
    expect(await t.h.query('select id, flag from raw_shop.users')).toEqual([{ id: 2n, flag: 'maybe' }]);
  });

  it('writes exactly batch_size records at a time, splitting pages, with schema changes inside a batch', async () => {
    await t.server?.close(); // the describe's own server: this test serves pages instead
    t.server = await startServer((_req, res, url) => {
      const offset = Number(url.searchParams.get('offset'));
      const rows = [];
      for (let id = offset + 1; id <= Math.min(offset + 10, 25); id++) {
        // Record 15 brings a new field; from record 18 the score is a double.
        rows.push({ id, score: id >= 18 ? id + 0.5 : id, ...(id >= 15 ? { email: `u${id}@x.io` } : {}) });
      }
      json(res, { items: rows });
    });
    const outcome = await t.h.ingest({ http: { url: `${t.server.url}/u`, records: 'items', pagination: { type: 'offset', page_size: 10 } }, batch_size: 7 });
    expect(outcome.rows).toBe(25);
    expect(outcome.statements.filter((sql) => sql.startsWith('-- bulk append')).map((sql) => Number(/of (\d+) records/.exec(sql)![1]))).toEqual([7, 7, 7, 4]);
    const rows = await t.h.query('select id, score, email from raw_shop.users order by id');
    expect(rows).toHaveLength(25);
    expect(rows[13]).toEqual({ id: 14n, score: 14, email: null });
    expect(rows[14]).toEqual({ id: 15n, score: 15, email: 'u15@x.io' });
    expect(rows[24]).toEqual({ id: 25n, score: 25.5, email: 'u25@x.io' });
  });

  it('column pins rename fields', async () => {
    payload = [{ userId: 5, 'Full Name': 'Ann' }];
    await load({ columns: { userId: { name: 'user_id', data_type: 'integer' }, 'Full Name': { name: 'full_name' } } });
    expect(await t.h.query('select user_id, full_name from raw_shop.users')).toEqual([{ user_id: 5, full_name: 'Ann' }]);
  });

  it('a pinned column in the table an earlier load made keeps its pin: renamed fields find it, pinned types are not inferred', async () => {
    const columns = { userId: { name: 'user_id', data_type: 'integer' }, code: 'varchar', role: 'varchar' };
    payload = [{ userId: 5, code: 'A1' }]; // no record has role: the pinned column exists anyway
    await load({ write_disposition: 'append', columns });
    payload = [{ userId: 6, code: 7, role: 'admin' }];
    await load({ write_disposition: 'append', columns });
    expect(await t.h.query('select user_id, code, role from raw_shop.users order by user_id')).toEqual([
      { user_id: 5, code: 'A1', role: null },
      { user_id: 6, code: '7', role: 'admin' },
    ]);
  });
});

describe('lake, recordings and incremental extraction', () => {
  it('replays the newest lake batch with --from-lake, and a recording without the network', async () => {
    t.server = await startServer((_req, res, url) => {
      const offset = Number(url.searchParams.get('offset'));
      json(res, { items: users(offset + 1, Math.min(offset + 10, 25)) });
    });
    const config = { http: { url: `${t.server.url}/u`, records: 'items', params: { key: "{{ env_var('K') }}" }, pagination: { type: 'offset', page_size: 10 } } };
    const env = { K: 'secret-key-9' };
    await t.h.ingest(config, { env, recordDir: 'recordings' });
    await t.server.close();
    t.server = undefined;
    await t.h.query('delete from raw_shop.users');
    await t.h.ingest(config, { env, fromLake: true });
    expect(await ids()).toHaveLength(25);
    expect(readdirSync(join(t.dir, 'target/lake/shop/users'))).toHaveLength(1);
    // The recording replays through the same pagination, even with another key value.
    expect(existsSync(join(t.dir, 'recordings/shop/users/index.jsonl'))).toBe(true);
    await t.h.ingest({ ...config, recording: 'recordings' }, { env: { K: 'other-secret' } });
    expect(await ids()).toHaveLength(25);
  });

  it('replaces a recording only when the recording run succeeds', async () => {
    let fail = false;
    t.server = await startServer((_req, res, url) => {
      const offset = Number(url.searchParams.get('offset'));
      if (fail && offset > 0) return void res.writeHead(404).end('gone');
      json(res, { items: users(offset + 1, Math.min(offset + 10, 25)) });
    });
    const http = { url: `${t.server.url}/u`, records: 'items', pagination: { type: 'offset', page_size: 10 } };
    const index = () => readFileSync(join(t.dir, 'recordings/shop/users/index.jsonl'), 'utf8').trim().split('\n');
    await t.h.ingest({ http }, { recordDir: 'recordings' });
    await t.h.ingest({ http }, { recordDir: 'recordings' });
    expect(index()).toHaveLength(3);
    fail = true;
    await expect(t.h.ingest({ http }, { recordDir: 'recordings' })).rejects.toThrow(/404/);
    expect(index()).toHaveLength(3);
    expect(existsSync(join(t.dir, 'recordings/shop/users.partial'))).toBe(false);
    await t.h.ingest({ http, recording: 'recordings' });
    expect(await ids()).toHaveLength(25);
  });

  it('replays a recording without the rate limit, and goes to the network despite it with --live', async () => {
    let served = 0;
    t.server = await startServer((_req, res, url) => {
      served++;
      const offset = Number(url.searchParams.get('offset'));
      json(res, { items: users(offset + 1, Math.min(offset + 10, 25)) });
    });
    const http = { url: `${t.server.url}/u`, records: 'items', pagination: { type: 'offset', page_size: 10 } };
    await t.h.ingest({ http }, { recordDir: 'recordings' });
    expect(served).toBe(3);
    // One request a minute: a replay that waited for the limiter would time the test out.
    const recorded = { http: { ...http, max_requests_per_second: 1 / 60 }, recording: 'recordings' };
    await t.h.ingest(recorded);
    expect(served).toBe(3);
    expect(await ids()).toHaveLength(25);
    await t.h.ingest({ ...recorded, http }, { live: true });
    expect(served).toBe(6);
  });

  it('sends the highest loaded cursor value (minus the lag) on the next run; --full-refresh ignores it', async () => {
    let rows = users(1, 3).map((u, i) => ({ ...u, updated_at: `2024-03-0${i + 1}T00:00:00Z` }));
    t.server = await startServer((_req, res, url) => {
      const since = url.searchParams.get('since');
      json(res, rows.filter((r) => !since || Date.parse(r.updated_at) >= Date.parse(since)));
    });
    const config = {
      http: { url: `${t.server.url}/u` }, write_disposition: 'merge', primary_key: 'id',
      incremental: { cursor_field: 'updated_at', param: 'since', initial_value: '2024-01-01T00:00:00Z', lag: 3600 },
    };
    await t.h.ingest(config);
    expect(t.server.requests[0]!.url).toBe(`/u?since=${encodeURIComponent('2024-01-01T00:00:00Z')}`);
    rows = [...rows, { ...users(4, 4)[0]!, updated_at: '2024-03-05T00:00:00Z' }];
    await t.h.ingest(config);
    expect(decodeURIComponent(t.server.requests[1]!.url)).toBe('/u?since=2024-03-02T23:00:00.000Z');
    expect(await ids()).toEqual([1, 2, 3, 4]);
    expect(await t.h.query("select value from main._weir_state where key = 'ingest.shop.users.updated_at'")).toEqual([{ value: '2024-03-05T00:00:00Z' }]);
    await t.h.ingest(config, { fullRefresh: true });
    expect(decodeURIComponent(t.server.requests[2]!.url)).toBe('/u?since=2024-01-01T00:00:00Z');
  });

  it('max_requests_per_second spaces requests', async () => {
    t.server = await startServer((_req, res, url) => {
      const page = Number(url.searchParams.get('page'));
      json(res, { items: page <= 4 ? [{ id: page }] : [] });
    });
    const started = performance.now();
    await t.h.ingest({ http: { url: `${t.server.url}/u`, records: 'items', pagination: { type: 'page' }, max_requests_per_second: 20 } });
    // 5 requests at 20/s: at least 4 gaps of 50 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
    expect(await ids()).toEqual([1, 2, 3, 4]);
  });
});
