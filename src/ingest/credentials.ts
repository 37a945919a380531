import { IngestError } from './errors.js';
import type { HttpRequest, HttpResponse, Transport } from './transport.js';

/**
 * Credentials go only to the origin (scheme, host and port) of the configured url, as browsers and
 * curl do on redirects: a request elsewhere (a `Link: rel="next"` or a redirect to another host)
 * is sent without them, and weir says what it held back.
 */
export interface CredentialRules {
  /** The configured url: its origin is the only one trusted with credentials. */
  readonly baseUrl: string;
  /** Whether a text holds a secret (an env_var() value) in any encoding. */
  readonly holdsSecret: (text: string) => boolean;
  /** Header and query parameter names the `auth:` block sets. */
  readonly names?: readonly string[] | undefined;
}

/** Headers that always carry credentials, and names that usually do. */
const ALWAYS = new Set(['authorization', 'proxy-authorization', 'cookie']);
const CREDENTIAL_NAME = /api[-_]?key|apikey|token|secret|passw|auth|session|signature|credential|cookie/i;
const PAGING_NAME = /page|cursor|next|offset|limit/i;

export interface GuardedRequest {
  readonly req: HttpRequest;
  /** What was held back, in words: `the Authorization header`, `the query parameter 'api_key'`. */
  readonly withheld: readonly string[];
}

export function credentialGuard(rules: CredentialRules): (req: HttpRequest) => GuardedRequest {
  const origin = new URL(rules.baseUrl).origin;
  const named = new Set((rules.names ?? []).map((n) => n.toLowerCase()));
  const isCredential = (name: string, value: string, param: boolean) =>
    named.has(name.toLowerCase()) || rules.holdsSecret(value) || (!param && ALWAYS.has(name.toLowerCase()))
    || (CREDENTIAL_NAME.test(name) && !(param && PAGING_NAME.test(name)));
  return (req) => {
    const url = new URL(req.url);
    if (url.origin === origin) return { req, withheld: [] };
    const withheld: string[] = [];
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (isCredential(name, value, false)) withheld.push(`the ${name} header`);
      else headers[name] = value;
    }
    let changedUrl = false;
    for (const [name, value] of [...url.searchParams]) {
      if (!isCredential(name, value, true) || !url.searchParams.has(name)) continue;
      url.searchParams.delete(name);
      withheld.push(`the query parameter '${name}'`);
      changedUrl = true;
    }
    if (url.username || url.password) {
      url.username = '';
      url.password = '';
      withheld.push('the user and password in the URL');
      changedUrl = true;
    }
    if (req.body !== undefined && rules.holdsSecret(req.body)) {
      throw new IngestError(`refused to send a request body holding a secret to ${url.origin}: credentials go only to ${origin}, the origin of the configured url`, {
        hint: 'the server sent weir to another host (a Link header or a redirect); nothing from this load was committed',
      });
    }
    return { req: { ...req, url: changedUrl ? url.toString() : req.url, headers }, withheld };
  };
}

const FOLLOWED = new Set([301, 302, 303, 307, 308]);
export const MAX_REDIRECTS = 10;

/**
 * A transport that sends every request through the guard and follows redirects itself (same
 * origin with credentials, another origin without them, and never back with them once a chain has
 * left). A 3xx it does not follow (no Location, 304, 300) is returned for the caller to report.
 */
export function guardedTransport(
  send: Transport,
  guard: (req: HttpRequest) => GuardedRequest,
  onWithheld: (url: string, withheld: readonly string[]) => void,
): Transport {
  return async (first) => {
    let req = first;
    for (let hop = 0; ; hop++) {
      const guarded = guard(req);
      if (guarded.withheld.length > 0) {
        onWithheld(guarded.req.url, guarded.withheld);
        req = guarded.req;
      }
      const response: HttpResponse = await send(req);
      const location = response.headers.location;
      if (!FOLLOWED.has(response.status) || !location) return response;
      if (hop >= MAX_REDIRECTS) {
        throw new IngestError(`${first.method} ${first.url} was redirected more than ${MAX_REDIRECTS} times (the last HTTP ${response.status} to Location: ${location})`, {
          hint: 'the server redirects in a loop; check the url in the ingest block',
        });
      }
      // 303, and 301/302 after a POST, continue as a GET without the body (as browsers do).
      const toGet = response.status === 303 || (req.method === 'POST' && (response.status === 301 || response.status === 302));
      const headers = toGet ? Object.fromEntries(Object.entries(req.headers).filter(([k]) => k.toLowerCase() !== 'content-type')) : req.headers;
      req = { method: toGet ? 'GET' : req.method, url: new URL(location, req.url).toString(), headers, body: toGet ? undefined : req.body };
    }
  };
}
