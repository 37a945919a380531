import type { Diagnostic } from '../core/diagnostics.js';
import { DiagnosticsError, throwIfErrors } from '../core/diagnostics.js';
import type { Logger } from '../core/logger.js';
import { nodeId } from '../core/ids.js';
import { buildDag, CycleError, topologicalOrder, type Dag } from '../graph/index.js';
import { folderConfigFor } from '../project/folder-config.js';
import type { NodeConfigInput } from '../project/schemas.js';
import type { Project, SqlFile } from '../project/types.js';
import { buildContext, type ContextInputs } from './context.js';
import { cteName, injectCtes } from './ephemeral.js';
import { CUSTOM_TEST_PREFIX, loadMacroLibrary, type MacroLibrary } from './macros.js';
import { builtinMacroFiles } from './builtin-macros.js';
import { compileSeeds, compileSources, describe } from './other-nodes.js';
import { RelationValue, runStartedAtValue } from './relation-value.js';
import { checkReferences, type ParsedRefs } from './references.js';
import { lineOfMatch, relationFor, resolveConfig, validateInlineConfig } from './resolve-config.js';
import { createEnvironment, prepareTemplate, templateDiagnostic, type PreparedTemplate } from './template.js';
import { toGraphNode } from './graph-node.js';
import { compileGenericTests } from './compile-tests.js';
import { compileContract } from './contracts.js';
import { compileUnitTests } from './compile-unit-tests.js';
import { createLineFinder } from './property-lines.js';
import { analysisConfig, analysisFields } from './analysis-node.js';
import type { CompiledNode, CompiledProject, Relation, ResolvedConfig } from './types.js';

export interface CompileOptions {
  readonly target: { readonly name: string; readonly type: string; readonly schema: string; readonly threads?: number | undefined };
  /** The engine's relation quoting (from the adapter's dialect, which needs no connection). */
  readonly quoteRelation: (relation: Relation) => string;
  readonly quoteIdentifier?: (name: string) => string;
  readonly quoteLiteral?: (value: string) => string;
  /** The engine's implementations of the cross-database macros (`<type>__dateadd`, ...). */
  readonly adapterMacros?: string;
  /** `--vars` from the command line, over project.yml's `vars`. */
  readonly vars?: Readonly<Record<string, unknown>>;
  readonly env?: NodeJS.ProcessEnv;
  readonly runStartedAt?: Date;
  readonly logger: Logger;
  /** `--defer`: nodes whose `ref()` reads another environment's relation (from `--state`). */
  readonly deferredRelations?: ReadonlyMap<string, Relation>;
}

interface ParsedModel extends ParsedRefs {
  readonly file: SqlFile;
  readonly template: PreparedTemplate;
  readonly config: ResolvedConfig;
  readonly usesIncremental: boolean;
  readonly usesMacros: boolean;
  /** Models are built; singular tests (tests/*.sql) are queries returning failing rows. */
  readonly kind: 'model' | 'test' | 'analysis';
}

/**
 * Project -> compiled nodes, in two passes over each template: the first records `config()`,
 * `ref()` and `source()`; once every node's config (so its relation) and the DAG are known, the
 * second renders the real SQL. All mistakes are collected and thrown together.
 */
