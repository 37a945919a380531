import type { Diagnostic } from '../core/diagnostics.js';
import { batchId, offset, truncate, type BatchSize } from '../core/microbatch-batches.js';
import { parseIsoTime } from '../core/iso-time.js';
import { pyUtcDateTime } from './relation-value.js';
import type { ResolvedConfig } from './types.js';

/**
 * What dbt's parser demands of a microbatch model (dbt 1.9's check_valid_microbatch_config), in
 * its words: an event_time column, a batch_size and a begin. Their types are checked with the
 * rest of the config (project/schemas.ts).
 */
export function microbatchConfigErrors(name: string, config: ResolvedConfig): Omit<Diagnostic, 'file' | 'line'>[] {
  const errors: Omit<Diagnostic, 'file' | 'line'>[] = [];
  const missing = (key: string, what: string, hint: string) => errors.push({ severity: 'error', key, message: `Microbatch model '${name}' must provide ${what}`, hint });
  if (config.event_time === undefined) {
    missing('event_time', "an 'event_time' (string) config that indicates the name of the event time column", "add event_time='created_at' (the model's timestamp column) to its config");
  }
  if (config.batch_size === undefined) missing('batch_size', "a 'batch_size' config that is one of hour, day, month, year", "add batch_size='day' to its config");
  if (config.begin === undefined) {
    missing('begin', "a 'begin' (datetime) config that indicates the earliest timestamp the microbatch model should be built from", "add begin='2024-01-01' to its config");
  }
  return errors;
}

/** dbt's `model.batch` (id, event_time_start, event_time_end as aware datetimes); none outside a batch. */
export function batchDict(batch: { readonly id: string; readonly start: Date; readonly end: Date } | undefined): Record<string, unknown> {
  if (!batch) return {};
  return { batch: { id: batch.id, event_time_start: pyUtcDateTime(batch.start), event_time_end: pyUtcDateTime(batch.end) } };
}

/**
 * dbt renders a microbatch model only batch by batch, so its template may use model.batch freely;
 * weir's compile renders it once before running, as its first batch (from begin).
 */
export function compileTimeBatch(config: ResolvedConfig): Record<string, unknown> {
  if (config.materialized !== 'incremental' || config.incremental_strategy !== 'microbatch') return {};
  const begin = parseIsoTime(String(config.begin ?? ''));
  const size = config.batch_size as BatchSize | undefined;
  if (!begin || !size) return {};
  const start = truncate(begin, size);
  return batchDict({ id: batchId(start, size), start, end: offset(start, size, 1) });
}
