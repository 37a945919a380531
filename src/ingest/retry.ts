import type { RetryConfig } from './config.js';

/** Status codes worth another try: rate limited, or the server (or a proxy) failing for now. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || (status >= 500 && status <= 599);
}

/**
 * The wait before attempt `attempt + 1` (attempt counts from 1): exponential backoff with full
 * jitter, capped; a `Retry-After` from the server (seconds or an HTTP date) wins when it is longer.
 */
export function backoffMs(
  retry: RetryConfig,
  attempt: number,
  retryAfter: string | undefined,
  random: () => number = Math.random,
  now: () => number = Date.now,
): number {
  const ceiling = Math.min(retry.max_delay_ms, retry.initial_delay_ms * 2 ** (attempt - 1));
  const jittered = ceiling / 2 + (random() * ceiling) / 2;
  const fromServer = parseRetryAfter(retryAfter, now);
  return fromServer === undefined ? jittered : Math.max(jittered, Math.min(fromServer, Math.max(retry.max_delay_ms, 0)));
}

export function parseRetryAfter(value: string | undefined, now: () => number = Date.now): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now());
}

/** Spaces requests so that no more than `perSecond` start in any second. */
export function rateLimiter(perSecond: number | undefined): () => Promise<void> {
  if (!perSecond) return async () => undefined;
  const interval = 1000 / perSecond;
  let next = 0;
  return async () => {
    const now = performance.now();
    const at = Math.max(now, next);
    next = at + interval;
    if (at > now) await sleep(at - now);
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