export function compileProject(project: Project, options: CompileOptions): CompiledProject {
  const diagnostics: Diagnostic[] = [];
  const env = createEnvironment();
  const macros = loadMacroLibrary(env, project.macros, diagnostics, {
    builtins: builtinMacroFiles(options.adapterMacros ?? ''),
    adapterType: options.target.type,
  });
  throwIfErrors(diagnostics);
  const shared = {
    vars: { ...project.vars, ...options.vars },
    env: options.env ?? process.env,
    target: { ...options.target, profile_name: project.name },
    runStartedAt: runStartedAtValue(options.runStartedAt ?? new Date()),
    logger: options.logger,
  };
  const inputs = (file: string, emitLogs: boolean): ContextInputs => ({ ...shared, file, emitLogs });

  const allParsed = [
    ...project.models.map((file) => parseModel(project, file, 'model', macros, env, inputs(file.path, false), options, diagnostics)),
    ...project.singularTests.map((file) => parseModel(project, file, 'test', macros, env, inputs(file.path, false), options, diagnostics)),
    ...project.analyses.map((file) => parseModel(project, file, 'analysis', macros, env, inputs(file.path, false), options, diagnostics)),
  ].filter((m): m is ParsedModel => m !== undefined);
  const parsed = allParsed.filter((m) => m.config.enabled);
  const disabled = new Set(allParsed.filter((m) => !m.config.enabled).map((m) => m.file.name));
  const sourceAndIngestNodes = compileSources(project);
  const sources = sourceAndIngestNodes.filter((n) => n.resourceType === 'source');
  const seeds = compileSeeds(project, options.target.schema);
  checkReferences(project, parsed, seeds, sources, disabled, diagnostics);
  throwIfErrors(diagnostics);

  const relations = new Map<string, Relation | undefined>();
  const idByName = new Map<string, string>();
  for (const node of seeds) {
    relations.set(node.uniqueId, node.relation);
    idByName.set(node.name, node.uniqueId);
  }
  for (const m of parsed) {
    const id = nodeId(m.kind, project.name, m.file.name);
    const builds = m.kind === 'model' && m.config.materialized !== 'ephemeral';
    relations.set(id, builds ? relationFor(m.file.name, m.config, options.target.schema) : undefined);
    if (m.kind === 'model') idByName.set(m.file.name, id);
  }
  const sourceIds = new Map(sources.map((s) => [`${s.sourceName}.${s.name}`, s]));

  const skeletons = parsed.map((m) => {
    const id = nodeId(m.kind, project.name, m.file.name);
    const dependsOn = [
      ...new Set([
        ...m.refs.map((r) => idByName.get(r.name)!),
        ...m.sources.map(([s, t]) => sourceIds.get(`${s}.${t}`)!.uniqueId),
      ]),
    ];
    return { id, model: m, dependsOn };
  });
  let order: string[];
  let dag: Dag;
  try {
    dag = buildDag([
      ...seeds.map(toGraphNode),
      ...sourceAndIngestNodes.map(toGraphNode),
      ...skeletons.map((s) =>
        toGraphNode({ uniqueId: s.id, resourceType: s.model.kind, name: s.model.file.name, packageName: project.name,
          path: s.model.file.path, fqn: s.model.file.fqn, config: s.model.config, dependsOn: { nodes: s.dependsOn } }),
      ),
    ]);
    order = topologicalOrder(dag);
  } catch (error) {
    if (error instanceof CycleError) {
      const first = skeletons.find((s) => s.id === error.cycle[0]);
      throw new DiagnosticsError([
        { severity: 'error', file: first?.model.file.path, message: error.message, hint: 'break the cycle by removing one of these ref() calls' },
      ]);
    }
    throw error;
  }

  // Second pass, in DAG order so an ephemeral model's SQL is ready before anyone inlines it.
  const compiled = new Map<string, CompiledNode>();
  for (const node of [...seeds, ...sourceAndIngestNodes]) compiled.set(node.uniqueId, node);
  const skeletonById = new Map(skeletons.map((s) => [s.id, s]));
  const quote = (relation: Relation) => RelationValue.of(relation, options.quoteRelation);
  const findLine = createLineFinder(project.root);
  for (const id of order) {
    const skeleton = skeletonById.get(id);
    if (!skeleton) continue;
    const m = skeleton.model;
    const relation = relations.get(id);
    const render = (incremental: boolean): string => {
      const context = buildContext(inputs(m.file.path, !incremental), {
        ref: (name) => {
          const target = idByName.get(name)!;
          const targetRelation = options.deferredRelations?.get(target) ?? relations.get(target);
          return targetRelation ? quote(targetRelation) : cteName(name);
        },
        source: (s, t) => quote(sourceIds.get(`${s}.${t}`)!.relation!),
        config: () => undefined,
        isIncremental: () => incremental,
        self: relation ? quote(relation) : cteName(m.file.name),
      });
      if (m.usesMacros) addMacros(context, macros.exportFor(context, m.file.path));
      const sql = m.template.render(context);
      return injectCtes(sql, ephemeralCtes(skeleton.dependsOn, compiled));
    };
    let compiledCode = '';
    let incrementalCode: string | undefined;
    try {
      compiledCode = render(false);
      if (m.usesIncremental && m.config.materialized === 'incremental') incrementalCode = render(true);
    } catch (error) {
      diagnostics.push(templateDiagnostic(error, m.file.path, { knownNames: macros.names, phase: 'render', text: m.file.text }));
      continue;
    }
    const props = m.kind === 'model' ? project.modelProperties.get(m.file.name) : undefined;
    const contract = m.kind === 'model' ? compileContract({ name: m.file.name, path: m.file.path, config: m.config }, props, findLine, diagnostics) : undefined;
    compiled.set(id, Object.freeze({
      uniqueId: id,
      resourceType: m.kind,
      name: m.file.name,
      packageName: project.name,
      path: m.file.path,
      absolutePath: m.file.absolutePath,
      fqn: m.file.fqn,
      config: m.config,
      relation,
      ...describe(props?.value),
      patchPath: props?.file,
      rawCode: m.file.text,
      compiledCode,
      incrementalCode,
      dependsOn: { nodes: skeleton.dependsOn, macros: m.usesMacros ? macros.macros.filter((x) => m.file.text.includes(x.name)).map((x) => `macro.${project.name}.${x.name}`) : [] },
      refs: m.refs,
      sources: m.sources,
      ...(contract ? { contract } : {}),
      ...(m.kind === 'test' ? { test: { type: 'singular' as const, name: m.file.name, attachedNode: undefined, columnName: undefined } } : {}),
      ...(m.kind === 'analysis' ? analysisFields(project.analysisProperties.get(m.file.name)) : {}),
    }) satisfies CompiledNode);
  }
  throwIfErrors(diagnostics);

  // Generic tests from properties files join the graph once every relation is known.
  const deferred = (n: CompiledNode): CompiledNode => {
    const relation = options.deferredRelations?.get(n.uniqueId);
    return relation ? { ...n, relation } : n;
  };
  const byName = new Map([...compiled.values()].filter((n) => n.resourceType === 'model' || n.resourceType === 'seed').map((n) => [n.name, deferred(n)]));
  const sourcesByName = new Map(sources.map((n) => [`${n.sourceName}.${n.name}`, n]));
  const tests = compileGenericTests(project, byName, sourcesByName, {
    relation: options.quoteRelation,
    identifier: options.quoteIdentifier ?? ((name) => `"${name.replace(/"/g, '""')}"`),
    literal: options.quoteLiteral ?? ((value) => `'${value.replace(/'/g, "''")}'`),
  }, {
    names: new Set([...macros.names].filter((n) => n.startsWith(CUSTOM_TEST_PREFIX)).map((n) => n.slice(CUSTOM_TEST_PREFIX.length))),
    render: (name, kwargs, dependsOn) => {
      const context = buildContext(inputs(`macros (test ${name})`, true), {
        ref: (refName) => {
          const target = idByName.get(refName);
          const targetRelation = target ? options.deferredRelations?.get(target) ?? relations.get(target) : undefined;
          if (!target || !targetRelation) throw new Error(`ref('${refName}') in test '${name}' names no built model or seed`);
          if (!dependsOn.includes(target)) dependsOn.push(target);
          return quote(targetRelation);
        },
        source: (s, t) => {
          const node = sourceIds.get(`${s}.${t}`);
          if (!node) throw new Error(`source('${s}', '${t}') in test '${name}' is not declared`);
          if (!dependsOn.includes(node.uniqueId)) dependsOn.push(node.uniqueId);
          return quote(node.relation!);
        },
        config: () => undefined,
        isIncremental: () => false,
        self: '',
      });
      const macro = macros.exportFor(context, name)[`${CUSTOM_TEST_PREFIX}${name}`] as (...args: unknown[]) => unknown;
      return String(macro({ ...kwargs, __keywords: true })).trim();
    },
  }, diagnostics);
  const modelsByName = new Map(parsed.filter((m) => m.kind === 'model').map((m) => [m.file.name, m]));
  const unitTests = compileUnitTests(project, byName, sourcesByName, options.quoteRelation, (name, hooks) => {
    const m = modelsByName.get(name)!;
    const context = buildContext({ ...inputs(m.file.path, false), vars: { ...shared.vars, ...hooks.vars }, env: { ...shared.env, ...hooks.env } }, {
      ref: hooks.ref, source: hooks.source, config: () => undefined, isIncremental: () => hooks.incremental, self: hooks.self,
    });
    if (m.usesMacros) addMacros(context, macros.exportFor(context, m.file.path));
    return m.template.render(Object.assign(context, hooks.macros));
  }, diagnostics);
  throwIfErrors(diagnostics);
  for (const test of [...tests, ...unitTests]) compiled.set(test.uniqueId, test);
  if (tests.length + unitTests.length > 0) dag = buildDag([...compiled.values()].map(toGraphNode));
  return {
    projectName: project.name,
    nodes: compiled,
    dag,
    macros: macros.macros.map((m) => ({ uniqueId: `macro.${project.name}.${m.name}`, name: m.name, path: m.path })),
  };
}

