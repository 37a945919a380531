import type { Diagnostic } from '../core/diagnostics.js';
import { closestNames } from '../core/closest.js';
import type { DocUses } from '../project/doc-blocks.js';
import type { Project } from '../project/types.js';
import type { MacroCallIndex } from './macro-calls.js';
import { BUILTIN_PACKAGE } from './macros.js';
import type { CompiledMacro, CompiledNode } from './types.js';

/**
 * The macros of the manifest: the project's and each installed package's (weir's built-ins, dbt's
 * own macros, are not listed), each with its SQL as written, the macros it calls, and what the
 * project's `macros:` properties say of it. An entry naming no macro of the project is a warning.
 */
export function compiledMacros(
  project: Pick<Project, 'name' | 'macroProperties'>,
  packages: ReadonlyMap<string, ReadonlyArray<{ readonly name: string; readonly path: string; readonly sql?: string }>>,
  calls: MacroCallIndex,
  diagnostics: Diagnostic[],
): CompiledMacro[] {
  const own = packages.get(project.name) ?? [];
  for (const [name, located] of project.macroProperties) {
    if (own.some((m) => m.name === name)) continue;
    const close = closestNames(name, own.map((m) => m.name), 1);
    diagnostics.push({
      severity: 'warning', file: located.file, line: located.line,
      message: `properties describe macro '${name}', but the project defines no such macro: the entry is ignored`,
      hint: close.length ? `did you mean '${close[0]}'?` : 'define it with {% macro ' + name + '() %} in a file under macros/',
    });
  }
  const out: CompiledMacro[] = [];
  for (const [pkg, list] of packages) {
    if (pkg === BUILTIN_PACKAGE) continue;
    for (const m of list) {
      const uniqueId = `macro.${pkg}.${m.name}`;
      const located = pkg === project.name ? project.macroProperties.get(m.name) : undefined;
      const props = located?.value;
      const docs = { ...props?.config?.docs, ...props?.docs };
      out.push({
        uniqueId, name: m.name, packageName: pkg, path: m.path, sql: m.sql ?? '',
        dependsOn: calls.callsIn(m.sql ?? '', pkg, uniqueId),
        description: props?.description ?? '',
        arguments: (props?.arguments ?? []).map((a) => ({ name: a.name, type: a.type ?? null, description: a.description ?? '' })),
        docs: { show: docs.show ?? true, node_color: docs.node_color ?? null },
        meta: { ...props?.config?.meta, ...props?.meta },
        patchPath: located?.file ?? null,
        docBlocks: [...new Set([...(props as DocUses | undefined)?.doc_blocks ?? [], ...(props?.arguments ?? []).flatMap((a) => (a as DocUses).doc_blocks ?? [])])].sort(),
      });
    }
  }
  return out;
}

/**
 * Generic tests with their test macro in depends_on.macros (dbt's `macro.pkg.test_name`), when the
 * manifest lists it: `pkg.name` in that package, a bare name in the project, else in the package
 * that has it (as findCustomTest finds it); a built-in one, dbt's.
 */
export function withTestMacros(
  tests: readonly CompiledNode[],
  calls: MacroCallIndex,
  packages: ReadonlyMap<string, ReadonlyArray<{ readonly name: string }>>,
  rootName: string,
): CompiledNode[] {
  const testMacro = (name: string) => {
    const found = calls.callsIn(`{{ ${name.replace(/([^.]+)$/, 'test_$1')}() }}`, rootName);
    if (found.length > 0 || name.includes('.')) return found;
    const pkg = [...packages].find(([p, list]) => p !== BUILTIN_PACKAGE && list.some((x) => x.name === `test_${name}`))?.[0];
    // A built-in test is dbt's own macro (`macro.dbt.test_unique`).
    return [pkg ? `macro.${pkg}.test_${name}` : `macro.dbt.test_${name}`];
  };
  // dbt's tests also depend on get_where_subquery; dbt-project-evaluator tells tests apart by these ids.
  return tests.map((t) => (t.test?.type === 'generic' ? { ...t, dependsOn: { ...t.dependsOn, macros: [...testMacro(t.test.name), 'macro.dbt.get_where_subquery'] } } : t));
}
