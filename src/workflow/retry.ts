import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { Batch } from '../core/microbatch-batches.js';
import type { BatchResults } from '../execute/types.js';

/** What `weir retry` needs from the last run_results.json: the command, its settings, what to redo. */
export interface RetryPlan {
  readonly command: string;
  readonly nodeIds: ReadonlySet<string>;
  readonly threads: number | undefined;
  readonly fullRefresh: boolean;
  /** The last run's --store-failures and --empty, which retry repeats as dbt's does. */
  readonly storeFailures: boolean;
  readonly empty: boolean;
  readonly target: string | undefined;
  readonly failed: number;
  readonly skipped: number;
  /** Microbatch models: the batches that failed last time (only they are built again) and the ones that did not. */
  readonly batches: ReadonlyMap<string, BatchResults>;
}

const RETRYABLE = new Set(['error', 'fail', 'skipped', 'partial success']);

/**
 * As dbt's retry: the nodes of the last run that failed (error, or fail for tests) or were skipped
 * because of a failure, re-run with that run's command, threads, full-refresh, store-failures, empty and target.
 */
export function planRetry(targetDir: string, commands: readonly string[]): RetryPlan {
  const path = join(targetDir, 'run_results.json');
  if (!existsSync(path)) {
    throw new UsageError(`Nothing to retry: ${path} does not exist`, { hint: 'retry re-runs what failed in the last weir run/build/test/seed; run one first' });
  }
  let results: { results?: Array<{ unique_id?: string; status?: string; batch_results?: { successful?: string[][]; failed?: string[][] } | null }>; args?: Record<string, unknown> };
  try {
    results = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`Cannot retry: ${path} is not valid JSON (${(error as Error).message})`);
  }
  const command = String(results.args?.command ?? '');
  if (!commands.includes(command)) {
    throw new UsageError(`Cannot retry: the last run_results.json is from '${command || 'an unknown command'}'`, { hint: `retry repeats ${commands.join(', ')}` });
  }
  const redo = (results.results ?? []).filter((r) => r.unique_id && RETRYABLE.has(String(r.status)));
  const threads = results.args?.threads;
  return {
    command,
    nodeIds: new Set(redo.map((r) => r.unique_id!)),
    threads: typeof threads === 'number' ? threads : undefined,
    fullRefresh: results.args?.full_refresh === true,
    storeFailures: results.args?.store_failures === true,
    empty: results.args?.empty === true,
    target: typeof results.args?.target === 'string' ? results.args.target : undefined,
    failed: redo.filter((r) => r.status !== 'skipped').length,
    skipped: redo.filter((r) => r.status === 'skipped').length,
    batches: new Map(redo.filter((r) => r.batch_results?.failed?.length).map((r) => [r.unique_id!, { successful: toBatches(r.batch_results!.successful), failed: toBatches(r.batch_results!.failed) }])),
  };
}

/** run_results.json's batch pairs (ISO strings) as batches; a pair that is no time is dropped. */
function toBatches(pairs: string[][] | undefined): Batch[] {
  return (pairs ?? []).map(([start, end]) => ({ start: new Date(String(start)), end: new Date(String(end)) }))
    .filter((b) => !Number.isNaN(b.start.getTime()) && !Number.isNaN(b.end.getTime()));
}
