import { splitCall } from '../jinja/index.js';

/** dbt_project.yml's `dispatch:` entry: which packages `adapter.dispatch(x, macro_namespace)` searches, in order. */
export interface DispatchOrder {
  readonly macro_namespace: string;
  readonly search_order: readonly string[];
}

/** What dispatch searches: a package's own macros by name, or the bare names the calling node sees. */
export interface MacroLookup {
  readonly rootName: string;
  /** The macros of a package ('dbt' is weir's built-ins), or undefined when no such package is installed. */
  inPackage(name: string): Record<string, unknown> | undefined;
  /** Bare names as the calling node sees them: its own package's, the project's, the built-ins. */
  bare(): Record<string, unknown>;
}

/**
 * dbt's `adapter.dispatch(name, macro_namespace)`: for each package of the search order (the
 * `dispatch:` config for that namespace; else the root project, then the namespace itself; with no
 * namespace, the bare names), the first of `<engine>__name` and `default__name` found.
 */
export function dispatchMacro(adapterType: string, orders: readonly DispatchOrder[], lookup: MacroLookup, args: readonly unknown[]): unknown {
  const { positional, kwargs } = splitCall([...args]);
  const name = String(positional[0] ?? kwargs.macro_name);
  const namespace = (positional[1] ?? kwargs.macro_namespace) as string | null | undefined;
  const prefixes = [adapterType, 'default'];
  const configured = namespace ? orders.find((o) => o.macro_namespace === namespace)?.search_order : undefined;
  const search: Array<string | undefined> = !namespace ? [undefined]
    : configured ? [...configured]
      : lookup.inPackage(namespace) ? [lookup.rootName, namespace] : [undefined];
  for (const pkg of search) {
    const macros = pkg === undefined ? lookup.bare() : lookup.inPackage(pkg);
    if (!macros) {
      throw new Error(`adapter.dispatch('${name}', '${namespace}'): the dispatch search_order in dbt_project.yml names package '${pkg}', which is not installed (run weir deps, or fix the search_order)`);
    }
    for (const prefix of prefixes) {
      const found = macros[`${prefix}__${name}`];
      if (typeof found === 'function') return found;
    }
  }
  const where = search.some((p) => p !== undefined) ? ` in ${search.map((p) => p ?? 'the project').join(', ')}` : '';
  throw new Error(`adapter.dispatch('${name}'${namespace ? `, '${namespace}'` : ''}) found neither a macro '${adapterType}__${name}' nor 'default__${name}'${where}`);
}

/**
 * The `adapter` object macros see: dispatch, and `call_dispatched` for templates rewritten by
 * dispatchCallsSupported. Whatever `adapter` the context already held (warehouse methods) is kept.
 */
export function adapterWithDispatch(existing: unknown, adapterType: string, orders: readonly DispatchOrder[], lookup: MacroLookup): Record<string, unknown> {
  const dispatch = (...args: unknown[]) => dispatchMacro(adapterType, orders, lookup, args);
  const methods = {
    dispatch,
    call_dispatched(nameArgs: unknown[], ...args: unknown[]) {
      return (dispatch(...nameArgs) as (...a: unknown[]) => unknown)(...args);
    },
  };
  // Onto dbt-context's adapter (get_relation...) when there is one, keeping its guard for unknown names.
  if (existing && typeof existing === 'object') return Object.assign(existing as Record<string, unknown>, methods);
  return { type: adapterType, ...methods };
}
