import type { NodeResult } from '../execute/types.js';
import { RUN_RESULTS_SCHEMA, WEIR_VERSION } from './manifest.js';

/** target/run_results.json in the shape of dbt's run results (v6). */
export function buildRunResults(
  results: readonly NodeResult[],
  meta: { invocationId: string; generatedAt: Date; elapsedTime: number; args: Record<string, unknown> },
) {
  return {
    metadata: {
      dbt_schema_version: RUN_RESULTS_SCHEMA,
      weir_version: WEIR_VERSION,
      generated_at: meta.generatedAt.toISOString(),
      invocation_id: meta.invocationId,
    },
    results: results.map((r) => ({
      unique_id: r.uniqueId,
      status: r.status,
      timing: r.startedAt
        ? [{ name: 'execute', started_at: r.startedAt, completed_at: r.completedAt }]
        : [],
      thread_id: null,
      execution_time: r.executionTime,
      adapter_response: r.rowsAffected === undefined ? {} : { rows_affected: r.rowsAffected },
      message: r.message,
      failures: r.failures ?? null,
      compiled_path: r.compiledPath ?? null,
      run_path: r.runPath ?? null,
    })),
    elapsed_time: meta.elapsedTime,
    args: meta.args,
  };
}
