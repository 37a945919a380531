import { arr, obj, str, type Json } from './read-json.js';
import type { DocsFreshness, DocsResult } from './types.js';


/**
 * Each node's result for the site: the newest across invocations (target/weir_latest_results.json)
 * where that file is, else the last run_results.json's; each says which command and run it came from.
 */
export function nodeResults(runResults: Json | undefined, latest: Json | undefined): Map<string, DocsResult> {
  const lastInvocation = str(obj(runResults?.metadata).invocation_id);
  const map = new Map<string, DocsResult>();
  const lastMeta = { command: str(obj(runResults?.args).command) || null, runAt: str(obj(runResults?.metadata).generated_at) || null };
  for (const value of arr(runResults?.results)) {
    const r = obj(value);
    map.set(str(r.unique_id), toResult(r, { ...lastMeta, lastRun: true }));
  }
  for (const [id, value] of Object.entries(obj(latest?.results))) {
    const entry = obj(value);
    const invocation = str(entry.invocation_id);
    // The last run's own entry is already there; an older one fills what the last run did not touch.
    if (map.has(id) && invocation !== lastInvocation) continue;
    map.set(id, toResult(obj(entry.result), {
      command: str(entry.command) || null, runAt: str(entry.generated_at) || null, lastRun: invocation !== '' && invocation === lastInvocation,
    }));
  }
  return map;
}

function toResult(r: Json, from: { command: string | null; runAt: string | null; lastRun: boolean }): DocsResult {
  const timing = arr(r.timing).map(obj);
  const rows = obj(r.adapter_response).rows_affected;
  return {
    status: str(r.status),
    message: str(r.message),
    executionTime: Number(r.execution_time ?? 0),
    completedAt: timing.length ? str(timing[timing.length - 1]!.completed_at) || null : null,
    rows: typeof rows === 'number' ? rows : null,
    failures: typeof r.failures === 'number' ? r.failures : null,
    ...from,
  };
}

/** Each source table's last freshness check, from target/sources.json (dbt's sources v3). */
export function freshnessResults(sources: Json | undefined): Map<string, DocsFreshness> {
  const map = new Map<string, DocsFreshness>();
  const period = (p: unknown) => {
    const { count, period: unit } = obj(p);
    return typeof count === 'number' && typeof unit === 'string' ? `${count} ${unit}` : null;
  };
  for (const value of arr(sources?.results)) {
    const r = obj(value);
    const criteria = obj(r.criteria);
    const age = r.max_loaded_at_time_ago_in_s;
    map.set(str(r.unique_id), {
      status: str(r.status),
      maxLoadedAt: str(r.max_loaded_at) || null,
      snapshottedAt: str(r.snapshotted_at) || null,
      ageSeconds: typeof age === 'number' ? age : null,
      warnAfter: period(criteria.warn_after),
      errorAfter: period(criteria.error_after),
      error: typeof r.error === 'string' ? r.error : null,
    });
  }
  return map;
}
