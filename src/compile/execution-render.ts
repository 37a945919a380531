import { formatDiagnostic } from '../core/diagnostics.js';
import { WeirError } from '../core/errors.js';
import type { LogEvent } from '../core/logger.js';
import { AwaitWarehouse, newScope, WarehouseReplay, type Warehouse } from '../dbt-context/index.js';
import { renderCustomTest } from './custom-test-render.js';
import { ephemeralCtes, injectCtes, replaceCte } from './ephemeral.js';
import type { BatchContext, ExecutionContexts } from './execution-context.js';
import { prepareTemplate, templateDiagnostic } from './template.js';
import type { CompiledNode, CompiledProject } from './types.js';

/**
 * Renders a node again with `execute` true, its questions answered by the warehouse (dbt's execution-time render).
 * `incremental` false: this build is no incremental one, so the `is_incremental()` variant is not rendered.
 */
export type ExecutionRenderer = (node: CompiledNode, warehouse: Warehouse, batch?: BatchContext, incremental?: boolean) => Promise<CompiledNode>;

/**
 * dbt renders a model's SQL again when it runs it; weir does so only for the nodes compile marked
 * `renderAtExecution` (their templates ask the warehouse), so a plain model costs nothing more.
 */
export function executionRenderer(contexts: ExecutionContexts, compiled: CompiledProject, options: { readonly logger: { log(e: LogEvent): void } }): ExecutionRenderer {
  const renderer: ExecutionRenderer = async (node, warehouse, batch, incremental = true) => {
    const test = node.test;
    if (test?.type === 'generic' && test.call && test.attachedRelation) {
      // A custom generic test that asks the warehouse (dbt_utils.equality reads the columns).
      const replay = new WarehouseReplay(warehouse);
      const { env, macros } = contexts.setup();
      const call = test.call;
      const tested = test.attachedRelation;
      const sql = await replay.render(() => renderCustomTest({ env: () => env, macros, replay, ...contexts.testInputs(node, options.logger) }, test.name, call, tested).sql);
      return Object.freeze({ ...node, compiledCode: sql });
    }
    if (test?.type === 'generic') {
      // A built-in generic test keeps compile's SQL: only the ephemeral models it reads are rendered again.
      const compiledCtes = ephemeralCtes(node.dependsOn.nodes, compiled.nodes);
      let sql = node.compiledCode;
      for (const cte of compiledCtes) {
        const ephemeral = compiled.nodes.get(cte.id);
        if (ephemeral?.renderAtExecution) sql = replaceCte(sql, cte, (await renderer(ephemeral, warehouse)).compiledCode);
      }
      return Object.freeze({ ...node, compiledCode: sql });
    }
    const file = contexts.fileOf(node);
    if (!file) throw new WeirError(`${node.path}: cannot render '${node.name}' again at execution (no template for a ${node.resourceType})`);
    const { env, macros: library } = contexts.setup();
    const template = prepareTemplate(env, file.text, file.path);
    const replay = new WarehouseReplay(warehouse);
    let logs: LogEvent[] = [];
    const renderOnce = (incremental: boolean) => {
      logs = [];
      return template.render(contexts.contextFor(node, file.path, newScope(true, replay), logs, { incremental, ...(batch ? { batch } : {}) }));
    };
    const render = async (incremental: boolean) => {
      try {
        const sql = await replay.render(() => renderOnce(incremental));
        for (const event of logs) options.logger.log(event);
        return sql;
      } catch (error) {
        if (error instanceof WeirError || error instanceof AwaitWarehouse) throw error;
        throw new WeirError(formatDiagnostic(templateDiagnostic(error, file.path, { knownNames: library.names, phase: 'render', text: file.text })));
      }
    };
    // An ephemeral model that asks the warehouse (dbt_utils.star) is rendered again too, as dbt does.
    const ctes = await Promise.all(ephemeralCtes(node.dependsOn.nodes, compiled.nodes).map(async (cte) => {
      const ephemeral = compiled.nodes.get(cte.id);
      return ephemeral?.renderAtExecution ? { ...cte, sql: (await renderer(ephemeral, warehouse)).compiledCode } : cte;
    }));
    const sql = await render(false);
    // A batch after the first runs with is_incremental() true even when the template never asks.
    const incrementalSql = batch || (node.incrementalCode !== undefined && incremental) ? await render(true) : undefined;
    return Object.freeze({ ...node, compiledCode: injectCtes(sql, ctes), incrementalCode: incrementalSql === undefined ? undefined : injectCtes(incrementalSql, ctes) });
  };
  return renderer;
}
