import { relative, join } from 'node:path';
import type { Session } from '../adapters/types.js';
import type { CompiledNode } from '../compile/types.js';
import { DatabaseError, errorMessage, WeirError } from '../core/errors.js';
import type { Warehouse } from '../dbt-context/index.js';
import { materializationFor } from './materializations/index.js';
import { customMaterialization } from './materializations/custom.js';
import type { ExecuteOptions, NodeResult } from './types.js';
import { compiledPathFor, writeNodeSql } from './write-sql.js';
import { sessionWarehouse } from './warehouse.js';
import { microbatchRun } from './microbatch-run.js';
import { testMessage } from './materializations/test.js';
import { buildsIncrementally } from './materializations/incremental.js';

/**
 * Builds one node on a pooled session and reports what happened. Never throws: a database error
 * becomes an `error` result naming the model file, the database's message and the compiled SQL.
 */
export async function runNode(compiledNode: CompiledNode, options: ExecuteOptions): Promise<NodeResult> {
  let node = compiledNode;
  const started = new Date();
  const statements: string[] = [];
  const custom = node.resourceType === 'model' && options.customMaterializations?.has(node.config.materialized);
  const materialize = options.materializations?.[node.config.materialized]
    ?? (custom ? customMaterialization(options.customMaterializations!, options.database) : materializationFor(node));
  const isModel = node.resourceType === 'model' || node.resourceType === 'snapshot' || node.resourceType === 'test' || node.resourceType === 'unit_test' || node.resourceType === 'analysis';
  const compiledPath = isModel ? relative(options.projectRoot, join(options.targetDir, compiledPathFor(node, 'compiled', options.packageRoots))) : undefined;
  const runPath = relative(options.projectRoot, join(options.targetDir, compiledPathFor(node, 'run', options.packageRoots)));
  const finish = (fields: Pick<NodeResult, 'status' | 'message' | 'rowsAffected'>): NodeResult => {
    const completed = new Date();
    return {
      uniqueId: node.uniqueId,
      ...fields,
      startedAt: started.toISOString(),
      completedAt: completed.toISOString(),
      executionTime: (completed.getTime() - started.getTime()) / 1000,
      runPath: statements.length > 0 ? runPath : undefined,
      compiledPath,
    };
  };
  if (!materialize) {
    return finish({ status: 'success', message: `nothing to build for ${node.config.materialized}`, rowsAffected: undefined });
  }
  const adapter = node.resourceType === 'unit_test' ? options.sandbox : options.adapter;
  if (!adapter) return finish({ status: 'error', message: `unit test '${node.name}' needs the in-memory sandbox, which this run did not open`, rowsAffected: undefined });
  try {
    const attempt = () => adapter.withSession(async (session) => {
      if (node.renderAtExecution && options.renderAtExecution) {
        // The is_incremental() variant only when it will run: on a first build it may read {{ this }}, not there yet.
        const incremental = node.incrementalCode !== undefined && node.relation !== undefined
          && buildsIncrementally(node, await adapter.relationKind(session, node.relation), options.fullRefresh);
        node = await options.renderAtExecution(node, sessionWarehouse(adapter, session, options.database), undefined, incremental);
        await writeNodeSql(options.targetDir, node, 'compiled', node.compiledCode, options.packageRoots);
      }
      const current = node;
      const renderHook = options.renderHook;
      // What a hook runs while it renders ({% do adapter.drop_relation(...) %}) is kept for target/run too.
      const warehouse = renderHook && recording(sessionWarehouse(adapter, session, options.database), statements);
      return holdingRelation(current, options, session, () => materialize(current, {
        adapter, session, fullRefresh: options.fullRefresh, empty: options.empty, storeFailures: options.storeFailures, comment: options.queryComment?.(current), statements, signal: options.signal,
        renderHook: renderHook && warehouse && ((hook, place) => renderHook(current, hook, place, warehouse)),
        microbatch: microbatchRun(compiledNode, options, () => sessionWarehouse(adapter, session, options.database)),
        catalog: (relation) => options.adapter.withSession((s) => options.adapter.columns(s, relation)),
        ingest: {
          projectRoot: options.projectRoot, targetDir: options.targetDir, env: options.ingest?.env ?? process.env,
          fullRefresh: options.fullRefresh, fromLake: options.ingest?.fromLake ?? false, recordDir: options.ingest?.recordDir, live: options.ingest?.live, logger: options.logger, signal: options.signal,
        },
      }));
    });
    const outcome = await withDeadlockRetry(node, attempt, () => void (statements.length = 0));
    await writeNodeSql(options.targetDir, node, 'run', statements.join(';\n\n') + ';', options.packageRoots);
    if (outcome.batches) {
      const { error, ...batchResults } = outcome.batches;
      const failed = batchResults.failed.length > 0;
      return { ...finish({ status: failed ? 'error' : 'success', message: failed ? failureMessage(node, error, compiledPath) : outcome.action, rowsAffected: outcome.rowsAffected }), batchResults };
    }
    if (outcome.test) {
      const { failures, sample } = outcome.test;
      const warningFailed = outcome.test.status === 'warn' && options.testWarningsFail === true;
      const status = warningFailed ? 'fail' : outcome.test.status;
      const message = warningFailed ? testMessage(node, failures, 'fail', true) : outcome.action;
      return { ...finish({ status, message, rowsAffected: undefined }), failures, ...(sample ? { sample } : {}) };
    }
    return finish({ status: outcome.warn ? 'warn' : 'success', message: outcome.action, rowsAffected: outcome.rowsAffected });
  } catch (error) {
    if (statements.length > 0) {
      await writeNodeSql(options.targetDir, node, 'run', statements.join(';\n\n') + ';', options.packageRoots).catch(() => undefined);
    }
    return finish({ status: 'error', message: failureMessage(node, error, compiledPath), rowsAffected: undefined });
  }
}

