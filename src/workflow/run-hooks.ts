import type { Adapter } from '../adapters/types.js';
import { operations, relationDatabase } from '../compile/index.js';
import { nodeDict } from '../compile/node-dict.js';
import { pyUtcDateTime } from '../compile/relation-value.js';
import { WeirError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { sessionWarehouse } from '../execute/warehouse.js';
import { ensureSchemas } from '../execute/index.js';
import type { NodeResult } from '../execute/types.js';
import type { RunHook } from '../project/types.js';
import type { OpenedProject } from './open-project.js';
import { operationFailure } from './operation-failure.js';

type HookKind = 'on-run-start' | 'on-run-end';

/**
 * dbt's result.timing: a compile and an execute step with datetimes (dbt_artifacts reads both).
 * weir times the node as one step, so compile is its start and execute the whole span.
 */
function timingOf(result: NodeResult): Array<Record<string, unknown>> {
  if (!result.startedAt) return [];
  const start = pyUtcDateTime(new Date(result.startedAt));
  const end = result.completedAt ? pyUtcDateTime(new Date(result.completedAt)) : null;
  return [{ name: 'compile', started_at: start, completed_at: start }, { name: 'execute', started_at: start, completed_at: end }];
}

/**
 * `on-run-start` hooks, before any node: rendered with execute true on one session, then run. A
 * failure stops the command before it builds anything (what the later nodes would read may be missing).
 */
export async function runStartHooks(opened: OpenedProject, adapter: Adapter, selected: ReadonlySet<string>, logger: Logger): Promise<NodeResult[]> {
  if (!opened.project.runHooks?.start.length) return [];
  // As dbt: the schemas exist before the start hooks run (a hook may create a table in one).
  await adapter.withSession((session) => ensureSchemas(adapter, session, opened.compiled, selected));
  const { failure, results } = await runHooks('on-run-start', opened.project.runHooks?.start ?? [], opened, adapter, logger, {});
  if (failure) throw new WeirError(`${failure.message}; nothing was built`, failure.hint ? { hint: failure.hint } : {});
  return results;
}

/** What the hooks of one kind did: dbt's run_results entries (`operation.<project>.<project>-on-run-end-0`) and the first failure. */
export interface HookOutcome {
  readonly results: NodeResult[];
  readonly failure: WeirError | undefined;
}

/**
 * `on-run-end` hooks, after the nodes, with dbt's `results` (each with .node, .status, .message,
 * .execution_time, .failures...) and `schemas`. A failure is returned, to fail the command once the
 * run is reported.
 */
export async function runEndHooks(opened: OpenedProject, adapter: Adapter, results: readonly NodeResult[], logger: Logger): Promise<HookOutcome> {
  const hooks = opened.project.runHooks?.end ?? [];
  if (hooks.length === 0) return { results: [], failure: undefined };
  const { compiled, target, dialect } = opened;
  const quote = (r: Parameters<typeof dialect.relation>[0]) => dialect.relation(r);
  const resultList = results.flatMap((r) => {
    const node = compiled.nodes.get(r.uniqueId);
    if (!node) return [];
    return [{
      node: nodeDict(node, target.database, quote, opened.compileOptions.nodePaths), status: r.status, message: r.message, execution_time: r.executionTime,
      thread_id: r.threadId ?? null, failures: r.failures ?? null, adapter_response: { rows_affected: r.rowsAffected ?? null },
      timing: timingOf(r), unique_id: r.uniqueId,
    }];
  });
  const built = results.filter((r) => r.status !== 'skipped').map((r) => compiled.nodes.get(r.uniqueId)?.relation).filter((x) => x !== undefined);
  const schemas = [...new Set(built.map((r) => r.schema))];
  const databaseSchemas = schemas.map((schema) => [target.database ?? null, schema]);
  return runHooks('on-run-end', hooks, opened, adapter, logger, { results: resultList, schemas, database_schemas: databaseSchemas });
}

async function runHooks(kind: HookKind, hooks: readonly RunHook[], opened: OpenedProject, adapter: Adapter, logger: Logger, extra: Record<string, unknown>): Promise<HookOutcome> {
  const results: NodeResult[] = [];
  if (hooks.length === 0) return { results, failure: undefined };
  const { project } = opened;
  const ops = operations(project, opened.compiled, opened.compileOptions);
  logger.log({ level: 'info', code: 'hooks_start', message: `Running ${hooks.length} ${kind} hook${hooks.length === 1 ? '' : 's'}` });
  for (const [index, hook] of hooks.entries()) {
    const name = `${project.name}.${kind}.${index}`;
    const place = `${project.projectFile}${hook.line ? `:${hook.line}` : ''}`;
    const started = performance.now();
    const startedAt = new Date().toISOString();
    const result = (status: NodeResult['status'], message: string): NodeResult => ({
      uniqueId: `operation.${project.name}.${project.name}-${kind}-${index}`, status, message, rowsAffected: undefined, startedAt,
      completedAt: new Date().toISOString(), executionTime: (performance.now() - started) / 1000, runPath: undefined, compiledPath: undefined, threadId: 'main',
    });
    try {
      await adapter.withSession(async (session) => {
        const warehouse = sessionWarehouse(adapter, session, relationDatabase(opened.project, opened.target));
        const sql = await ops.render({ kind: 'template', text: hook.sql, line: hook.line }, project.projectFile, warehouse, extra);
        // A hook that only calls macros (which ran their own statements) renders to nothing.
        if (sql.trim() !== '') await warehouse.run(sql, false);
      });
    } catch (error) {
      const failure = operationFailure(error, `${kind} hook ${name}`, place);
      results.push(result('error', failure.message));
      return { results, failure };
    }
    results.push(result('success', `${name} passed`));
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    logger.log({ level: 'info', code: 'hook_done', message: `OK hook ${name} (${place}) in ${seconds}s`, data: { hook: name } });
  }
  return { results, failure: undefined };
}
