import { join, resolve } from 'node:path';
import type { AuthConfig, HttpConfig } from './config.js';
import type { IngestContext, IngestOutcome, IngestSpec } from './context.js';
import type { Logger } from '../core/logger.js';
import { progressReporter } from './context.js';
import { credentialGuard, guardedTransport } from './credentials.js';
import { sendWithRetries } from './http-client.js';
import { createLandingWriter, createRecordingWriter, lakeTableDir, latestBatchDir, recordedTransport, type LandingWriter } from './landing.js';
import { paginate } from './pagination.js';
import { createRecordLoader, type RecordLoaderOptions } from './raw-load.js';
import { rateLimiter } from './retry.js';
import { createSecrets, redactError, redactingLogger, type Secrets } from './secrets.js';
import { cursorStart, cursorTracker, readState, writeState } from './state.js';
import { liveTransport, type Transport } from './transport.js';

/**
 * Loads one API resource: renders env_var() secrets, walks the pages (live, from a recording or
 * from the lake), lands every response as-is, and streams the records into the raw table.
 */
export async function runHttpIngest(
  spec: IngestSpec,
  http: HttpConfig,
  context: IngestContext,
  load: Omit<RecordLoaderOptions, 'beforeCommit'>,
): Promise<IngestOutcome> {
  const secrets = createSecrets(context.env);
  const where = `the ingest block of ${spec.sourceName}.${spec.tableName} (${spec.path})`;
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(http.params)) params[key] = secrets.render(String(value), where);
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(http.headers)) headers[key] = secrets.render(value, where);
  const authNames = applyAuth(http.auth, secrets, where, headers, params);
  const url = secrets.render(http.url, where);
  const body = http.body === undefined ? undefined : secrets.render(JSON.stringify(http.body), where);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  const logger = redactingLogger(context.logger, secrets.redact);

  const tableDir = join(spec.sourceName, spec.tableName);
  const lakeDir = lakeTableDir(context.targetDir, spec.sourceName, spec.tableName);
  const replayFrom = context.fromLake
    ? latestBatchDir(lakeDir)
    : spec.config.recording && !context.recordDir && !context.live
      ? resolve(context.projectRoot, spec.config.recording, tableDir)
      : undefined;
  // A replay sends nothing anywhere; a live load sends credentials only to the configured origin.
  const transport: Transport = replayFrom ? recordedTransport(replayFrom, secrets.redact) : guardedTransport(
    liveTransport(http.timeout_ms),
    credentialGuard({ baseUrl: url, holdsSecret: secrets.holds, names: authNames }),
    withheldReporter(logger, spec, url),
  );
  const writers: LandingWriter[] = [];
  if (!context.fromLake) writers.push(createLandingWriter(join(lakeDir, load.batchId)));
  const recording = context.recordDir ? createRecordingWriter(resolve(context.projectRoot, context.recordDir, tableDir)) : undefined;
  if (recording) writers.push(recording);

  // Incremental extraction: send the highest value loaded so far (minus the lag).
  const incremental = spec.config.incremental;
  const stateKey = incremental ? `ingest.${spec.sourceName}.${spec.tableName}.${incremental.cursor_field}` : '';
  const tracker = incremental ? cursorTracker(incremental.cursor_field) : undefined;
  if (incremental) {
    const remembered = context.fullRefresh ? undefined : await readState(context.adapter, context.session, stateKey);
    const start = cursorStart(incremental, remembered);
    if (start !== undefined) params[incremental.param] = start;
  }

  // A replay asks no server, so it is not throttled.
  const throttle = rateLimiter(replayFrom ? undefined : http.max_requests_per_second);
  const send = async (req: Parameters<Transport>[0]) => {
    const response = await sendWithRetries(req, {
      transport, retry: http.retries, throttle, redact: secrets.redact,
      onRetry: (info) => logger.log({
        level: 'warn', code: 'ingest_retry',
        message: `${spec.sourceName}.${spec.tableName}: ${info.reason} from ${info.url}; retry ${info.attempt} in ${Math.round(info.waitMs)} ms`,
        data: { source: spec.sourceName, table: spec.tableName, ...info },
      }),
    });
    if (writers.length > 0) {
      // What lands on disk holds no secret either, even one the server echoed back.
      const landed = { ...response, headers: redactValues(response.headers, secrets.redact), body: secrets.holds(response.body.toString('utf8')) ? Buffer.from(secrets.redact(response.body.toString('utf8'))) : response.body };
      for (const writer of writers) writer.saveResponse(req.method, secrets.redact(req.url), landed);
    }
    return response;
  };

  const loader = await createRecordLoader({
    ...load,
    beforeCommit: tracker ? async (session) => {
      const value = tracker.value();
      if (value !== undefined) await writeState(context.adapter, session, stateKey, value);
    } : undefined,
  });
  const progress = progressReporter(context, spec);
  let pages = 0;
  try {
    const options = {
      redact: secrets.redact, onShortRead: spec.config.on_short_read ?? 'fail',
      warn: (message: string) => logger.log({ level: 'warn', code: 'ingest_short_read', message: `${spec.sourceName}.${spec.tableName}: ${message}`, data: { source: spec.sourceName, table: spec.tableName } }),
    } as const;
    for await (const page of oneAhead(paginate(http, { url, method: http.method, params, headers, body }, send, options))) {
      pages = page.number;
      tracker?.observe(page.records);
      await loader.add(page.records, `page ${page.number}, ${page.url}`);
      progress.update(pages, loader.recordsSeen());
    }
    const { rows, quarantined } = await loader.finish();
    recording?.commit();
    return { rows, records: loader.recordsSeen(), pages, quarantined, batchId: load.batchId };
  } catch (error) {
    recording?.discard();
    await loader.abort();
    throw redactError(error, secrets.redact);
  } finally {
    progress.end(pages, loader.recordsSeen());
  }
}

