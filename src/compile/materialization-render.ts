import { formatDiagnostic } from '../core/diagnostics.js';
import { WeirError } from '../core/errors.js';
import type { LogEvent } from '../core/logger.js';
import { AdapterResponse, AwaitWarehouse, newScope, Relation, WarehouseReplay, type Warehouse } from '../dbt-context/index.js';
import { compileJinja } from '../jinja/index.js';
import type { CompileOptions } from './compile-options.js';
import type { ExecutionContexts } from './execution-context.js';
import { BUILT_IN_MATERIALIZATIONS, findMaterialization } from './materialization-blocks.js';
import { templateDiagnostic } from './template.js';
import type { CompiledNode } from './types.js';

/** What a custom materialization built: the relations it returned, and its `main` statement's response. */
export interface MaterializationOutcome {
  readonly relations: ReadonlyArray<{ readonly schema: string | null; readonly identifier: string; readonly type: string | null }>;
  readonly response: { readonly message: string; readonly rowsAffected: number | null } | undefined;
  readonly logs: readonly LogEvent[];
}

/** Runs `{% materialization %}` blocks on a node's warehouse session (see execute/materializations/custom.ts). */
export interface MaterializationRunner {
  /** Whether a `{% materialization %}` runs `name` (a custom name, or the project's own table, view...). */
  has(name: string): boolean;
  run(node: CompiledNode, warehouse: Warehouse): Promise<MaterializationOutcome>;
}

type Callable = (...args: unknown[]) => unknown;

export function materializationRunner(contexts: ExecutionContexts, options: CompileOptions): MaterializationRunner {
  const adapterType = options.target.type;
  const quoteIdentifier = options.quoteIdentifier ?? ((name: string) => `"${name.replace(/"/g, '""')}"`);
  const macroOf = (name: string) => {
    const { macros } = contexts.setup();
    // weir's own materializations give way only to the project's (a package may not replace table or view, as in dbt 1.10).
    const names = BUILT_IN_MATERIALIZATIONS.has(name) ? new Set(macros.macros.map((m) => m.name)) : macros.names;
    return findMaterialization(names, name, adapterType);
  };
  return {
    has: (name) => macroOf(name) !== undefined,
    async run(node, warehouse) {
      const name = node.config.materialized;
      const macro = macroOf(name)!;
      const { env, macros } = contexts.setup();
      const definedIn = macros.macros.find((m) => m.name === macro)?.path ?? 'a package';
      const replay = new WarehouseReplay(warehouse, true);
      const startedAt = new Date();
      const self = new Relation(node.relation!.database ?? null, node.relation!.schema, node.relation!.identifier, null, quoteIdentifier);
      const hooks = (list: readonly string[]) => list.map((sql, index) => ({ sql, transaction: true, index }));
      const rendered = new Map<string, (context: Record<string, unknown>) => string>();
      let logs: LogEvent[] = [];
      let results = new Map<string, unknown>();
      const once = () => {
        logs = [];
        const scope = newScope(true, replay);
        results = scope.results;
        let context: Record<string, unknown> = {};
        // dbt's render(): a hook's Jinja, rendered in the materialization's context.
        const render = (text: unknown) => {
          const source = String(text);
          let template = rendered.get(source);
          if (!template) {
            const compiled = compileJinja(env, source, `${node.path} (hook)`);
            rendered.set(source, (template = (c) => compiled.render(c)));
          }
          return template(context);
        };
        context = contexts.contextFor(node, definedIn, scope, logs, {
          self, clock: () => startedAt,
          extra: { sql: node.compiledCode, compiled_code: node.compiledCode, pre_hooks: hooks(node.config.pre_hook), post_hooks: hooks(node.config.post_hook), render, database: options.target.database ?? null, schema: node.relation!.schema },
        });
        const body = lookup(context, macro);
        if (!body) throw new WeirError(`materialization '${name}' was not found among the macros`);
        return body();
      };
      let returned: unknown;
      try {
        returned = await replay.render(once);
      } catch (error) {
        if (error instanceof WeirError || error instanceof AwaitWarehouse) throw error;
        if (replay.diverged) throw new WeirError(`materialization '${name}' (${definedIn}): ${replay.diverged.message}`);
        throw new WeirError(`materialization '${name}' (${definedIn}) failed: ${formatDiagnostic(templateDiagnostic(error, definedIn, { knownNames: macros.names, phase: 'render' }))}`);
      }
      const relations = (returned as { relations?: unknown } | null | undefined)?.relations;
      if (!Array.isArray(relations)) {
        throw new WeirError(`materialization '${name}' (${definedIn}) did not return the relations it built`, { hint: "end it with {{ return({'relations': [target_relation]}) }}, as dbt requires" });
      }
      const main = (results.get('main') as { response?: unknown } | undefined)?.response;
      return {
        relations: relations.map((r) => {
          const v = r as { schema?: unknown; identifier?: unknown; type?: unknown };
          return { schema: v.schema == null ? null : String(v.schema), identifier: String(v.identifier), type: v.type == null ? null : String(v.type) };
        }),
        response: main instanceof AdapterResponse ? { message: main._message, rowsAffected: main.rows_affected } : undefined,
        logs,
      };
    },
  };
}

/** The materialization's macro: a bare name (the project's), else in a package's namespace. */
function lookup(context: Record<string, unknown>, macro: string): Callable | undefined {
  if (typeof context[macro] === 'function') return context[macro] as Callable;
  for (const value of Object.values(context)) {
    // `in` first: reading an unknown name off `adapter` is an error by design.
    if (value && typeof value === 'object' && macro in value && typeof (value as Record<string, unknown>)[macro] === 'function') return (value as Record<string, Callable>)[macro];
  }
  return undefined;
}
