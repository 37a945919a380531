// Writes API responses in the format of `weir ingest --record DIR` (see src/ingest/landing.ts): one
// body file per response and an index.jsonl naming the request it answers. A source whose ingest
// block says `recording: <root>` replays <root>/<source>/<table>/ through the same pagination code
// as a live run, so these files must match, byte for byte, the URLs weir will request.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The URL weir requests: the configured URL with each query parameter set in order (the same
 * `URL.searchParams.set` calls as src/ingest/pagination.ts, so the encoding matches too).
 */
export function requestUrl(base, params) {
  const url = new URL(base);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, String(value));
  return url.toString();
}

/** Replaces `dir` with the given responses: [{ url, body, status?, headers? }], in request order. */
export function writeRecording(dir, responses) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const index = responses.map((response, i) => {
    const seq = i + 1;
    const file = `${String(seq).padStart(6, '0')}.json`;
    writeFileSync(join(dir, file), JSON.stringify(response.body, null, 2) + '\n');
    const headers = response.headers ?? { 'content-type': 'application/json; charset=utf-8' };
    return JSON.stringify({ seq, kind: 'http', method: 'GET', url: response.url, status: response.status ?? 200, headers, file });
  });
  writeFileSync(join(dir, 'index.jsonl'), index.join('\n') + '\n');
}

/**
 * A dummyjson-style listing cut into `?limit=&skip=` pages ({<key>: [...], total, skip, limit}), as
 * weir's offset pagination asks for them: skip then limit, stopping once skip reaches total.
 */
export function offsetPages(baseUrl, key, records, pageSize) {
  const pages = [];
  for (let skip = 0; skip === 0 || skip < records.length; skip += pageSize) {
    const slice = records.slice(skip, skip + pageSize);
    pages.push({ url: requestUrl(baseUrl, { skip, limit: pageSize }), body: { [key]: slice, total: records.length, skip, limit: slice.length } });
  }
  return pages;
}
