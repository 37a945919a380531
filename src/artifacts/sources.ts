import type { FreshnessPeriod } from '../compile/types.js';

export const SOURCES_SCHEMA = 'https://schemas.getdbt.com/dbt/sources/v3.json';

/** One source table's freshness check, as `weir source freshness` measured it. */
export interface FreshnessEntry {
  readonly uniqueId: string;
  readonly status: 'pass' | 'warn' | 'error' | 'runtime error';
  /** ISO; undefined when the query failed or found no rows. */
  readonly maxLoadedAt: string | undefined;
  readonly ageSeconds: number | undefined;
  readonly message: string;
  readonly criteria: { readonly warnAfter?: FreshnessPeriod | undefined; readonly errorAfter?: FreshnessPeriod | undefined; readonly filter?: string | undefined };
  readonly startedAt: string;
  readonly completedAt: string;
}

/**
 * target/sources.json exactly in the shape of dbt's freshness results (v3). A table whose age could
 * not be measured (the query failed, or no row has a load time) is dbt's runtime error, with weir's
 * message as its `error`.
 */
export function buildSourcesArtifact(
  entries: readonly FreshnessEntry[],
  meta: { invocationId: string; snapshottedAt: Date; elapsedTime: number },
) {
  const snapshotted = meta.snapshottedAt.toISOString();
  const period = (p: FreshnessPeriod | undefined) => (p ? { count: p.count, period: p.period } : null);
  return {
    metadata: { dbt_schema_version: SOURCES_SCHEMA, generated_at: snapshotted, invocation_id: meta.invocationId, env: {} },
    results: entries.map((r) => {
      if (r.maxLoadedAt === undefined || r.ageSeconds === undefined) return { unique_id: r.uniqueId, status: 'runtime error', error: r.message };
      return {
        unique_id: r.uniqueId,
        max_loaded_at: r.maxLoadedAt,
        snapshotted_at: snapshotted,
        max_loaded_at_time_ago_in_s: r.ageSeconds,
        status: r.status,
        criteria: { warn_after: period(r.criteria.warnAfter), error_after: period(r.criteria.errorAfter), filter: r.criteria.filter ?? null },
        adapter_response: {},
        timing: [{ name: 'execute', started_at: r.startedAt, completed_at: r.completedAt }],
        thread_id: 'Thread-1',
        execution_time: (Date.parse(r.completedAt) - Date.parse(r.startedAt)) / 1000,
      };
    }),
    elapsed_time: meta.elapsedTime,
  };
}
