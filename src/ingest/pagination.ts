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

/**
 * Walks an API page by page as its `pagination:` says, yielding each page's records as soon as it
 * arrives (the caller writes them before the next request: nothing accumulates).
 */
export async function* paginate(
  config: Pick<HttpConfig, 'pagination' | 'records' | 'max_pages'>,
  base: PageRequestBase,
  send: Send,
  redact: (text: string) => string,
): AsyncGenerator<Page> {
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

  for (let number = 1; url !== undefined; number++) {
    if (config.max_pages !== undefined && number > config.max_pages) return;
    const req: HttpRequest = { method: base.method, url: withParams(url, params), headers: base.headers, body: base.body };
    const response = await send(req);
    const body = parseJsonBody(response, req, number, redact);
    const records = recordsOf(body, config.records, req, number, redact);
    yield { number, url: redact(req.url), records };

    switch (p.type) {
      case 'none':
        return;
      case 'offset': {
        offset += records.length;
        const total = p.total_path ? Number(getPath(body, p.total_path).value) : undefined;
        if (records.length === 0 || (total !== undefined && Number.isFinite(total) ? offset >= total : records.length < p.page_size)) return;
        params = { ...params, [p.offset_param]: String(offset) };
        break;
      }
      case 'page': {
        const totalPages = p.total_pages_path ? Number(getPath(body, p.total_pages_path).value) : undefined;
        if (records.length === 0 || (p.page_size !== undefined && records.length < p.page_size)) return;
        if (totalPages !== undefined && Number.isFinite(totalPages) && pageIndex >= totalPages) return;
        pageIndex += 1;
        params = { ...params, [p.page_param]: String(pageIndex) };
        break;
      }
      case 'cursor': {
        const next = getPath(body, p.cursor_path).value;
        if (next === undefined || next === null || next === '' || records.length === 0) return;
        params = { ...params, [p.cursor_param]: String(next) };
        break;
      }
      case 'link': {
        const next = nextLink(response.headers.link);
        // The next URL carries every parameter itself.
        url = next === undefined ? undefined : new URL(next, req.url).toString();
        params = {};
        break;
      }
    }
  }
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
