import { WeirError } from '../core/errors.js';
import type { LogEvent } from '../core/logger.js';
import { AwaitWarehouse, newScope, Relation, WarehouseReplay, type Warehouse } from '../dbt-context/index.js';
import { compileJinja } from '../jinja/index.js';
import type { CompileOptions } from './compile-options.js';
import type { ExecutionContexts } from './execution-context.js';
import { templateDiagnostic } from './template.js';
import type { CompiledNode } from './types.js';

/** Which of a node's hooks is rendered, for its error message. */
export interface HookPlace {
  readonly kind: 'pre-hook' | 'post-hook';
  readonly index: number;
}

/** Renders one pre-hook or post-hook of a node as dbt does when it runs the node: the SQL left to run. */
export type HookRenderer = (node: CompiledNode, hook: string, place: HookPlace, warehouse: Warehouse) => Promise<string>;

/**
 * dbt renders a model's, seed's or snapshot's hooks at execution, in the node's context: `this`
 * (a dbt Relation, so `this.incorporate(type='table')` works), `adapter`, `run_query`, `execute`
 * true, `var`, `target` and the project's macros. What the hook runs while rendering (a
 * `{% do adapter.drop_relation(...) %}`) runs on the node's session; the text it renders to is
 * the statement the materialization runs next.
 */
export function hookRenderer(contexts: ExecutionContexts, options: CompileOptions): HookRenderer {
  const quoteIdentifier = options.quoteIdentifier ?? ((name: string) => `"${name.replace(/"/g, '""')}"`);
  const compiled = new Map<string, (context: Record<string, unknown>) => string>();
  return async (node, hook, place, warehouse) => {
    const label = `${node.path} ${place.kind} ${place.index}`;
    const { env, macros } = contexts.setup();
    let template = compiled.get(hook);
    if (!template) {
      try {
        const parsed = compileJinja(env, hook, label);
        template = (context) => parsed.render(context);
      } catch (error) {
        throw hookError(error, node.path, place, hook, macros.names);
      }
      compiled.set(hook, template);
    }
    const render = template;
    const replay = new WarehouseReplay(warehouse);
    const self = node.relation ? new Relation(node.relation.database ?? null, node.relation.schema, node.relation.identifier, kindOf(node), quoteIdentifier) : undefined;
    let logs: LogEvent[] = [];
    try {
      const sql = await replay.render(() => {
        logs = [];
        return render(contexts.contextFor(node, node.path, newScope(true, replay), logs, self ? { self } : {}));
      });
      for (const event of logs) options.logger.log(event);
      return sql;
    } catch (error) {
      if (error instanceof WeirError || error instanceof AwaitWarehouse) throw error;
      throw hookError(error, node.path, place, hook, macros.names);
    }
  };
}

/** What the node is (or will be) once built: a seed and a snapshot are tables, a model as materialized. */
function kindOf(node: CompiledNode): string | null {
  if (node.resourceType === 'seed' || node.resourceType === 'snapshot') return 'table';
  const materialized = node.config.materialized;
  return materialized === 'view' ? 'view' : materialized === 'ephemeral' ? null : 'table';
}

function hookError(error: unknown, file: string, place: HookPlace, text: string, knownNames: Iterable<string>): WeirError {
  const diagnostic = templateDiagnostic(error, file, { knownNames, phase: 'render', text });
  // The hook's own text has the lines, not the node's file: say which hook, and its line only when it has several.
  const line = text.includes('\n') && diagnostic.line ? ` line ${diagnostic.line}` : '';
  return new WeirError(`${file}, ${place.kind} ${place.index}${line}: ${diagnostic.message}`, {
    hint: diagnostic.hint ?? 'the hook is Jinja rendered when the node runs, as in dbt: check its {{ }} and {% %} blocks',
  });
}
