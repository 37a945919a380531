import type { Environment, Template } from 'nunjucks';
import { throwIfErrors, type Diagnostic } from '../core/diagnostics.js';
import type { SqlFile } from '../project/types.js';
import { compileJinja } from '../jinja/index.js';
import { templateDiagnostic, type LineMap } from './template.js';

/**
 * All macro files compiled as one template, so a macro can call any other macro, whichever file it
 * is in. Error lines in the combined text map back to the file and line they came from.
 */
export interface MacroLibrary {
  /** Each macro with its `{% macro %}...{% endmacro %}` block (dbt's macro_sql). */
  readonly macros: ReadonlyArray<{ readonly name: string; readonly path: string; readonly sql: string }>;
  readonly names: ReadonlySet<string>;
  /** The exported macros, bound to a model's context (so `ref()` inside a macro is the model's). */
  exportFor(context: Record<string, unknown>, modelFile: string): Record<string, unknown>;
  /** Whether a model's text mentions any macro, so models that do not skip the binding cost. */
  mightCall(text: string): boolean;
}

/** Missing from @types/nunjucks: binds a template's top-level macros to a context. */
interface GetExported {
  getExported(context: object, callback: (error: unknown, exported: unknown) => void): void;
}

const MACRO_DEF = /\{%-?\s*macro\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/g;
// No parentheses: templateDiagnostic reads the template name back out of '(name) [Line n, Column m]'.
const COMBINED = 'all macro files';

export interface MacroLibraryOptions {
  /** Macros weir ships (cross-database macros and the engine's implementations), overridable by the project's. */
  readonly builtins?: readonly SqlFile[];
  /** The target's engine, which `adapter.dispatch('x')` looks for first: `<type>__x`, then `default__x`. */
  readonly adapterType?: string;
  /**
   * Compile the macros only when a template first calls one (the partial-parse cache uses it when
   * the macro files compiled cleanly last time and no template needs rendering).
   */
  readonly lazy?: boolean;
}

/** The block of the macro defined at `start`: up to the end of its `{% endmacro %}` (macros do not nest). */
function macroBlock(text: string, start: number): string {
  const end = /\{%-?\s*endmacro\b[^%]*%\}/g;
  end.lastIndex = start;
  const found = end.exec(text);
  return text.slice(start, found ? found.index + found[0].length : text.length);
}

export function loadMacroLibrary(
  env: Environment | (() => Environment),
  projectFiles: readonly SqlFile[],
  diagnostics: Diagnostic[],
  options: MacroLibraryOptions = {},
): MacroLibrary {
  const builtins = options.builtins ?? [];
  const files = [...builtins, ...projectFiles];
  const builtinPaths = new Set(builtins.map((b) => b.path));
  const macros: Array<{ name: string; path: string; sql: string }> = [];
  const offsets: Array<{ start: number; file: string }> = [];
  let text = '';
  let lineCount = 0;
  for (const original of files) {
    const file = { ...original, text: dispatchCallsSupported(testBlocksAsMacros(original.text)) };
    for (const match of file.text.matchAll(MACRO_DEF)) {
      // A project macro of a built-in's name replaces it (it comes later in the combined template).
      const earlier = macros.find((m) => m.name === match[1] && !builtinPaths.has(m.path));
      if (earlier) {
        diagnostics.push({
          severity: 'error',
          file: file.path,
          line: file.text.slice(0, match.index).split('\n').length,
          message: `macro '${match[1]}' is defined twice: here and in ${earlier.path}`,
          hint: 'rename one of them',
        });
      }
      macros.push({ name: match[1]!, path: file.path, sql: macroBlock(file.text, match.index) });
    }
    offsets.push({ start: lineCount + 1, file: file.path });
    const body = file.text.endsWith('\n') ? file.text : `${file.text}\n`;
    text += body;
    lineCount += body.split('\n').length - 1;
  }
  const lineMap: LineMap = {
    locate(line) {
      let found = offsets[0]!;
      for (const o of offsets) if (o.start <= line) found = o;
      return { file: found.file, line: line - found.start + 1 };
    },
  };
  const names = new Set(macros.map((m) => m.name));
  const builtinNames = [...new Set(macros.filter((m) => builtinPaths.has(m.path)).map((m) => m.name))];
  let template: Template | undefined;
  let compiled = false;
  const compile = (into: Diagnostic[]) => {
    compiled = true;
    if (files.length === 0) return;
    try {
      template = compileJinja(typeof env === 'function' ? env() : env, text, COMBINED);
    } catch (error) {
      into.push(templateDiagnostic(error, files[0]!.path, { lineMap, phase: 'compile' }));
    }
  };
  if (!options.lazy) compile(diagnostics);
  return {
    macros: macros.filter((m) => !builtinPaths.has(m.path)),
    names,
    mightCall: (modelText) => {
      // Only the Jinja parts: SQL's own cast( or right join must not make a model bind every macro.
      const jinja = (modelText.match(/\{[{%][\s\S]*?[}%]\}/g) ?? []).join(' ');
      return macros.some((m) => jinja.includes(m.name));
    },
    exportFor(context, modelFile) {
      if (!compiled) {
        const late: Diagnostic[] = [];
        compile(late);
        throwIfErrors(late);
      }
      if (!template) return {};
      let exported: Record<string, unknown> | undefined;
      let failure: unknown;
      // Macros see a copy of the context made now, so `adapter` must be in it before the macros exist.
      const dispatchTable: { macros?: Record<string, unknown> } = {};
      // dbt's namespace of its own macros (dbt.dateadd(...)): filled once the macros exist, like the dispatch table.
      const dbtNamespace: Record<string, unknown> = {};
      context.dbt = dbtNamespace;
      // Onto the context's adapter (dbt-context's, with get_relation...) when it has one, keeping its guard for unknown names.
      const dispatch = adapterObject(options.adapterType ?? 'default', dispatchTable);
      if (context.adapter && typeof context.adapter === 'object') Object.assign(context.adapter, { dispatch: dispatch.dispatch, call_dispatched: dispatch.call_dispatched });
      else context.adapter = dispatch;
      (template as unknown as GetExported).getExported(context, (error, result) => {
        failure = error;
        exported = result as Record<string, unknown>;
      });
      if (failure) throw failure;
      if (!exported) throw new Error(`macros did not load synchronously for ${modelFile}`);
      dispatchTable.macros = exported;
      for (const name of builtinNames) if (typeof exported[name] === 'function') dbtNamespace[name] = exported[name];
      return exported;
    },
  };
}

/**
 * dbt's `adapter.dispatch('name')`: the macro `<engine>__name` if there is one (the project's first,
 * then weir's), else `default__name`. Extra arguments (dbt's macro_namespace) are accepted and ignored.
 */
function adapterObject(adapterType: string, table: { macros?: Record<string, unknown> }) {
  return {
    type: adapterType,
    /** `adapter.dispatch('x', ns)(a, b)` as nunjucks can parse it: `adapter.call_dispatched(['x', ns], a, b)`. */
    call_dispatched(nameArgs: unknown[], ...args: unknown[]) {
      return (this.dispatch(nameArgs[0]) as (...a: unknown[]) => unknown)(...args);
    },
    dispatch(name: unknown) {
      const macro = String(name);
      const found = table.macros?.[`${adapterType}__${macro}`] ?? table.macros?.[`default__${macro}`];
      if (typeof found !== 'function') {
        throw new Error(`adapter.dispatch('${macro}') found neither a macro '${adapterType}__${macro}' nor 'default__${macro}'`);
      }
      return found;
    },
  };
}

/**
 * nunjucks cannot call what a call returns, so dbt's `adapter.dispatch('x')(a, b)` becomes
 * `adapter.call_dispatched(['x'], a, b)` (on the same line, so error lines stay right).
 */
export function dispatchCallsSupported(text: string): string {
  return text.replace(/adapter\.dispatch\(([^()]*)\)\((\s*\))?/g, (_m, names: string, empty: string | undefined) =>
    empty ? `adapter.call_dispatched([${names}])` : `adapter.call_dispatched([${names}], `);
}

/**
 * dbt's custom generic tests, `{% test name(model, column_name) %}...{% endtest %}`, become macros
 * named `test_<name>` (nunjucks has no test tag; lines stay where they were, so errors still point
 * at the right place).
 */
export function testBlocksAsMacros(text: string): string {
  return text
    .replace(/\{%(-?)\s*test\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/g, '{%$1 macro test_$2(')
    .replace(/\{%(-?)\s*endtest\s*(-?)%\}/g, '{%$1 endmacro $2%}');
}

export const CUSTOM_TEST_PREFIX = 'test_';
