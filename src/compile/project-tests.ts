import { throwIfErrors } from '../core/diagnostics.js';
import { builtinMacroFiles } from './builtin-macros.js';
import type { CompileScope } from './compile-scope.js';
import { compileGenericTests } from './compile-tests.js';
import { compileUnitTests } from './compile-unit-tests.js';
import { buildContext } from './context.js';
import { renderConfigValue, renderCustomTest } from './custom-test-render.js';
import { customTestNames, projectTestNames } from './custom-tests.js';
import { loadMacroLibrary, packageOptions } from './macros.js';
import { addMacros, varMacros, type ParsedModel } from './parse-model.js';
import type { CompiledNode } from './types.js';
import type { Project } from '../project/types.js';

/**
 * compileProject's tests, once every relation is known: generic tests from properties files
 * (built-in and custom) and unit tests. Returns them with the nodes they may name, for what comes after.
 */
export function compileProjectTests(scope: CompileScope, compiled: ReadonlyMap<string, CompiledNode>, sources: readonly CompiledNode[], parsed: readonly ParsedModel[]) {
  const { project, options, env, macros, diagnostics, inputs, varsFor, relations, idByName, sourceIds, input } = scope;
  const { byName, sourcesByName } = testedNodes(scope, compiled, sources);
  const tests = compileGenericTests(project, byName, sourcesByName, {
    relation: options.quoteRelation,
    identifier: options.quoteIdentifier ?? ((name) => `"${name.replace(/"/g, '""')}"`),
    literal: options.quoteLiteral ?? ((value) => `'${value.replace(/'/g, "''")}'`),
  }, {
    names: customTestNames(macros),
    overrides: projectTestNames(macros, project.name),
    // A test declared in a package's yml reads the package's vars, as its models do.
    render: (name, call, tested, dependsOn, file) => renderCustomTest({
      env,
      macros,
      context: { ...inputs(`macros (test ${name})`, true), vars: varsFor(file) },
      ref: (refName) => {
        const target = idByName.get(refName);
        const targetRelation = target ? options.deferredRelations?.get(target) ?? relations.get(target) : undefined;
        if (!target || !targetRelation) throw new Error(`ref('${refName}') in test '${name}' names no built model or seed`);
        if (!dependsOn.includes(target)) dependsOn.push(target);
        return input(targetRelation);
      },
      source: (s, t) => {
        const node = sourceIds.get(`${s}.${t}`);
        if (!node) throw new Error(`source('${s}', '${t}') in test '${name}' is not declared`);
        if (!dependsOn.includes(node.uniqueId)) dependsOn.push(node.uniqueId);
        return input(node.relation!);
      },
    }, name, call, tested),
    renderValue: (text, file) => renderConfigValue({
      env, macros, context: { ...inputs('properties (test config)', false), vars: varsFor(file) },
      ref: (refName) => { const target = idByName.get(refName); return target && relations.get(target) ? input(relations.get(target)!) : refName; },
      source: (s, t) => { const node = sourceIds.get(`${s}.${t}`); return node?.relation ? input(node.relation) : `${s}.${t}`; },
    }, text),
  }, diagnostics);
  const unitTests = compileUnitTestsOf(scope, byName, sourcesByName, parsed, project.unitTests);
  throwIfErrors(diagnostics);
  return { tests, unitTests, byName, sourcesByName };
}

/** The nodes tests may name: models, seeds and snapshots by name (deferred ones read production), sources by `source.table`. */
export function testedNodes(scope: Pick<CompileScope, 'options'>, compiled: ReadonlyMap<string, CompiledNode>, sources: Iterable<CompiledNode>) {
  const deferred = (n: CompiledNode): CompiledNode => {
    const relation = scope.options.deferredRelations?.get(n.uniqueId);
    return relation ? { ...n, relation } : n;
  };
  const byName = new Map([...compiled.values()].filter((n) => n.resourceType === 'model' || n.resourceType === 'seed' || n.resourceType === 'snapshot').map((n) => [n.name, deferred(n)]));
  const sourcesByName = new Map([...sources].map((n) => [`${n.sourceName}.${n.name}`, n]));
  return { byName, sourcesByName };
}

/** The unit tests of `definitions`, each rendering its model's template against its fixtures. */
export function compileUnitTestsOf(
  scope: CompileScope,
  byName: ReadonlyMap<string, CompiledNode>,
  sourcesByName: ReadonlyMap<string, CompiledNode>,
  parsed: readonly ParsedModel[],
  definitions: Project['unitTests'],
): CompiledNode[] {
  const { project, options, env, macros, diagnostics, inputs, varsFor } = scope;
  const modelsByName = new Map(parsed.filter((m) => m.kind === 'model').map((m) => [m.file.name, m]));
  const sandbox = options.unitTestMacros;
  const unitMacros = sandbox && definitions.length > 0
    ? loadMacroLibrary(env, project.macros, diagnostics, { builtins: builtinMacroFiles(sandbox.macros), adapterType: sandbox.type, lazy: false, ...packageOptions(project) })
    : macros;
  return compileUnitTests({ ...project, unitTests: definitions }, byName, sourcesByName, options.quoteRelation, (name, hooks) => {
    const m = modelsByName.get(name)!;
    const base = inputs(m.file.path, false);
    const context = buildContext({ ...base, vars: { ...varsFor(m.file.path), ...hooks.vars }, env: { ...base.env, ...hooks.env }, varMacros: varMacros(unitMacros, m.file.path, undefined, undefined) }, {
      ref: hooks.ref, source: hooks.source, config: () => undefined, isIncremental: () => hooks.incremental, self: hooks.self,
    });
    if (m.usesMacros || unitMacros !== macros) addMacros(context, unitMacros.exportFor(context, m.file.path));
    return m.template().render(withMacroOverrides(context, hooks.macros));
  }, diagnostics, options.target.type === 'postgres');
}

/**
 * A unit test's `overrides: macros:`: a bare name replaces the macro for the model's template; a
 * package's (`audit_helper._get_comparison_bounds`) is replaced inside that package's namespace,
 * which the package's own macros call through, as dbt's override reaches them.
 */
function withMacroOverrides(context: Record<string, unknown>, overrides: Readonly<Record<string, unknown>>): Record<string, unknown> {
  for (const [name, value] of Object.entries(overrides)) {
    const dot = name.indexOf('.');
    const space = dot > 0 ? context[name.slice(0, dot)] : undefined;
    if (space && typeof space === 'object') Object.defineProperty(space, name.slice(dot + 1), { value, configurable: true, enumerable: true });
    else context[name] = value;
  }
  return context;
}
