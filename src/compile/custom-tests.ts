import { CUSTOM_TEST_PREFIX, type MacroLibrary } from './macros.js';

type Macro = (...args: unknown[]) => unknown;

/**
 * Custom generic tests by the names a properties file may use: `name` (the project's first, as dbt
 * finds one in any package) and `package.name` (`dbt_utils.expression_is_true`).
 */
export function customTestNames(macros: MacroLibrary): Set<string> {
  const names = new Set<string>();
  for (const [pkg, list] of macros.packages) {
    for (const m of list.filter((x) => x.name.startsWith(CUSTOM_TEST_PREFIX))) {
      names.add(m.name.slice(CUSTOM_TEST_PREFIX.length));
      names.add(`${pkg}.${m.name.slice(CUSTOM_TEST_PREFIX.length)}`);
    }
  }
  return names;
}

/**
 * The root project's own `{% test %}` names: they win over weir's built-in generic tests of the same
 * name, as a root project's macros win over dbt's (dbt-date's integration tests define their own
 * expression_is_true, whose arguments hold Jinja to render).
 */
export function projectTestNames(macros: MacroLibrary, rootName: string): Set<string> {
  const own = macros.packages.get(rootName) ?? [];
  return new Set(own.filter((m) => m.name.startsWith(CUSTOM_TEST_PREFIX)).map((m) => m.name.slice(CUSTOM_TEST_PREFIX.length)));
}

/** The test macro a name in a properties file means, from the macros bound for the test. */
export function findCustomTest(macros: MacroLibrary, exported: Record<string, unknown>, name: string): Macro {
  const dot = name.indexOf('.');
  const macro = `${CUSTOM_TEST_PREFIX}${dot >= 0 ? name.slice(dot + 1) : name}`;
  if (dot >= 0) return (exported[name.slice(0, dot)] as Record<string, unknown>)[macro] as Macro;
  const pkg = [...macros.packages].find(([, list]) => list.some((m) => m.name === macro))?.[0];
  return (exported[macro] ?? (pkg ? (exported[pkg] as Record<string, unknown>)[macro] : undefined)) as Macro;
}
