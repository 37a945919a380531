import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { json, startServer, useIngestHarness, users } from '../helpers/ingest.js';

const t = useIngestHarness('weir-ingest-');

const retries = { max_attempts: 3, initial_delay_ms: 1, max_delay_ms: 5 };
const block = (url: string, http: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) => ({
  http: { url, records: 'items', pagination: { type: 'offset', page_size: 10 }, retries, ...http }, ...rest,
});

/** Serves `total` users in pages; `fault(page)` may answer instead. */
function pagedServer(total: number, fault?: (page: number, res: import('node:http').ServerResponse) => boolean) {
  return startServer((_req, res, url) => {
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 10);
    if (fault?.(offset / limit + 1, res)) return;
    json(res, { items: users(offset + 1, Math.min(offset + limit, total)) });
  });
}

const tableCount = async () => (await t.h.query('select count(*) as n from raw_shop.users'))[0]!.n;
const leftovers = async () => (await t.h.query("select table_name from information_schema.tables where table_name like '%weir%'")).map((r) => r.table_name);

describe('ingest bad input against a real HTTP server', () => {
  it('a non-retryable 4xx names the URL with secrets redacted and an excerpt of the body, and keeps the previous data', async () => {
    let deny = false;
    t.server = await pagedServer(25, (_page, res) => {
      if (!deny) return false;
      json(res, { error: 'invalid api key', detail: 'key rejected' }, 403);
      return true;
    });
    const env = { SHOP_KEY: 'k3y-very-secret' };
    const config = block(`${t.server.url}/users`, { params: { api_key: "{{ env_var('SHOP_KEY') }}" } });
    await t.h.ingest(config, { env });
    expect(await tableCount()).toBe(25n);
    deny = true;
    const error = await t.h.ingest(config, { env }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(`GET ${t.server.url}/users?api_key=***&offset=0&limit=10 returned HTTP 403`);
    expect(message).toContain('invalid api key');
    expect(message).not.toContain('k3y-very-secret');
    expect(t.server.requests.filter((r) => r.url.includes('api_key=k3y-very-secret')).length).toBe(t.server.requests.length);
    expect(await tableCount()).toBe(25n);
    expect(await leftovers()).toEqual([]);
  });

  it('retries 429 (honouring Retry-After), 5xx, dropped connections and timeouts, then succeeds', async () => {
    const failures = new Map<number, number>();
    t.server = await pagedServer(30, (page, res) => {
      const seen = failures.get(page) ?? 0;
      failures.set(page, seen + 1);
      if (seen > 0) return false;
      if (page === 1) json(res, { error: 'slow down' }, 429, { 'retry-after': '0' });
      else if (page === 2) json(res, 'oops', 503);
      else if (page === 3) res.socket?.destroy();
      else if (page === 4) setTimeout(() => json(res, { items: [] }), 1500);
      else return false;
      return true;
    });
    const outcome = await t.h.ingest(block(`${t.server.url}/users`, { timeout_ms: 300 }));
    expect(outcome.rows).toBe(30);
    expect(await tableCount()).toBe(30n);
    const retried = t.h.logger.events.filter((e) => e.code === 'ingest_retry').map((e) => e.message);
    expect(retried).toHaveLength(4);
    expect(retried[0]).toContain('HTTP 429');
    expect(retried[1]).toContain('HTTP 503');
    expect(retried[2]).toMatch(/connection dropped|socket|other side closed/i);
    expect(retried[3]).toMatch(/timed out/);
  });

  it('says so when retries are exhausted, and commits nothing', async () => {
    t.server = await pagedServer(30, (page, res) => {
      if (page !== 2) return false;
      json(res, { error: 'down for maintenance' }, 502);
      return true;
    });
    const error = await t.h.ingest(block(`${t.server.url}/users`)).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/users\?offset=10&limit=10 failed after 3 attempts; last error: HTTP 502 \(\{"error":"down for maintenance"\}\)/);
    expect(t.server.requests.filter((r) => r.url.includes('offset=10'))).toHaveLength(3);
    expect(await leftovers()).toEqual([]);
    expect(await t.h.query("select count(*) as n from information_schema.tables where table_schema = 'raw_shop'")).toEqual([{ n: 0n }]);
  });

  it('malformed JSON on page 3 commits nothing and leaves the previous data intact', async () => {
    let broken = false;
    t.server = await pagedServer(50, (page, res) => {
      if (!broken || page !== 3) return false;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"items": [{"id": 21, "name": "trunc');
      return true;
    });
    const config = block(`${t.server.url}/users`, {}, { batch_size: 10 });
    await t.h.ingest(config);
    const before = await t.h.query('select id, name, _weir_batch_id from raw_shop.users order by id');
    expect(before).toHaveLength(50);
    broken = true;
    const error = await t.h.ingest(config).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/page 3 of GET http:\/\/127\.0\.0\.1:\d+\/users\?offset=20&limit=10 is not valid JSON .*"trunc/);
    expect(await t.h.query('select id, name, _weir_batch_id from raw_shop.users order by id')).toEqual(before);
    expect(await leftovers()).toEqual([]);
  });

  it('a missing records path names the page, the path and what the response holds', async () => {
    t.server = await startServer((_req, res) => json(res, { results: [{ id: 1 }], meta: {} }));
    const error = await t.h.ingest(block(`${t.server.url}/users`, { records: 'data.items' })).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/page 1 of GET .* has no records path 'data\.items': the response has keys results, meta/);
  });

  it('a field that changes type between pages names source, field, old and new type', async () => {
    t.server = await startServer((_req, res, url) => {
      const page = Number(url.searchParams.get('page'));
      if (page === 1) json(res, { items: [{ id: 1, price: 10 }, { id: 2, price: 11.5 }] });
      else if (page === 2) json(res, { items: [{ id: 3, price: 'n/a' }] });
      else json(res, { items: [] });
    });
    const error = await t.h.ingest(block(`${t.server.url}/users`, { pagination: { type: 'page' } })).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/source shop\.users: field 'price' changed type from double to text \(page 2, http:.*page=2\)/);
    expect(await leftovers()).toEqual([]);
  });
});
