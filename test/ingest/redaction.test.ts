import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodingsOf } from '../../src/ingest/secrets.js';
import { json, startServer, weirAsync, type TestServer } from '../helpers/ingest.js';
import { makeProject } from '../helpers/project.js';

vi.setConfig({ testTimeout: 120_000 });

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

// Each secret carries a marker that every percent- or JSON-encoding leaves as it is, so a leak of
// any part of it in any such encoding shows; base64 is checked on its own.
const KEY = "MARKkey1 space+plus 'q' ~!*() \"dq\" \\bs & = / ? # % ünï €";
const TOKEN = "MARKtok2 'q' ~!*() \"dq\" \\bs &=%";
const PASSWORD = 'MARKpw3 ~!*() "dq" ünï';
const MARK = /MARK(key1|tok2|pw3)/;
const BASIC = Buffer.from(`ann:${PASSWORD}`).toString('base64');

/** Every file under `dir` with what it holds. */
function filesUnder(dir: string): Array<[string, string]> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .map((e) => [join(e.parentPath, e.name), readFileSync(join(e.parentPath, e.name), 'utf8')]);
}

function expectNoSecret(where: string, text: string) {
  expect(MARK.exec(text)?.[0], `${where} leaks a secret`).toBeUndefined();
  for (const secret of [KEY, TOKEN, PASSWORD, BASIC]) {
    for (const form of [secret, ...encodingsOf(secret), Buffer.from(secret).toString('base64')]) {
      expect(text.includes(form), `${where} holds ${form}`).toBe(false);
    }
  }
}

/**
 * Echoes what it got in every encoding: the query string as sent (percent-encoded), the form- and
 * URI-encoded key, the JSON-escaped token and basic-auth header, in the body and in a Link header.
 */
function echo(req: import('node:http').IncomingMessage, url: URL) {
  const key = url.searchParams.get('api_key') ?? '';
  return {
    query: req.url, form: new URLSearchParams({ k: key }).toString(), uri: encodeURIComponent(key),
    pct20: new URLSearchParams({ k: key }).toString().replace(/\+/g, '%20'), token: req.headers['x-token'], auth: req.headers.authorization,
  };
}

describe('secrets are redacted in every encoding', () => {
  it('from console, JSON logs, run_results.json, the lake and recordings', async () => {
    let fail = false;
    server = await startServer((req, res, url) => {
      const page = Number(url.searchParams.get('page') ?? 1);
      const echoed = echo(req, url);
      if (fail && page === 2) return json(res, { error: 'unauthorized', got: echoed }, 401);
      const next: Record<string, string> = page < 2 ? { link: `<${server!.url}/users?page=2&api_key=${encodeURIComponent(url.searchParams.get('api_key') ?? '')}>; rel="next"` } : {};
      json(res, { items: [{ id: page }], echo: echoed }, 200, next);
    });
    const dir = makeProject({
      'project.yml': 'name: shop\n',
      'sources/shop.yml': [
        'sources:',
        '  - name: shop',
        '    tables:',
        '      - name: users',
        '        ingest:',
        '          http:',
        `            url: ${server.url}/users`,
        '            records: items',
        '            pagination: {type: link}',
        '            retries: {max_attempts: 1}',
        `            params: {api_key: "{{ env_var('SHOP_KEY') }}"}`,
        `            headers: {X-Token: "{{ env_var('SHOP_TOKEN') }}"}`,
        `            auth: {type: basic, username: ann, password: "{{ env_var('SHOP_PW') }}"}`,
        '',
      ].join('\n'),
    });
    const env = { SHOP_KEY: KEY, SHOP_TOKEN: TOKEN, SHOP_PW: PASSWORD };
    const recorded = await weirAsync(['ingest', '--record', 'recordings', '--log-format', 'json', '-v'], dir, env);
    expect(recorded.output).toContain('"status":"success"');
    // The server did get the real secrets (so the echoes above hold them).
    expect(server.requests[0]!.headers['x-token']).toBe(TOKEN);
    expect(new URL(server.requests[0]!.url, server.url).searchParams.get('api_key')).toBe(KEY);
    expect(server.requests[0]!.headers.authorization).toBe(`Basic ${BASIC}`);

    fail = true;
    const failed = await weirAsync(['ingest'], dir, env);
    expect(failed.code).toBe(1);
    expect(failed.output).toContain('returned HTTP 401');
    expect(failed.output).toContain('unauthorized');
    const logged = await weirAsync(['ingest', '--log-format', 'json', '-v'], dir, env);
    expect(logged.code).toBe(1);

    for (const [where, text] of [['console', recorded.output], ['console', failed.output], ['JSON log', logged.output],
      ...filesUnder(join(dir, 'target')), ...filesUnder(join(dir, 'recordings'))]) {
      expectNoSecret(where!, text!);
    }
    const results = readFileSync(join(dir, 'target/run_results.json'), 'utf8');
    expect(results).toContain('returned HTTP 401');
    expect(filesUnder(join(dir, 'recordings')).map(([p]) => p.slice(dir.length))).toContain('/recordings/shop/users/index.jsonl');

    // The recording still replays: its URLs and Link headers are redacted the same way.
    const replayed = await weirAsync(['ingest'], makeReplayProject(dir), env);
    expect(replayed.output).toContain('PASS=1');
  });
});

/** The same project, replaying its recording instead of calling the server. */
function makeReplayProject(dir: string): string {
  const yml = readFileSync(join(dir, 'sources/shop.yml'), 'utf8').replace('        ingest:\n', '        ingest:\n          recording: recordings\n');
  const files = Object.fromEntries(filesUnder(join(dir, 'recordings')).map(([p, text]) => [p.slice(dir.length + 1), text]));
  return makeProject({ 'project.yml': 'name: shop\n', 'sources/shop.yml': yml, ...files });
}
