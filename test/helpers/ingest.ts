import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { REPO_ROOT, type CliRun } from './project.js';
import { tempDir } from './temp-dir.js';

const BIN = join(REPO_ROOT, 'bin', 'weir.js');

/**
 * Runs the CLI without blocking this process, so an HTTP server started by the test (in this
 * process) can answer it.
 */
export function weirAsync(args: readonly string[], projectDir: string, env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args, '--project-dir', projectDir], {
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, output: `${stdout}${stderr}` }));
  });
}

export interface TestServer {
  readonly url: string;
  /** Every request seen: path with query, and headers. */
  readonly requests: Array<{ url: string; headers: IncomingMessage['headers'] }>;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

/** A real HTTP server on 127.0.0.1 with a random port. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    handler(req, res, new URL(req.url ?? '/', 'http://127.0.0.1'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export function json(res: ServerResponse, body: unknown, status = 200, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** `n` user records with ids from 1. */
export function users(from: number, to: number) {
  const out = [];
  for (let id = from; id <= to; id++) out.push({ id, name: `user ${id}`, score: id * 1.5, active: id % 2 === 0, signed_up_at: `2024-01-${String((id % 28) + 1).padStart(2, '0')}T10:00:00Z`, address: { city: `c${id}` }, tags: ['a', String(id)] });
  return out;
}

/** Fast retries so failing-server tests take milliseconds. */
export const FAST_RETRIES = '      retries: {max_attempts: 3, initial_delay_ms: 1, max_delay_ms: 5}\n';

/** An in-memory DuckDB and a way to run one ingest block against it in this process. */
export async function ingestHarness(projectRoot: string, duckdb: { memory_limit?: string } = {}) {
  const { createDuckDbAdapter } = await import('../../src/adapters/duckdb/adapter.js');
  const { ingestSchema, runIngest } = await import('../../src/ingest/index.js');
  const { collectingLogger } = await import('../../src/core/logger.js');
  const adapter = await createDuckDbAdapter({ type: 'duckdb', path: ':memory:', ...duckdb }, { projectRoot, threads: 1 });
  const logger = collectingLogger();
  return {
    adapter,
    logger,
    /** Loads `shop.<table>` (into raw_shop) from an ingest block given as plain data. */
    async ingest(block: unknown, options: { table?: string; env?: NodeJS.ProcessEnv; fullRefresh?: boolean; fromLake?: boolean; recordDir?: string; live?: boolean } = {}) {
      const config = ingestSchema.parse(block);
      const table = options.table ?? 'users';
      const statements: string[] = [];
      const outcome = await adapter.withSession((session) => runIngest(
        { sourceName: 'shop', tableName: table, relation: { schema: 'raw_shop', identifier: table }, config, path: 'sources/shop.yml' },
        { adapter, session, statements, projectRoot, targetDir: join(projectRoot, 'target'), env: options.env ?? {},
          fullRefresh: options.fullRefresh ?? false, fromLake: options.fromLake ?? false, recordDir: options.recordDir, live: options.live, logger },
      ));
      return { ...outcome, statements };
    },
    query: (sql: string) => adapter.withSession(async (s) => (await s.query(sql)).rows),
    close: () => adapter.close(),
  };
}

export type IngestHarness = Awaited<ReturnType<typeof ingestHarness>>;

/**
 * Registers a fresh project folder and ingest harness for each test of the calling file, closed
 * after it together with the test server the test put in `server`. Read the fields inside tests.
 */
export function useIngestHarness(prefix: string): { h: IngestHarness; dir: string; server: TestServer | undefined } {
  const fixture = { server: undefined } as { h: IngestHarness; dir: string; server: TestServer | undefined };
  beforeEach(async () => {
    fixture.dir = tempDir(prefix);
    fixture.h = await ingestHarness(fixture.dir);
  });
  afterEach(async () => {
    await fixture.server?.close();
    fixture.server = undefined;
    await fixture.h.close();
  });
  return fixture;
}
