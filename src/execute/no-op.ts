import type { CompiledNode } from '../compile/types.js';
import type { Logger } from '../core/logger.js';
import type { NodeResult } from './types.js';

/**
 * dbt 1.10's NO-OP: a saved query or exposure that `build` selected is a result of its own, with no
 * START line and nothing run (weir has no MetricFlow; dbt runs nothing for them either).
 */
export function noOp(
  node: CompiledNode,
  run: { readonly index: number; readonly total: number; readonly logger: Logger; readonly threadId: string },
): NodeResult {
  const at = new Date().toISOString();
  const kind = node.resourceType.replace('_', ' ');
  const where = { path: node.path, meta: node.config.meta };
  run.logger.log({
    level: 'info', code: 'node_finish', message: `NO-OP ${kind} ${node.name}`,
    data: { index: run.index, total: run.total, uniqueId: node.uniqueId, resourceType: node.resourceType, materialized: node.config.materialized,
      kind, relation: node.name, threadId: run.threadId, ...where, status: 'no-op', executionTime: 0, startedAt: at, completedAt: at },
  });
  return { uniqueId: node.uniqueId, status: 'no-op', message: 'NO-OP', rowsAffected: undefined, startedAt: at, completedAt: at,
    executionTime: 0, runPath: undefined, compiledPath: undefined, threadId: run.threadId };
}
