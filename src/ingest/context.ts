import type { Adapter, Session } from '../adapters/types.js';
import type { Logger } from '../core/logger.js';
import type { IngestConfig } from './config.js';

/** One source table to load, as compiled. */
export interface IngestSpec {
  readonly sourceName: string;
  readonly tableName: string;
  readonly relation: { readonly schema: string; readonly identifier: string };
  readonly config: IngestConfig;
  /** The yml file that declares it, for messages. */
  readonly path: string;
}

/** How this run loads: where the project is, which replay or recording mode, what to report to. */
export interface IngestRunOptions {
  readonly projectRoot: string;
  readonly targetDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly fullRefresh: boolean;
  /** Replay the newest landed batch from target/lake instead of the network or files. */
  readonly fromLake: boolean;
  /** Save the responses of this (live) run under this folder. */
  readonly recordDir?: string | undefined;
  /** Go to the network even where a `recording:` is configured. */
  readonly live?: boolean | undefined;
  readonly logger: Logger;
  /** Aborted on Ctrl-C or SIGTERM: the load stops at its next batch or statement and rolls back. */
  readonly signal?: AbortSignal | undefined;
}

export interface IngestContext extends IngestRunOptions {
  readonly adapter: Adapter;
  readonly session: Session;
  readonly statements: string[];
}

export interface IngestOutcome {
  readonly rows: number;
  readonly records: number;
  readonly pages: number;
  readonly quarantined: number;
  readonly batchId: string;
}

/** Batch ids sort by time, so the newest lake folder is the last one. */
export function newBatchId(now: Date): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\.(\d{3})Z$/, '$1Z')}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Progress of one load: `update` at most twice a second, and `end` exactly once when the load is
 * over, whether it succeeded or failed, with the final counts; a terminal's status line is only
 * cleared by that last event.
 */
export function progressReporter(context: IngestContext, spec: IngestSpec) {
  const started = performance.now();
  let lastLog = 0;
  let ended = false;
  const send = (pages: number, records: number, done: boolean) => {
    const now = performance.now();
    if (!done && now - lastLog < 500) return;
    lastLog = now;
    const seconds = (now - started) / 1000;
    context.logger.log({
      level: 'debug', code: 'ingest_progress',
      message: `${spec.sourceName}.${spec.tableName}: ${pages} page${pages === 1 ? '' : 's'}, ${records} rows, ${Math.round(records / Math.max(seconds, 0.001))} rows/s`,
      data: { source: spec.sourceName, table: spec.tableName, pages, records, seconds, done },
    });
  };
  return {
    update: (pages: number, records: number) => void (ended || send(pages, records, false)),
    end: (pages: number, records: number) => {
      if (ended) return;
      ended = true;
      send(pages, records, true);
    },
  };
}
