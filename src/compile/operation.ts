import { throwIfErrors, type Diagnostic } from '../core/diagnostics.js';
import type { LogEvent } from '../core/logger.js';
import type { Project } from '../project/types.js';
import { AwaitWarehouse, newScope, WarehouseReplay, type Warehouse } from '../dbt-context/index.js';
import { builtinMacroFiles } from './builtin-macros.js';
import type { CompileOptions } from './compile-options.js';
import { buildContext } from './context.js';
import { cteName } from './ephemeral.js';
import { dispatchCallsSupported, loadMacroLibrary, packageOptions, type MacroLibrary } from './macros.js';
import { MATERIALIZATION_MACROS_FILE } from './materialization-macros.js';
import { graphDict } from './node-dict.js';
import { addMacros } from './parse-model.js';
import { invocationInputs } from './invocation-inputs.js';
import { RelationValue } from './relation-value.js';
import { createEnvironment, prepareTemplate, templateDiagnostic } from './template.js';
import type { CompiledNode, CompiledProject, Relation } from './types.js';

/** A failed operation or hook: the diagnostic (file, line, message) in the user's terms. */
export class OperationError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
    this.name = 'OperationError';
  }
}

/** What an operation or hook may be: a macro called with arguments, or a Jinja text to render. */
export type OperationBody =
  | { readonly kind: 'macro'; readonly name: string; readonly args: Readonly<Record<string, unknown>> }
  | { readonly kind: 'template'; readonly text: string; readonly line?: number | undefined };

export interface Operations {
  /**
   * The macros run-operation may call and where each is defined: the project's by name, then each
   * installed package's by `pkg.name` and, where the project has none of that name, by name (dbt's order).
   */
  readonly macros: ReadonlyArray<{ readonly name: string; readonly path: string; /** How to call it: `name` or `pkg.name`. */ readonly call: string }>;
  /**
   * Renders with `execute` true on `warehouse` (dbt's run-operation and on-run-start/end): each
   * statement the macro runs runs once; `log()` messages are logged once, from the last render.
   * `extra` joins the context (the end hook's `results`). Returns the rendered text.
   */
  render(body: OperationBody, file: string, warehouse: Warehouse, extra?: Readonly<Record<string, unknown>>): Promise<string>;
}

/**
 * dbt's macro context outside any node: `ref()`, `source()`, `target`, `var()`, `run_query()` and
 * the project's macros. Macros compile on the first render.
 */
export function operations(project: Project, compiled: CompiledProject, options: CompileOptions): Operations {
  let library: MacroLibrary | undefined;
  const environment = createEnvironment();
  const macros = () => {
    if (!library) {
      const diagnostics: Diagnostic[] = [];
      const builtins = [...builtinMacroFiles(options.adapterMacros ?? ''), MATERIALIZATION_MACROS_FILE];
      library = loadMacroLibrary(environment, project.macros, diagnostics, { builtins, adapterType: options.target.type, ...packageOptions(project) });
      throwIfErrors(diagnostics);
    }
    return library;
  };
  const byName = new Map<string, CompiledNode>();
  const sources = new Map<string, CompiledNode>();
  for (const n of compiled.nodes.values()) {
    if (n.resourceType === 'model' || n.resourceType === 'seed' || n.resourceType === 'snapshot') byName.set(n.name, n);
    if (n.resourceType === 'source') sources.set(`${n.sourceName}.${n.name}`, n);
  }
  const quote = (r: Relation) => RelationValue.of(r, options.quoteRelation);
  const shared = invocationInputs(project, options);
  const fail = (message: string, file: string, hint?: string): never => {
    throw new OperationError({ severity: 'error', file, message, ...(hint ? { hint } : {}) });
  };

  return {
    macros: callable(macros(), project.name),
    async render(body, file, warehouse, extra = {}) {
      const library = macros();
      const replay = new WarehouseReplay(warehouse);
      const template = body.kind === 'template' ? prepareTemplate(environment, dispatchCallsSupported(body.text), file) : undefined;
      let logs: LogEvent[] = [];
      const renderOnce = () => {
        logs = [];
        const context = buildContext({
          ...shared, file, logger: { log: (event) => void logs.push(event) }, emitLogs: true, scope: newScope(true, replay),
          graph: () => graphDict(compiled.nodes.values(), options.target.database, options.quoteRelation, options.nodePaths),
        }, {
          ref: (name) => {
            const node = byName.get(name);
            if (!node) return fail(`ref('${name}') names no model, seed or snapshot of this project`, file);
            return node.relation ? quote(node.relation) : cteName(name);
          },
          source: (s, t) => {
            const node = sources.get(`${s}.${t}`);
            return node?.relation ? quote(node.relation) : fail(`source('${s}', '${t}') is not declared`, file);
          },
          config: () => undefined,
          isIncremental: () => false,
          self: '',
        });
        Object.assign(context, extra);
        const exported = library.exportFor(context, file);
        addMacros(context, exported);
        if (template) return template.render(context);
        // `pkg.macro` reaches a package's macro, as `dbt run-operation dbt_utils.x` does.
        const [first, second] = (body as { name: string }).name.split('.', 2);
        const macro = second === undefined ? exported[first!] : (exported[first!] as Record<string, unknown> | undefined)?.[second];
        return String((macro as (...a: unknown[]) => unknown)({ ...(body as { args: Record<string, unknown> }).args, __keywords: true }) ?? '');
      };
      try {
        const text = await replay.render(renderOnce);
        for (const event of logs) options.logger.log(event);
        return text;
      } catch (error) {
        for (const event of logs) options.logger.log(event);
        if (error instanceof OperationError || error instanceof AwaitWarehouse) throw error;
        throw new OperationError(locate(error, file, body, library, project));
      }
    },
  };
}

/**
 * The error's place: a line of a macro file, or of the hook in the project file. An error raised in
 * a macro called from outside any template carries no line (nunjucks places errors at the outermost
 * template's call): it is placed at the macro's `{% macro %}` line.
 */
function locate(error: unknown, file: string, body: OperationBody, library: MacroLibrary, project: Project): Diagnostic {
  const lineMap = error instanceof Error ? library.lineMapFor(error.message) : undefined;
  const inMacros = lineMap !== undefined;
  const diagnostic = templateDiagnostic(error, file, {
    knownNames: library.names, phase: 'render',
    ...(lineMap ? { lineMap } : body.kind === 'template' ? { text: body.text } : {}),
  });
  if (body.kind === 'macro' && !inMacros) {
    const text = project.macros.find((m) => m.path === file)?.text ?? '';
    const at = new RegExp(`\\{%-?\\s*macro\\s+${body.name}\\s*\\(`).exec(text);
    return { ...diagnostic, file, ...(at ? { line: text.slice(0, at.index).split('\n').length } : {}) };
  }
  if (inMacros || body.kind !== 'template' || body.line === undefined) return diagnostic;
  // A hook is one value of the project file: its line there, plus the line within the hook.
  return { ...diagnostic, line: body.line + (diagnostic.line ?? 1) - 1 };
}

function callable(library: MacroLibrary, rootName: string): Array<{ name: string; path: string; call: string }> {
  const list = library.macros.map((m) => ({ name: m.name, path: m.path, call: m.name }));
  const bare = new Set(list.map((m) => m.name));
  for (const [pkg, macros] of library.packages) {
    if (pkg === rootName || pkg === 'dbt') continue;
    for (const m of macros) {
      const call = `${pkg}.${m.name}`;
      list.push({ name: call, path: m.path, call });
      if (!bare.has(m.name)) list.push({ name: m.name, path: m.path, call });
    }
  }
  return list;
}
