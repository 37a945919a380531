import type { Environment } from 'nunjucks';
import type { Diagnostic } from '../core/diagnostics.js';
import type { SqlFile } from '../project/types.js';
import { adapterWithDispatch, type DispatchOrder, type MacroLookup } from './dispatch.js';
import { compileMacroGroup, type MacroGroup } from './macro-group.js';
import { materializationBlocksAsMacros } from './materialization-blocks.js';
import type { LineMap } from './template.js';

/**
 * The macros templates call, in dbt's namespaces: weir's built-ins (the `dbt` package), the
 * project's, and each installed package's (`dbt_utils.star(...)`). A bare name finds the calling
 * node's own package first, then the project, then the built-ins, so two packages may define the
 * same macro name without clashing.
 */
export interface MacroLibrary {
  /** The project's own macros (the manifest's, and what relation naming looks for), each with its `{% macro %}...{% endmacro %}` block (dbt's macro_sql). */
  readonly macros: ReadonlyArray<{ readonly name: string; readonly path: string; readonly sql: string }>;
  readonly names: ReadonlySet<string>;
  /** Every package's macros, by package (built-ins under 'dbt'). */
  readonly packages: ReadonlyMap<string, ReadonlyArray<{ readonly name: string; readonly path: string; readonly sql: string }>>;
  /**
   * The macros a template of package `packageName` (default: the project) sees, bound to its
   * context (so `ref()` inside a macro is the node's): bare names and one object per package.
   */
  exportFor(context: Record<string, unknown>, modelFile: string, packageName?: string): Record<string, unknown>;
  /** Which macro file and line a template error raised inside a macro comes from, if it was. */
  lineMapFor(errorMessage: string): LineMap | undefined;
  /** Whether a model's text mentions any macro, so models that do not skip the binding cost. */
  mightCall(text: string): boolean;
}

/** The namespace of weir's built-in macros, as dbt's own macros are reached by `dbt.<name>`. */
export const BUILTIN_PACKAGE = 'dbt';

export interface MacroPackage {
  readonly name: string;
  readonly files: readonly SqlFile[];
}

export interface MacroLibraryOptions {
  /** Macros weir ships (cross-database macros and the engine's implementations), overridable by the project's. */
  readonly builtins?: readonly SqlFile[];
  /** The target's engine, which `adapter.dispatch('x')` looks for first: `<type>__x`, then `default__x`. */
  readonly adapterType?: string;
  /** The project's name: its namespace, and the first place `adapter.dispatch(x, 'pkg')` looks. */
  readonly rootName?: string;
  /** Installed packages' macro files. */
  readonly packages?: readonly MacroPackage[];
  /** dbt_project.yml's `dispatch:` search orders. */
  readonly dispatch?: readonly DispatchOrder[];
  /**
   * Compile the macros only when a template first calls one (the partial-parse cache uses it when
   * the macro files compiled cleanly last time and no template needs rendering).
   */
  readonly lazy?: boolean;
}

// No parentheses: it names the root's combined macro template in errors.
const ROOT = 'the project';

/** The options that put a project's installed packages and `dispatch:` orders into its macro library. */
export function packageOptions(project: { readonly name: string; readonly packages?: readonly { readonly name: string; readonly macros: readonly SqlFile[] }[] | undefined; readonly dispatch?: readonly DispatchOrder[] | undefined }): Pick<MacroLibraryOptions, 'rootName' | 'packages' | 'dispatch'> {
  return {
    rootName: project.name,
    packages: (project.packages ?? []).map((p) => ({ name: p.name, files: p.macros })),
    ...(project.dispatch ? { dispatch: project.dispatch } : {}),
  };
}

export function loadMacroLibrary(
  env: Environment | (() => Environment),
  projectFiles: readonly SqlFile[],
  diagnostics: Diagnostic[],
  options: MacroLibraryOptions = {},
): MacroLibrary {
  const getEnv = typeof env === 'function' ? env : () => env;
  const transform = (text: string) => dispatchCallsSupported(testBlocksAsMacros(materializationBlocksAsMacros(text)));
  const group = (name: string, files: readonly SqlFile[]) => compileMacroGroup(name, files, getEnv, transform, diagnostics, options.lazy === true);
  const rootName = options.rootName ?? ROOT;
  const builtins = group(BUILTIN_PACKAGE, options.builtins ?? []);
  const root = group(rootName, projectFiles);
  const packages = (options.packages ?? []).filter((p) => p.name !== rootName).map((p) => group(p.name, p.files));
  const all: MacroGroup[] = [builtins, root, ...packages];
  const byName = new Map(all.map((g) => [g.name, g]));
  const names = new Set(all.flatMap((g) => g.macros.map((m) => m.name)));
  const namespaces = [...byName.keys()].filter((n) => n !== ROOT);
  return {
    macros: root.macros,
    names,
    packages: new Map(all.map((g) => [g.name, g.macros])),
    lineMapFor: (message) => all.find((g) => message.includes(`(${g.templateName})`))?.lineMap,
    mightCall: (modelText) => {
      // Only the Jinja parts: SQL's own cast( or right join must not make a model bind every macro.
      const jinja = (modelText.match(/\{[{%][\s\S]*?[}%]\}/g) ?? []).join(' ');
      return [...names].some((n) => jinja.includes(n));
    },
    exportFor(context, _modelFile, packageName = rootName) {
      const exports = new Map<string, Record<string, unknown>>();
      const spaces: Record<string, Record<string, unknown>> = {};
      const lookup: MacroLookup = {
        rootName,
        inPackage: (name) => (byName.has(name) ? exportsOf(name) : undefined),
        bare: () => visible,
      };
      // Macros see a copy of the context made when they are bound: `adapter` and the package
      // objects must be in it first (the objects are filled as each package is bound).
      context.adapter = adapterWithDispatch(context.adapter, options.adapterType ?? 'default', options.dispatch ?? [], lookup);
      for (const name of namespaces) spaces[name] = lazyNamespace(byName.get(name)!, () => exportsOf(name));
      const exportsOf = (name: string): Record<string, unknown> => {
        let found = exports.get(name);
        if (!found) {
          const g = byName.get(name)!;
          // A package's bare names: its own macros (bound last, so they win), the project's, the built-ins.
          const base = g === builtins ? { ...context, ...spaces } : g === root ? { ...context, ...exportsOf(BUILTIN_PACKAGE), ...spaces } : { ...context, ...exportsOf(BUILTIN_PACKAGE), ...exportsOf(rootName), ...spaces };
          found = g.exportWith(base);
          exports.set(name, found);
        }
        return found;
      };
      const visible: Record<string, unknown> = {
        ...exportsOf(BUILTIN_PACKAGE), ...exportsOf(rootName), ...(packageName !== rootName && byName.has(packageName) ? exportsOf(packageName) : {}), ...spaces,
      };
      return visible;
    },
  };
}

/** `pkg.macro` for each of a package's macros, binding the package only when one is first read. */
function lazyNamespace(group: MacroGroup, bind: () => Record<string, unknown>): Record<string, unknown> {
  const space: Record<string, unknown> = {};
  for (const { name } of group.macros) {
    Object.defineProperty(space, name, { enumerable: true, configurable: true, get: () => bind()[name] });
  }
  return space;
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
