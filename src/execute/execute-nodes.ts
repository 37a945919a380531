import type { Adapter, Session } from '../adapters/types.js';
import { runsNoSql } from '../compile/no-sql-nodes.js';
import type { CompiledProject } from '../compile/types.js';
import type { Dag } from '../graph/index.js';
import { runGraph } from '../graph/index.js';
import { errorMessage } from '../core/errors.js';
import { removeLeftovers } from './leftovers.js';
import { noOp } from './no-op.js';
import { runNode } from './run-node.js';
import { auditSchema, storesFailures } from './materializations/test.js';
import type { ExecuteOptions, NodeResult } from './types.js';

/** Creates the schemas the selected nodes build into (before on-run-start hooks too, as dbt does). */
export async function ensureSchemas(adapter: Adapter, session: Session, project: CompiledProject, selected: ReadonlySet<string>, storeFailuresFlag?: boolean): Promise<void> {
  const schemas = new Set<string>();
  for (const id of selected) {
    const node = project.nodes.get(id);
    if (node?.relation) schemas.add(node.relation.schema);
    // Created once up front: tests storing failures at the same time would race to create it (DuckDB: write-write conflict).
    if (node?.resourceType === 'test' && storesFailures(node, storeFailuresFlag)) schemas.add(auditSchema(adapter.defaultSchema));
  }
  for (const schema of schemas) await adapter.ensureSchema(session, schema);
}

/**
 * Builds the selected nodes in DAG order, `threads` at a time. Each start and finish is a log event
 * (the CLI shows them); a failure skips its descendants and nothing else.
 */
export async function executeNodes(
  project: CompiledProject,
  dag: Dag,
  selected: ReadonlySet<string>,
  options: ExecuteOptions,
): Promise<NodeResult[]> {
  const { adapter, logger } = options;
  await adapter.withSession(async (session) => {
    await ensureSchemas(adapter, session, project, selected, options.storeFailures);
    // Every schema the project writes, not only this selection's: a killed `weir ingest` is cleaned up by the next `weir run` too.
    const written = new Set([...project.nodes.values()].filter((n) => n.relation && ['model', 'seed', 'ingest'].includes(n.resourceType)).map((n) => n.relation!.schema));
    await removeLeftovers(adapter, session, [...written], options, logger);
  });

  const total = selected.size;
  let started = 0;
  const skippedWhere = (id: string) => {
    const node = project.nodes.get(id);
    return node ? { path: node.path, materialized: node.config.materialized, meta: node.config.meta, ...(node.relation ? { relationParts: node.relation } : {}) } : {};
  };
  // dbt's thread names: the lowest number free when a node starts (at most `threads` at once).
  const busy = new Set<number>();
  const takeThread = () => {
    let n = 1;
    while (busy.has(n)) n++;
    busy.add(n);
    return n;
  };
  const outcomes = await runGraph(dag, new Set(selected), {
    threads: options.threads,
    failFast: options.failFast,
    ...(options.signal ? { signal: options.signal } : {}),
    isFailure: (result: NodeResult) => result.status === 'error' || result.status === 'fail',
    // Say at once what a failure takes down, not only in the summary.
    onSkip: (graphNode, cause) => logger.log({
      level: 'warn', code: 'node_skipped', message: `SKIP ${graphNode.resourceType} ${graphNode.name}: skipped because ${cause.name} failed`,
      data: { uniqueId: graphNode.uniqueId, resourceType: graphNode.resourceType, status: 'skipped', cause: cause.uniqueId, ...skippedWhere(graphNode.uniqueId) },
    }),
    onError: (graphNode, error): NodeResult => ({
      uniqueId: graphNode.uniqueId, status: 'error', message: errorMessage(error), rowsAffected: undefined,
      startedAt: undefined, completedAt: undefined, executionTime: 0, runPath: undefined, compiledPath: undefined,
    }),
    execute: async (graphNode) => {
      const node = project.nodes.get(graphNode.uniqueId)!;
      const index = ++started;
      if (runsNoSql(node)) {
        const thread = takeThread();
        busy.delete(thread);
        return noOp(node, { index, total, logger, threadId: `Thread-${thread}` });
      }
      const relation = node.relation ? adapter.dialect.relation(node.relation) : node.name;
      const kind = node.resourceType === 'test' || node.resourceType === 'unit_test' ? `${node.config.test_type} test`
        : node.resourceType === 'analysis' ? `${node.analysis?.kind ?? 'sql'} analysis`
        : node.resourceType === 'ingest' ? `ingest ${node.ingest?.http ? 'http' : 'file'}`
        : node.resourceType === 'snapshot' ? `${node.snapshot?.strategy ?? ''} snapshot` : `${node.config.materialized} ${node.resourceType}`;
      const thread = takeThread();
      const threadId = `Thread-${thread}`;
      // Where the node is and what it writes, for structured logs (dbt's node_info).
      const where = { path: node.path, meta: node.config.meta, ...(node.relation ? { relationParts: node.relation } : {}) };
      logger.log({
        level: 'info', code: 'node_start', message: `START ${kind} ${relation}`,
        data: { index, total, uniqueId: node.uniqueId, resourceType: node.resourceType, materialized: node.config.materialized, kind, relation, threadId, ...where },
      });
      const result = { ...(await runNode(node, options).finally(() => busy.delete(thread))), threadId };
      const failed = result.status === 'error' || result.status === 'fail';
      logger.log({
        level: failed ? 'error' : result.status === 'warn' ? 'warn' : 'info', code: 'node_finish',
        message: result.status === 'error' || node.resourceType === 'test' || node.resourceType === 'unit_test' || node.resourceType === 'analysis' ? result.message : `${result.message} ${relation}`,
        data: { index, total, uniqueId: node.uniqueId, resourceType: node.resourceType, materialized: node.config.materialized,
          kind, relation, threadId, ...where, status: result.status, rowsAffected: result.rowsAffected, executionTime: result.executionTime,
          startedAt: result.startedAt, completedAt: result.completedAt,
          ...(result.failures !== undefined ? { failures: result.failures } : {}),
          ...(result.sample ? { sample: result.sample } : {}) },
      });
      return result;
    },
  });

  // In completion order (runGraph's), as dbt's run_results.json and on-run-end `results`.
  const results: NodeResult[] = [];
  for (const [id, outcome] of outcomes) {
    if (outcome?.status === 'done') {
      results.push(outcome.result);
      continue;
    }
    const node = project.nodes.get(id)!;
    const message = outcome?.status === 'skipped'
      ? `skipped because ${project.nodes.get(outcome.cause)?.name ?? outcome.cause} failed`
      : options.signal?.aborted
        ? 'not started: the run was interrupted'
        : 'not started: the run stopped at the first failure (--fail-fast)';
    if (outcome?.status !== 'skipped') {
      logger.log({ level: 'warn', code: 'node_skipped', message: `SKIP ${node.resourceType} ${node.name}: ${message}`,
        data: { uniqueId: id, resourceType: node.resourceType, status: 'skipped', ...skippedWhere(id) } });
    }
    results.push({ uniqueId: id, status: 'skipped', message, rowsAffected: undefined, startedAt: undefined,
      completedAt: undefined, executionTime: 0, runPath: undefined, compiledPath: undefined });
  }
  return results;
}
