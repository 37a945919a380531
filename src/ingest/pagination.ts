import { createHash } from 'node:crypto';
import type { HttpConfig } from './config.js';
import { IngestError } from './errors.js';
import { parseJsonBody } from './http-client.js';
import { getPath, keysOf, recordsAt } from './json-path.js';
import type { HttpRequest, HttpResponse } from './transport.js';

export interface Page {
  /** 1-based page number within this load. */
  readonly number: number;
  readonly url: string;
  readonly records: readonly unknown[];
}

export interface PageRequestBase {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly params: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | undefined;
}

type Send = (req: HttpRequest) => Promise<HttpResponse>;

export interface PaginateOptions {
  readonly redact: (text: string) => string;
  /** `warn`: a short read ends the load with this warning instead of failing it. */
  readonly onShortRead: 'fail' | 'warn';
  readonly warn: (message: string) => void;
}

/**
 * Walks an API page by page as its `pagination:` says, yielding each page's records as soon as it
 * arrives (the caller writes them before the next request: nothing accumulates). Fails on a
 * pagination loop, past `max_pages`, and on a short read (see PageGuard).
 */
export async function* paginate(
  config: Pick<HttpConfig, 'pagination' | 'records' | 'max_pages'>,
  base: PageRequestBase,
  send: Send,
  options: PaginateOptions,
): AsyncGenerator<Page> {
  const { redact } = options;
  const p = config.pagination;
  let params: Record<string, string> = { ...base.params };
  let url: string | undefined = base.url;
  if (p.type === 'offset') Object.assign(params, { [p.offset_param]: String(p.start), [p.limit_param]: String(p.page_size) });
  if (p.type === 'page') {
    params[p.page_param] = String(p.start);
    if (p.size_param && p.page_size) params[p.size_param] = String(p.page_size);
  }
  if (p.type === 'cursor' && p.size_param && p.page_size) params[p.size_param] = String(p.page_size);
  let offset = p.type === 'offset' ? p.start : 0;
  let pageIndex = p.type === 'page' ? p.start : 0;
  const guard = pageGuard(config, options);

  for (let number = 1; url !== undefined; number++) {
    const req: HttpRequest = { method: base.method, url: withParams(url, params), headers: base.headers, body: base.body };
    guard.beforeRequest(req, number);
    const response = await send(req);
    const body = parseJsonBody(response, req, number, redact);
    const records = recordsOf(body, config.records, req, number, redact);
    const where = `page ${number} of ${req.method} ${redact(req.url)}`;
    guard.afterResponse(response, records, body, where);
    yield { number, url: redact(req.url), records };

    // Whether the API says more pages follow, and how the next request differs.
    let more = false;
    switch (p.type) {
      case 'none':
        return;
      case 'offset': {
        offset += records.length;
        const total = guard.total();
        more = total !== undefined ? offset < total : records.length >= p.page_size;
        params = { ...params, [p.offset_param]: String(offset) };
        break;
      }
      case 'page': {
        const totalPages = p.total_pages_path ? Number(getPath(body, p.total_pages_path).value) : undefined;
        more = totalPages !== undefined && Number.isFinite(totalPages) ? pageIndex < totalPages
          : records.length > 0 && (p.page_size === undefined || records.length >= p.page_size);
        pageIndex += 1;
        params = { ...params, [p.page_param]: String(pageIndex) };
        break;
      }
      case 'cursor': {
        const next = getPath(body, p.cursor_path).value;
        more = !(next === undefined || next === null || next === '');
        if (more) params = { ...params, [p.cursor_param]: String(next) };
        break;
      }
      case 'link': {
        const next = nextLink(response.headers.link);
        more = next !== undefined;
        // The next URL carries every parameter itself.
        url = next === undefined ? undefined : new URL(next, req.url).toString();
        params = {};
        break;
      }
    }
    if (!guard.continues(more, records.length, where)) return;
  }
}

/**
 * What keeps a walk honest: the record total the API states (`total_path`), a load that ends
 * short of it or meets an empty page while the API says more follow (a short read: fail, or warn
 * and stop), a request repeated within the load (a cursor or Link loop), the same response again
 * for the next offset or page (a server ignoring the parameter), and `max_pages`.
 */