/**
 * Seeds, models and ingested tables hold weir's lock on the relation they write while they build
 * (on engines shared by several processes), so two runs, even on two targets, never write one
 * relation or its staging tables at once: the second waits for the first, saying so.
 */
async function holdingRelation<T>(node: CompiledNode, options: ExecuteOptions, session: Session, work: () => Promise<T>): Promise<T> {
  const { adapter, logger } = options;
  if (!node.relation || !adapter.lockRelation || !['model', 'seed', 'ingest'].includes(node.resourceType)) return work();
  const release = await adapter.lockRelation(session, node.relation, (message) => logger.log({ level: 'info', code: 'relation_wait', message, data: { uniqueId: node.uniqueId } }));
  try {
    return await work();
  } finally {
    // A connection that broke lost the lock with it.
    await release().catch(() => undefined);
  }
}

function recording(warehouse: Warehouse, statements: string[]): Warehouse {
  return {
    ...warehouse,
    run(sql, fetch, autoBegin) {
      statements.push(sql);
      return warehouse.run(sql, fetch, autoBegin);
    },
  };
}

function failureMessage(node: CompiledNode, error: unknown, compiledPath: string | undefined): string {
  const lines = [`${node.resourceType.replace('_', ' ')} '${node.name}' (${node.path}) failed:`, errorMessage(error).trim()];
  if (error instanceof WeirError && error.hint) lines.push(`hint: ${error.hint}`);
  if (compiledPath && error instanceof DatabaseError) lines.push(`compiled SQL: ${compiledPath}`);
  return lines.join('\n');
}

/** weir's own materializations that build in one transaction: a deadlock rolled all of it back. */
const ATOMIC = new Set(['view', 'table', 'incremental', 'seed']);
const DEADLOCK_DETECTED = '40P01';

/**
 * A node whose whole transaction the database rolled back as a deadlock's victim (two runs whose
 * models read the raw tables the other is swapping) is built again, up to three times in all: it
 * changed nothing, and the other transaction has gone on. Ingestion and custom materializations,
 * which may commit part way, are never retried.
 */
async function withDeadlockRetry<T>(node: CompiledNode, attempt: () => Promise<T>, reset: () => void): Promise<T> {
  // A microbatch model commits batch by batch: it is never run again whole.
  const atomic = (node.resourceType === 'model' || node.resourceType === 'seed') && ATOMIC.has(String(node.config.materialized)) && node.config.incremental_strategy !== 'microbatch';
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      const code = (error as { cause?: { code?: unknown } }).cause?.code;
      if (!atomic || tries >= 3 || code !== DEADLOCK_DETECTED) throw error;
      reset();
    }
  }
}
