
/** One HTTP exchange as weir needs it: the status, the headers it reads, and the raw body. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | undefined;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** Sends a request; rejects on network failure (refused, reset, timeout), never on an HTTP status. */
export type Transport = (req: HttpRequest) => Promise<HttpResponse>;

/** The whole exchange (headers and every byte of the body) took longer than timeout_ms. */
export class ResponseTimeout extends Error {
  constructor(timeoutMs: number, received: number) {
    super(`timed out: no complete response within timeout_ms ${timeoutMs} (${received} bytes of the body received)`);
    this.name = 'ResponseTimeout';
  }
}

/**
 * The live network, through undici. `timeoutMs` bounds the whole response, not only the wait for
 * headers or between two chunks: a server dripping a byte a second times out like a silent one.
 */
export function liveTransport(timeoutMs: number): Transport {
  return async (req) => {
    const controller = new AbortController();
    let received = 0;
    const timer = setTimeout(() => controller.abort(new ResponseTimeout(timeoutMs, received)), timeoutMs);
    try {
      // Loaded on the first request: undici takes ~0.3 s to load, and a build without HTTP sources never needs it.
      const { request } = await import('undici');
      const response = await request(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal: controller.signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const chunks: Buffer[] = [];
      for await (const chunk of response.body) {
        chunks.push(chunk as Buffer);
        received += (chunk as Buffer).length;
      }
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(response.headers)) {
        if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: response.statusCode, headers, body: Buffer.concat(chunks) };
    } catch (error) {
      throw controller.signal.aborted && controller.signal.reason instanceof ResponseTimeout ? controller.signal.reason : error;
    } finally {
      clearTimeout(timer);
    }
  };
}