function pageGuard(config: Pick<HttpConfig, 'pagination' | 'max_pages'>, options: PaginateOptions) {
  const totalPath = config.pagination.type === 'none' ? undefined : config.pagination.total_path;
  const requested = new Map<string, number>();
  let stated: number | undefined;
  let read = 0;
  let previousBody: string | undefined;
  const digest = (text: string | Buffer) => createHash('sha1').update(text).digest('base64');
  const short = (message: string) => {
    if (options.onShortRead === 'warn') {
      options.warn(`short read: ${message}; loaded what was read (on_short_read: warn)`);
      return false;
    }
    throw new IngestError(`short read: ${message}`, {
      hint: 'nothing from this load was committed and the previous data is intact; if the API\'s total is not exact, set on_short_read: warn in the ingest block',
    });
  };
  return {
    total: () => stated,
    beforeRequest(req: HttpRequest, number: number) {
      if (number > config.max_pages) {
        throw new IngestError(`pagination did not end after max_pages (${config.max_pages}) pages: the API still says more follow (next: ${req.method} ${options.redact(req.url)})`, {
          hint: 'if the API really has more pages, raise max_pages in the http block; otherwise check the pagination settings. Nothing from this load was committed',
        });
      }
      const key = digest(`${req.method} ${req.url} ${req.body ?? ''}`);
      const first = requested.get(key);
      if (first !== undefined) {
        throw new IngestError(`pagination loop: page ${number} would fetch ${req.method} ${options.redact(req.url)} again (already fetched as page ${first})`, {
          hint: 'the API sent a cursor or next link it sent before; nothing from this load was committed',
        });
      }
      requested.set(key, number);
    },
    afterResponse(response: HttpResponse, records: readonly unknown[], body: unknown, where: string) {
      read += records.length;
      if (totalPath) {
        const value = Number(getPath(body, totalPath).value);
        if (Number.isFinite(value)) stated = value;
      }
      const type = config.pagination.type;
      if (type === 'offset' || type === 'page') {
        const hash = digest(response.body);
        if (records.length > 0 && hash === previousBody) {
          throw new IngestError(`pagination loop: ${where} returned the same records as the page before`, {
            hint: `the server seems to ignore the ${type === 'offset' ? 'offset_param' : 'page_param'} weir sends; check the pagination settings. Nothing from this load was committed`,
          });
        }
        previousBody = hash;
      }
    },
    /** Whether to fetch another page: only if the API says so and this page was not an empty one. */
    continues(more: boolean, records: number, where: string): boolean {
      if (more && records === 0) return short(`${where} has no records, but the API says more follow${stated !== undefined ? ` (it states a total of ${stated}; ${read} read)` : ''}`);
      if (more) return true;
      if (stated !== undefined && read < stated) return short(`the API states a total of ${stated} records but the load ended with ${read} (${where} was the last)`);
      return false;
    },
  };
}

function withParams(url: string, params: Readonly<Record<string, string>>): string {
  const parsed = new URL(url);
  for (const [key, value] of Object.entries(params)) parsed.searchParams.set(key, value);
  return parsed.toString();
}

/** The records of one response: the array (or the single object) at the records path, or the body itself. */
function recordsOf(body: unknown, path: string | undefined, req: HttpRequest, page: number, redact: (t: string) => string): readonly unknown[] {
  const where = `page ${page} of ${req.method} ${redact(req.url)}`;
  if (path === undefined) {
    if (Array.isArray(body)) return body;
    throw new IngestError(`${where} is not a JSON array but ${keysOf(body)}`, {
      hint: "set `records:` in the http block to the path of the records (e.g. 'data.items')",
    });
  }
  const found = getPath(body, path);
  if (!found.found) {
    throw new IngestError(`${where} has no records path '${path}': the response has ${keysOf(body)}`, {
      hint: 'fix `records:` in the http block; nothing from this load was committed',
    });
  }
  if (found.value === null) return [];
  const records = recordsAt(found.value);
  if (!records) {
    throw new IngestError(`${where}: '${path}' is ${keysOf(found.value)}, not an array of records or a record`, { hint: 'point `records:` at the array' });
  }
  return records;
}

/** The `rel="next"` target of an RFC 8288 Link header. */
export function nextLink(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (match && /;\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?/i.test(match[2]!)) return match[1];
  }
  return undefined;
}
