import { errorMessage } from '../core/errors.js';
import type { RetryConfig } from './config.js';
import { excerpt, IngestError } from './errors.js';
import { backoffMs, isRetryableStatus, sleep } from './retry.js';
import { ResponseTimeout, type HttpRequest, type HttpResponse, type Transport } from './transport.js';

export interface HttpClientOptions {
  readonly transport: Transport;
  readonly retry: RetryConfig;
  /** Waits for a request slot (max_requests_per_second). */
  readonly throttle: () => Promise<void>;
  readonly redact: (text: string) => string;
  /** Called before each retry, for logs: what failed and how long weir waits. */
  readonly onRetry?: (info: { url: string; attempt: number; reason: string; waitMs: number }) => void;
}

/**
 * Sends a request, retrying 429, 5xx, timeouts and dropped connections with backoff; any other
 * non-2xx fails at once. Errors name the URL with secrets redacted and an excerpt of the body.
 */
export async function sendWithRetries(req: HttpRequest, options: HttpClientOptions): Promise<HttpResponse> {
  const url = options.redact(req.url);
  const attempts = options.retry.max_attempts;
  for (let attempt = 1; ; attempt++) {
    await options.throttle();
    let reason: string;
    let retryAfter: string | undefined;
    try {
      const response = await options.transport(req);
      if (response.status >= 200 && response.status < 300) return response;
      // Redacted before it is cut short or its spaces folded, so no part of a secret survives.
      const body = excerpt(options.redact(response.body.toString('utf8')));
      if (!isRetryableStatus(response.status)) {
        const redirect = response.status >= 300 && response.status < 400;
        const location = redirect ? ` to Location: ${options.redact(response.headers.location ?? '(none)')}` : '';
        throw new IngestError(`${req.method} ${url} returned HTTP ${response.status}${location}: ${body || '(empty body)'}`, {
          hint: response.status === 401 || response.status === 403
            ? 'check the credentials the headers or params take from env_var()'
            : redirect
              ? 'weir follows 301, 302, 303, 307 and 308 redirects that name a Location; point url at the final address'
              : 'check the url, params and headers in the ingest block',
        });
      }
      reason = `HTTP ${response.status}${body ? ` (${body})` : ''}`;
      retryAfter = response.headers['retry-after'];
    } catch (error) {
      if (error instanceof IngestError) throw error;
      reason = options.redact(networkReason(error));
    }
    if (attempt >= attempts) {
      throw new IngestError(`${req.method} ${url} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}; last error: ${reason}`, {
        hint: 'the server kept failing; try again later, or raise retries.max_attempts / timeout_ms in the ingest block',
      });
    }
    const waitMs = backoffMs(options.retry, attempt, retryAfter);
    options.onRetry?.({ url, attempt, reason, waitMs });
    await sleep(waitMs);
  }
}

function networkReason(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return `timed out (${code})`;
  if (error instanceof ResponseTimeout) return error.message;
  if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET') return `connection dropped (${code})`;
  const cause = (error as { cause?: unknown }).cause;
  return `${errorMessage(error)}${code ? ` (${code})` : ''}${cause ? `: ${errorMessage(cause)}` : ''}`;
}

/** Parses a response body as JSON; a malformed body names the URL, the page and an excerpt. */
export function parseJsonBody(response: HttpResponse, req: HttpRequest, page: number, redact: (t: string) => string): unknown {
  const text = response.body.toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new IngestError(`page ${page} of ${req.method} ${redact(req.url)} is not valid JSON (${errorMessage(error)}): ${excerpt(redact(text))}`, {
      hint: 'nothing from this load was committed; the previous data is intact',
    });
  }
}