/**
 * Fetches the next page while the current one is being written: one request in flight ahead of
 * the loader, never more, so memory holds at most two pages.
 */
async function* oneAhead<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = source.next();
  try {
    for (;;) {
      const result = await next;
      if (result.done) return;
      next = source.next();
      // If the consumer stops (a failed write), the request in flight must not become an unhandled rejection.
      next.catch(() => undefined);
      yield result.value;
    }
  } finally {
    // Not awaited: a request still in flight may take its full timeout, and the load has already failed.
    void source.return(undefined).catch(() => undefined);
  }
}

/** Sets the `auth:` block's header or query parameter; returns their names (credentials, whatever they are called). */
function applyAuth(auth: AuthConfig | undefined, secrets: Secrets, where: string, headers: Record<string, string>, params: Record<string, string>): string[] {
  if (!auth) return [];
  if (auth.type === 'bearer') {
    headers.Authorization = `Bearer ${secrets.render(auth.token, where)}`;
    return ['Authorization'];
  }
  if (auth.type === 'basic') {
    const token = Buffer.from(`${secrets.render(auth.username, where)}:${secrets.render(auth.password, where)}`).toString('base64');
    secrets.add(token);
    headers.Authorization = `Basic ${token}`;
    return ['Authorization'];
  }
  (auth.in === 'query' ? params : headers)[auth.name] = secrets.render(auth.value, where);
  return [auth.name];
}

/** Says, once per origin, which credentials weir held back from a request to another origin. */
function withheldReporter(logger: Logger, spec: IngestSpec, baseUrl: string) {
  const told = new Set<string>();
  const trusted = new URL(baseUrl).origin;
  return (url: string, withheld: readonly string[]) => {
    const origin = new URL(url).origin;
    if (told.has(origin)) return;
    told.add(origin);
    logger.log({
      level: 'warn', code: 'ingest_credentials_withheld',
      message: `${spec.sourceName}.${spec.tableName}: refused to send ${withheld.join(', ')} to ${origin} (credentials go only to ${trusted}, the origin of the configured url); the request went without them`,
      data: { source: spec.sourceName, table: spec.tableName, origin, trusted, withheld },
    });
  };
}

function redactValues(values: Readonly<Record<string, string>>, redact: (text: string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, redact(v)]));
}
