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

/** The test macro a name in a properties file means, from the macros bound for the test. */
export function findCustomTest(macros: MacroLibrary, exported: Record<string, unknown>, name: string): Macro {
  const dot = name.indexOf('.');
  const macro = `${CUSTOM_TEST_PREFIX}${dot >= 0 ? name.slice(dot + 1) : name}`;
  if (dot >= 0) return (exported[name.slice(0, dot)] as Record<string, unknown>)[macro] as Macro;
  const pkg = [...macros.packages].find(([, list]) => list.some((m) => m.name === macro))?.[0];
  return (exported[macro] ?? (pkg ? (exported[pkg] as Record<string, unknown>)[macro] : undefined)) as Macro;
}
