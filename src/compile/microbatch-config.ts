import type { Diagnostic } from '../core/diagnostics.js';
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