/** The ephemeral models a model reads from, directly or through other ephemerals, oldest first. */
function ephemeralCtes(dependsOn: readonly string[], compiled: ReadonlyMap<string, CompiledNode>) {
  const seen = new Set<string>();
  const ordered: Array<{ name: string; sql: string }> = [];
  const visit = (id: string) => {
    const node = compiled.get(id);
    if (!node || node.config.materialized !== 'ephemeral' || seen.has(id)) return;
    seen.add(id);
    // Its own CTEs are already inlined in its compiled code, so each appears once, nested.
    ordered.push({ name: cteName(node.name), sql: node.compiledCode });
  };
  dependsOn.forEach(visit);
  return ordered;
}

function parseModel(
  project: Project,
  file: SqlFile,
  kind: 'model' | 'test' | 'analysis',
  macros: MacroLibrary,
  env: ReturnType<typeof createEnvironment>,
  inputs: ContextInputs,
  options: CompileOptions,
  diagnostics: Diagnostic[],
): ParsedModel | undefined {
  let template: PreparedTemplate;
  try {
    template = prepareTemplate(env, file.text, file.path);
  } catch (error) {
    diagnostics.push(templateDiagnostic(error, file.path, { knownNames: macros.names, phase: 'compile', text: file.text }));
    return undefined;
  }
  const refs: Array<{ name: string; package: string | undefined }> = [];
  const sources: Array<[string, string]> = [];
  const inline: Array<Record<string, unknown>> = [];
  let usesIncremental = false;
  const placeholder = (name: string) => new RelationValue(options.target.schema, name, `__weir_ref__${name}`);
  const context = buildContext(inputs, {
    ref: (name, pkg) => {
      refs.push({ name, package: pkg });
      return placeholder(name);
    },
    source: (s, t) => {
      sources.push([s, t]);
      return placeholder(`${s}.${t}`);
    },
    config: (values) => void inline.push(values),
    isIncremental: () => {
      usesIncremental = true;
      return false;
    },
    self: placeholder(file.name),
  });
  const usesMacros = !template.isStatic && macros.mightCall(file.text);
  try {
    if (usesMacros) addMacros(context, macros.exportFor(context, file.path));
    template.render(context);
  } catch (error) {
    diagnostics.push(templateDiagnostic(error, file.path, { knownNames: macros.names, phase: 'render', text: file.text }));
    return undefined;
  }
  const configLine = () => lineOfMatch(file.text, /\bconfig\s*\(/);
  const inlineConfig: NodeConfigInput[] = inline.map((values) => validateInlineConfig(values, file.path, configLine, diagnostics));
  const props = kind === 'model' ? project.modelProperties.get(file.name) : undefined;
  const config = kind === 'model'
    ? resolveConfig([folderConfigFor(project.modelFolders, file.fqn), props?.value.config ?? {}, ...inlineConfig], { materialized: 'view' })
    : kind === 'analysis' ? analysisConfig(project.analysisProperties.get(file.name), inlineConfig) : singularTestConfig(inlineConfig);
  if (config.materialized === 'incremental' && config.incremental_strategy !== 'append' && !config.unique_key?.length) {
    diagnostics.push({
      severity: 'error', file: file.path, line: configLine(),
      message: `incremental_strategy '${config.incremental_strategy}' needs a unique_key to match existing rows`,
      hint: "set unique_key='id' (or a list of columns), or use incremental_strategy='append'",
    });
  }
  return { kind, file, template, config, refs: dedupeRefs(refs), sources: dedupeSources(sources), usesIncremental, usesMacros };
}

function dedupeRefs(refs: Array<{ name: string; package: string | undefined }>) {
  const seen = new Set<string>();
  return refs.filter((r) => !seen.has(`${r.package}.${r.name}`) && seen.add(`${r.package}.${r.name}`));
}

function dedupeSources(sources: Array<[string, string]>): Array<[string, string]> {
  const seen = new Set<string>();
  return sources.filter(([s, t]) => !seen.has(`${s}.${t}`) && seen.add(`${s}.${t}`));
}

/** Macros join the context without shadowing the built-ins (`ref` stays weir's `ref`). */
function addMacros(context: Record<string, unknown>, exported: Record<string, unknown>): void {
  for (const [name, macro] of Object.entries(exported)) if (!(name in context)) context[name] = macro;
}

/** A singular test's config comes only from its own `config()`; tests fail on any row by default. */
function singularTestConfig(inline: readonly NodeConfigInput[]): ResolvedConfig {
  const config = resolveConfig(inline, { materialized: 'test' });
  return { ...config, materialized: 'test', test_type: 'singular', severity: config.severity ?? 'error', warn_if: config.warn_if ?? '!=0', error_if: config.error_if ?? '!=0' };
}
