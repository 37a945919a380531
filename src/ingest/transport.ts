import { request } from 'undici';

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

/** The live network, through undici, with one timeout for headers and one for the body. */
export function liveTransport(timeoutMs: number): Transport {
  return async (req) => {
    const response = await request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const chunks: Buffer[] = [];
    for await (const chunk of response.body) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    return { status: response.statusCode, headers, body: Buffer.concat(chunks) };
  };
}
