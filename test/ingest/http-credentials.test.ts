import { describe, expect, it } from 'vitest';
import { json, startServer, useIngestHarness, type TestServer } from '../helpers/ingest.js';

const t = useIngestHarness('weir-ingest-creds-');

const env = { SHOP_TOKEN: 'tok-Bearer-1234', SHOP_KEY: 'key-5678-abc', SHOP_HDR: 'hdr-9999-xyz' };
const retries = { max_attempts: 1 };
/** An http block sending a bearer token, an env_var api key param and an env_var header. */
const secured = (url: string, http: Record<string, unknown> = {}) => ({
  http: {
    url, retries, auth: { type: 'bearer', token: "{{ env_var('SHOP_TOKEN') }}" },
    params: { api_key: "{{ env_var('SHOP_KEY') }}" }, headers: { 'X-Custom': "{{ env_var('SHOP_HDR') }}" }, ...http,
  },
});
const credentialsSeen = (server: TestServer) => server.requests.map((r) => ({
  url: r.url, authorization: r.headers.authorization, custom: r.headers['x-custom'],
}));
const warnings = () => t.h.logger.events.filter((e) => e.level === 'warn').map((e) => e.message);

describe('credentials go only to the origin of the configured url', () => {
  it('a Link rel="next" to another origin (another port) gets no Authorization, api key header or param; weir says what it held back', async () => {
    const other = await startServer((_req, res) => json(res, [{ id: 2 }]));
    try {
      t.server = await startServer((_req, res, url) => {
        // The server copies the api key into its next link, as many APIs do.
        json(res, [{ id: 1 }], 200, { link: `<${other.url}/page2?api_key=${url.searchParams.get('api_key')}&page=2>; rel="next"` });
      });
      await t.h.ingest(secured(`${t.server.url}/users`, { pagination: { type: 'link' } }), { env });
      expect(credentialsSeen(t.server)).toEqual([{ url: '/users?api_key=key-5678-abc', authorization: 'Bearer tok-Bearer-1234', custom: 'hdr-9999-xyz' }]);
      expect(credentialsSeen(other)).toEqual([{ url: '/page2?page=2', authorization: undefined, custom: undefined }]);
      expect(await t.h.query('select id from raw_shop.users order by id')).toEqual([{ id: 1n }, { id: 2n }]);
      const warned = warnings();
      expect(warned).toHaveLength(1);
      expect(warned[0]).toContain(`refused to send the X-Custom header, the Authorization header, the query parameter 'api_key' to ${other.url}`);
      expect(warned[0]).toContain(`credentials go only to ${t.server.url}`);
    } finally {
      await other.close();
    }
  });

  it('follows same-origin redirects with credentials and cross-origin ones without them (never back with them)', async () => {
    const other = await startServer((req, res, url) => {
      if (url.pathname === '/back') return json(res, '', 302, { location: `${t.server!.url}/final` });
      json(res, [{ id: 9 }]);
    });
    try {
      t.server = await startServer((_req, res, url) => {
        if (url.pathname === '/start') return json(res, '', 301, { location: '/moved?x=1' });
        if (url.pathname === '/moved') return json(res, '', 307, { location: `${other.url}/back` });
        json(res, [{ id: 7 }]);
      });
      await t.h.ingest(secured(`${t.server.url}/start`), { env });
      expect(credentialsSeen(t.server)).toEqual([
        { url: '/start?api_key=key-5678-abc', authorization: 'Bearer tok-Bearer-1234', custom: 'hdr-9999-xyz' },
        { url: '/moved?x=1', authorization: 'Bearer tok-Bearer-1234', custom: 'hdr-9999-xyz' },
        // Back on the trusted origin after leaving it: still without credentials, as browsers do.
        { url: '/final', authorization: undefined, custom: undefined },
      ]);
      expect(credentialsSeen(other)).toEqual([{ url: '/back', authorization: undefined, custom: undefined }]);
      expect(await t.h.query('select id from raw_shop.users')).toEqual([{ id: 7n }]);
      expect(warnings()[0]).toContain(`refused to send the X-Custom header, the Authorization header to ${other.url}`);
    } finally {
      await other.close();
    }
  });

  it('a 3xx weir does not follow names its Location; a redirect loop names it too', async () => {
    t.server = await startServer((_req, res, url) => {
      if (url.pathname === '/nowhere') return json(res, '', 302);
      if (url.pathname === '/choices') return json(res, 'pick one', 300, { location: '/a' });
      json(res, '', 302, { location: `/loop?n=${Number(url.searchParams.get('n') ?? 0) + 1}` });
    });
    const message = async (path: string) => ((await t.h.ingest(secured(`${t.server!.url}${path}`), { env }).catch((e: Error) => e)) as Error).message;
    expect(await message('/choices')).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/choices\?api_key=\*\*\* returned HTTP 300 to Location: \/a: pick one/);
    expect(await message('/nowhere')).toMatch(/returned HTTP 302 to Location: \(none\)/);
    expect(await message('/loop')).toMatch(/was redirected more than 10 times \(the last HTTP 302 to Location: \/loop\?n=11\)/);
  });

  it('refuses to send a POST body holding a secret to another origin', async () => {
    const other = await startServer((_req, res) => json(res, [{ id: 1 }]));
    try {
      t.server = await startServer((_req, res) => json(res, '', 307, { location: `${other.url}/steal` }));
      const error = await t.h.ingest({ http: { url: `${t.server.url}/q`, method: 'POST', body: { key: "{{ env_var('SHOP_KEY') }}" }, retries } }, { env }).catch((e: Error) => e);
      expect((error as Error).message).toContain(`refused to send a request body holding a secret to ${other.url}`);
      expect(other.requests).toEqual([]);
    } finally {
      await other.close();
    }
  });
});

describe('timeout_ms bounds the whole response', () => {
  it('a server that drips the body a byte at a time times out', async () => {
    t.server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
      // A byte every 200 ms: no gap reaches the timeout, the whole response does.
      const drip = setInterval(() => res.write(' '), 200);
      res.on('close', () => clearInterval(drip));
    });
    const started = Date.now();
    const error = await t.h.ingest({ http: { url: `${t.server.url}/slow`, timeout_ms: 1000, retries } }).catch((e: Error) => e);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((error as Error).message).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/slow failed after 1 attempt; last error: timed out: no complete response within timeout_ms 1000 \(\d+ bytes of the body received\)/);
  });
});
