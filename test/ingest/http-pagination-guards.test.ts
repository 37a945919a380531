import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_PAGES, ingestSchema } from '../../src/ingest/config.js';
import { json, startServer, useIngestHarness, users } from '../helpers/ingest.js';

const t = useIngestHarness('weir-ingest-guards-');

const retries = { max_attempts: 1 };
const count = async () => Number((await t.h.query('select count(*) as n from raw_shop.users'))[0]!.n);
const failure = (block: unknown) => t.h.ingest(block).then(() => undefined, (e: Error) => e.message);

describe('short reads', () => {
  it('an empty page before the stated total fails and keeps the previous table; on_short_read: warn loads what was read', async () => {
    let empty = false;
    t.server = await startServer((_req, res, url) => {
      const offset = Number(url.searchParams.get('offset'));
      json(res, { items: empty && offset >= 10 ? [] : users(offset + 1, Math.min(offset + 10, 50)), total: 50 });
    });
    const block = { http: { url: `${t.server.url}/u`, records: 'items', retries, pagination: { type: 'offset', page_size: 10, total_path: 'total' } } };
    await t.h.ingest(block);
    expect(await count()).toBe(50);
    empty = true;
    expect(await failure(block)).toMatch(/short read: page 2 of GET http:\/\/127\.0\.0\.1:\d+\/u\?offset=10&limit=10 has no records, but the API says more follow \(it states a total of 50; 10 read\)/);
    expect(await count()).toBe(50);
    const warned = await t.h.ingest({ ...block, on_short_read: 'warn' });
    expect(warned.rows).toBe(10);
    expect(t.h.logger.events.filter((e) => e.code === 'ingest_short_read').map((e) => e.level)).toEqual(['warn']);
  });

  it('a cursor or link walk that ends short of total_path fails; an empty page with a next cursor fails', async () => {
    t.server = await startServer((_req, res, url) => {
      const cursor = url.searchParams.get('c');
      if (url.pathname === '/ends-short') return json(res, { items: users(1, 3), next: null, count: 5 });
      json(res, { items: cursor ? [] : users(1, 3), next: cursor ? 'c2' : 'c1' });
    });
    const cursor = { type: 'cursor', cursor_path: 'next', cursor_param: 'c', total_path: 'count' };
    expect(await failure({ http: { url: `${t.server.url}/ends-short`, records: 'items', retries, pagination: cursor } }))
      .toMatch(/short read: the API states a total of 5 records but the load ended with 3/);
    expect(await failure({ http: { url: `${t.server.url}/empty`, records: 'items', retries, pagination: cursor } }))
      .toMatch(/short read: page 2 of GET .*\/empty\?c=c1 has no records, but the API says more follow/);
  });

  it('page pagination: an empty page before total_pages fails', async () => {
    t.server = await startServer((_req, res, url) => {
      const page = Number(url.searchParams.get('page'));
      json(res, { items: page === 2 ? [] : users(page, page), pages: 3 });
    });
    expect(await failure({ http: { url: `${t.server.url}/p`, records: 'items', retries, pagination: { type: 'page', total_pages_path: 'pages' } } }))
      .toMatch(/short read: page 2 of GET .*\/p\?page=2 has no records, but the API says more follow/);
  });

  it('on_short_read is validated, and only for http sources', () => {
    expect(ingestSchema.safeParse({ http: { url: 'http://x' }, on_short_read: 'maybe' }).success).toBe(false);
    expect(ingestSchema.safeParse({ file: { path: 'a.csv' }, on_short_read: 'warn' }).error?.issues[0]?.message).toBe('on_short_read applies to http sources (an API that states a total)');
  });
});

describe('endless pagination', () => {
  it('a cursor loop (c0 -> c1 -> c0) fails on the repeated request', async () => {
    t.server = await startServer((_req, res, url) => {
      const c = url.searchParams.get('c');
      json(res, { items: users(1, 2), next: c === 'c1' ? 'c0' : 'c1' });
    });
    expect(await failure({ http: { url: `${t.server.url}/u`, records: 'items', retries, pagination: { type: 'cursor', cursor_path: 'next', cursor_param: 'c' } } }))
      .toMatch(/pagination loop: page 4 would fetch GET http:\/\/127\.0\.0\.1:\d+\/u\?c=c1 again \(already fetched as page 2\)/);
    expect(t.server.requests).toHaveLength(3);
  });

  it('a Link loop fails on the repeated URL', async () => {
    t.server = await startServer((_req, res, url) => {
      json(res, [{ id: 1 }], 200, { link: `</u?page=${url.searchParams.get('page') === '2' ? 1 : 2}>; rel="next"` });
    });
    expect(await failure({ http: { url: `${t.server.url}/u?page=1`, retries, pagination: { type: 'link' } } }))
      .toMatch(/pagination loop: page 3 would fetch GET .*\/u\?page=1 again \(already fetched as page 1\)/);
  });

  it('a server that ignores the offset fails on the repeated page', async () => {
    t.server = await startServer((_req, res) => json(res, { items: users(1, 10) }));
    expect(await failure({ http: { url: `${t.server.url}/u`, records: 'items', retries, pagination: { type: 'offset', page_size: 10 } } }))
      .toMatch(/pagination loop: page 2 of GET .*offset=10&limit=10 returned the same records as the page before.*/);
    expect(t.server.requests).toHaveLength(2);
  });

  it('an offset that never ends stops at max_pages (default 10,000) with a clear error', async () => {
    t.server = await startServer((_req, res, url) => {
      const offset = Number(url.searchParams.get('offset'));
      json(res, { items: users(offset + 1, offset + 10) });
    });
    expect(await failure({ http: { url: `${t.server.url}/u`, records: 'items', retries, max_pages: 5, pagination: { type: 'offset', page_size: 10 } } }))
      .toMatch(/pagination did not end after max_pages \(5\) pages: the API still says more follow \(next: GET .*offset=50&limit=10\)/);
    expect(t.server.requests).toHaveLength(5);
    expect(ingestSchema.parse({ http: { url: 'http://x' } }).http!.max_pages).toBe(DEFAULT_MAX_PAGES);
    expect(DEFAULT_MAX_PAGES).toBe(10_000);
  });
});
