import { runsNoSql } from '../compile/no-sql-nodes.js';
import type { CompiledNode } from '../compile/types.js';
import type { NodeResult } from '../execute/types.js';
import { RUN_RESULTS_SCHEMA } from './manifest.js';
import { isoUtc, type Batch } from '../core/microbatch-batches.js';

const pair = (b: Batch) => [isoUtc(b.start), isoUtc(b.end)];

/**
 * target/run_results.json exactly in the shape of dbt's run results (v6): each result with the
 * node's compiled SQL and relation, and the thread that ran it. weir's own paths to the statements
 * run (target/run) are not in dbt's shape and stay out.
 */
export function buildRunResults(
  results: readonly NodeResult[],
  meta: { invocationId: string; generatedAt: Date; elapsedTime: number; args: Record<string, unknown> },
  nodes: ReadonlyMap<string, CompiledNode>,
  quoteRelation: (node: CompiledNode) => string | undefined,
) {
  return {
    metadata: {
      dbt_schema_version: RUN_RESULTS_SCHEMA,
      generated_at: meta.generatedAt.toISOString(),
      invocation_id: meta.invocationId,
      env: {},
    },
    results: results.map((r) => {
      const node = nodes.get(r.uniqueId);
      const compiled = node !== undefined && COMPILED_TYPES.has(node.resourceType);
      // A saved query or exposure (dbt's NO-OP) was not compiled at all: dbt says null.
      const noSql = node !== undefined && runsNoSql(node);
      const batches = r.batchResults;
      // dbt: some batches built and some not is a 'partial success', with the batches in batch_results.
      const partial = batches !== undefined && batches.successful.length > 0 && batches.failed.length > 0;
      return {
        unique_id: r.uniqueId,
        status: partial ? 'partial success' : r.status,
        timing: r.startedAt
          ? [{ name: 'execute', started_at: r.startedAt, completed_at: r.completedAt ?? null }]
          : [],
        thread_id: r.threadId ?? 'main',
        execution_time: r.executionTime,
        adapter_response: r.rowsAffected === undefined ? {} : { rows_affected: r.rowsAffected },
        // A passing test (whatever rows it counted under its thresholds) and a skipped node have no message in dbt's.
        message: partial ? `PARTIAL SUCCESS (${batches.successful.length}/${batches.successful.length + batches.failed.length})` : batches && r.status === 'success' ? 'SUCCESS' : r.status === 'pass' || r.status === 'skipped' ? null : r.message,
        failures: r.status === 'pass' || r.status === 'no-op' ? 0 : r.failures ?? null,
        compiled: noSql ? null : compiled,
        compiled_code: compiled ? node.compiledCode : null,
        relation_name: node ? quoteRelation(node) ?? null : null,
        batch_results: batches ? { successful: batches.successful.map(pair), failed: batches.failed.map(pair) } : null,
      };
    }),
    elapsed_time: meta.elapsedTime,
    args: meta.args,
  };
}

/** Resource types whose SQL dbt compiles (and run_results reports as compiled). */
const COMPILED_TYPES: ReadonlySet<string> = new Set(['model', 'snapshot', 'test', 'analysis', 'unit_test']);
