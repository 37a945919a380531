import type { DispatchOrder } from '../project/types.js';

/**
 * Which macros a template calls, read from its Jinja without rendering it (as dbt reads a macro's
 * own calls for `depends_on.macros`): `name(...)`, `pkg.name(...)`, `{% call name() %}` and
 * `adapter.dispatch('name', 'pkg')`, the last resolved to the implementation the target's engine
 * gets. Only the macros of the manifest count (the project's and installed packages'), so every id
 * it gives names a macro of target/manifest.json; weir's built-ins are not listed there.
 */
export interface MacroCallIndex {
  /** The ids of the macros `text` calls, sorted; `packageName` is the package the text belongs to. */
  callsIn(text: string, packageName: string, self?: string): string[];
}

const JINJA = /\{[{%][\s\S]*?[}%]\}/g;
// Not after a word character or a dot: `adapter.get_relation(` is no macro call, `dbt_utils.star(` is.
const CALL = /(?<![\w.])([A-Za-z_]\w*)(?:\.([A-Za-z_]\w*))?\s*\(/g;
const DISPATCH = /adapter\.dispatch\(\s*(['"])(\w+)\1\s*(?:,\s*(?:macro_namespace\s*=\s*)?(['"])(\w+)\3)?/g;
// A block's own name is a definition, not a call.
const DEFINITION = /(\{%-?\s*(?:macro|test|materialization))\s+[A-Za-z_]\w*/g;

export function macroCallIndex(
  packages: ReadonlyMap<string, ReadonlyArray<{ readonly name: string }>>, rootName: string, adapterType: string, orders: readonly DispatchOrder[] = [],
): MacroCallIndex {
  const names = new Map([...packages].map(([pkg, list]) => [pkg, new Set(list.map((m) => m.name))]));
  const has = (pkg: string, name: string) => names.get(pkg)?.has(name) === true;
  const bare = (name: string, caller: string) => [caller, rootName].find((pkg) => has(pkg, name));
  return {
    callsIn(text, packageName, self) {
      const jinja = (text.match(JINJA) ?? []).join('\n');
      if (!jinja) return [];
      const found = new Set<string>();
      for (const [, first, second] of jinja.replace(DEFINITION, '$1').matchAll(CALL)) {
        if (second !== undefined) {
          if (has(first!, second)) found.add(`macro.${first}.${second}`);
        } else {
          const pkg = bare(first!, packageName);
          if (pkg) found.add(`macro.${pkg}.${first}`);
        }
      }
      for (const [, , name, , namespace] of jinja.matchAll(DISPATCH)) {
        // As dispatch.ts searches: package by package (dispatch: config, else the project, then the namespace), engine first.
        const search = namespace ? orders.find((o) => o.macro_namespace === namespace)?.search_order ?? [rootName, namespace] : [packageName, rootName];
        const hit = search.flatMap((pkg) => [`${adapterType}__${name}`, `default__${name}`].map((m) => [pkg, m] as const)).find(([pkg, m]) => has(pkg, m));
        if (hit) found.add(`macro.${hit[0]}.${hit[1]}`);
      }
      if (self) found.delete(self);
      return [...found].sort();
    },
  };
}
