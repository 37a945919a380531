import type { Diagnostic } from '../core/diagnostics.js';
import { DiagnosticsError, throwIfErrors, warningLine } from '../core/diagnostics.js';
import { buildDag, CycleError, topologicalOrder, type Dag } from '../graph/index.js';
import { packageNameOf, varsByPath } from '../project/package-scope.js';
import type { Project, SqlFile } from '../project/types.js';
import { buildContext, type ContextInputs, type TemplateReads } from './context.js';
import { graphDict, type NodeFacts } from './node-dict.js';
import { loadMacroLibrary, packageOptions } from './macros.js';
import { macroCallIndex } from './macro-calls.js';
import { compiledMacros, withTestMacros } from './macro-entries.js';
import { builtinMacroFiles } from './builtin-macros.js';
import { compileSeeds, compileSources, describe } from './other-nodes.js';
import { invocationInputs } from './invocation-inputs.js';
import { RelationValue } from './relation-value.js';
import { checkReferences } from './references.js';
import { lineOfMatch } from './resolve-config.js';
import { relationDatabase, relationNamer } from './relation-naming.js';
import { snapshotRelation } from './snapshot-config.js';
import { createEnvironment } from './template.js';
import { toGraphNode } from './graph-node.js';
import { compileExposures } from './exposures.js';
import { compileSemanticLayer, semanticLayerNotice } from './semantic-layer.js';
import { checkAccess } from './access.js';
import { checkEngineConfig } from './engine-config.js';
import { checkDatabaseConfig } from './database-config.js';
import { createLineFinder } from './property-lines.js';
import { checkVersionFiles, modelNodeId, versionFields } from './model-versions.js';
import { parseModel, type ParsedModel, type Templates } from './parse-model.js';
import { cacheEntry, macroKeys, sha256 } from './render-cache.js';
import { checkRelationClashes, ingestWriters } from './relation-clashes.js';
import { checkMaterializations } from './materialization-blocks.js';
import type { CompiledNode, CompiledProject, Relation } from './types.js';
import type { CompileOptions } from './compile-options.js';
import type { CompileScope } from './compile-scope.js';
import { renderNodes, type Skeleton } from './render-nodes.js';
import { compileProjectTests } from './project-tests.js';
import type { KeptCompile } from './recompile-templates.js';

/**
 * Project -> compiled nodes, in two passes over each template: the first records `config()`,
 * `ref()` and `source()`; once every node's config (so its relation) and the DAG are known, the
 * second renders the real SQL. All mistakes are collected and thrown together.
 */
export function compileProject(project: Project, options: CompileOptions): CompiledProject {
  return compileProjectKept(project, options).compiled;
}

/** compileProject, with what it takes to recompile an edited template alone (see recompile-templates.ts). */
export function compileProjectKept(project: Project, options: CompileOptions): { compiled: CompiledProject; kept: KeptCompile } {
  const diagnostics: Diagnostic[] = [];
  let environment: ReturnType<typeof createEnvironment> | undefined;
  const env = () => (environment ??= createEnvironment());
  const builtins = builtinMacroFiles(options.adapterMacros ?? '');
  // Everything every template sees alike: a change to any of it invalidates the whole cache.
  // Not the target's connection config (it may hold a password): a template that reads `target.config` is not cached.
  const cacheKey = options.cache && sha256(JSON.stringify([{ ...options.target, config: undefined }, project.name, builtins.map((b) => b.text)]));
  const packageMacros = (project.packages ?? []).flatMap((p) => p.macros);
  const macroSet = options.cache && sha256([...project.macros, ...packageMacros].map((m) => `${m.path}\0${m.text}`).join('\0'));
  const previous = options.cache?.key === cacheKey ? options.cache : undefined;
  const macros = loadMacroLibrary(env, project.macros, diagnostics, {
    builtins,
    adapterType: options.target.type,
    ...packageOptions(project),
    // Macro files that compiled cleanly last time are compiled only if a template calls one.
    lazy: previous?.macros === macroSet,
  });
  throwIfErrors(diagnostics);
  let keys: ((text: string) => string) | undefined;
  const shared = {
    ...invocationInputs(project, options),
    logger: options.logger,
    jinjaEnv: env,
    // Built on first read from what is known before rendering (configs, relations, refs; no SQL yet).
    graph: () => graphDict([...compiledFacts()], options.target.database, options.quoteRelation, options.nodePaths),
  };
  let compiledFacts: () => Iterable<NodeFacts> = () => [];
  // A package's nodes see its vars (and are named in its namespace); the project's nodes, the project's.
  const varsFor = varsByPath(project, options.vars);
  const packageOf = (file: { readonly path: string }) => packageNameOf(project, file.path);
  const templates: Templates = {
    env,
    macros,
    macroKey: (text) => (keys ??= macroKeys([...builtins, ...project.macros, ...packageMacros]))(text),
    previous: previous?.entries,
    run: cacheKey !== undefined ? { next: new Map(), parsed: 0, rendered: 0, reused: 0 } : undefined,
    vars: varsFor,
    environment: shared.env,
  };

  const calls = macroCallIndex(macros.packages, project.name, options.target.type, project.dispatch);
  // Spelt out, not `{ ...shared }`: copying by spread cost ~10 us a call, and there are two calls per template.
  const { env: processEnv, target, runStartedAt, invocation, quoteIdentifier, logger, jinjaEnv, graph } = shared;
  const inputs = (file: string, emitLogs: boolean, reads?: TemplateReads, execute = true): ContextInputs =>
    ({ vars: varsFor(file), env: processEnv, target, runStartedAt, invocation, quoteIdentifier, logger, jinjaEnv, graph, file, emitLogs, reads, execute });
  const parse = (file: SqlFile, kind: ParsedModel['kind']) => parseModel(project, file, kind, templates, (reads) => inputs(file.path, false, reads, false), options, diagnostics);

  // Snapshots are few and a file may hold several: they skip the partial-parse cache (keyed by file).
  const uncached: Templates = { ...templates, previous: undefined, run: undefined };
  const allParsed = [
    ...project.models.map((file) => parse(file, 'model')),
    ...project.snapshots.map((file) => parseModel(project, file, 'snapshot', uncached, (reads) => inputs(file.path, false, reads, false), options, diagnostics)),
    ...project.singularTests.map((file) => parse(file, 'test')),
    ...project.analyses.map((file) => parse(file, 'analysis')),
  ].filter((m): m is ParsedModel => m !== undefined);
  const parsed = allParsed.filter((m) => m.config.enabled);
  const disabled = new Set(allParsed.filter((m) => !m.config.enabled).map((m) => m.file.name));
  for (const m of allParsed) {
    // Disabled models are parsed but never rendered: cache the parse alone.
    if (m.config.enabled || !templates.run) continue;
    if (m.cached) templates.run.next.set(m.file.path, m.cached);
    else if (m.reads && !m.reads.volatile) templates.run.next.set(m.file.path, cacheEntry(m.file, m.parse, undefined, m.reads, undefined, templates.macroKey));
  }
  const inDatabase = relationDatabase(project, options.target);
  const disabledNodes: CompiledNode[] = [];
  const sourceAndIngestNodes = compileSources(project, inDatabase, disabledNodes);
  const sources = sourceAndIngestNodes.filter((n) => n.resourceType === 'source');
  const namer = relationNamer(macros, () => buildContext(inputs('macros (relation names)', false), {
    ref: () => { throw new Error('ref() cannot be used while naming relations'); },
    source: () => { throw new Error('source() cannot be used while naming relations'); },
    config: () => undefined,
    isIncremental: () => false,
    self: '',
  }), { schema: options.target.schema, database: options.target.database }, diagnostics, inDatabase);
  const seeds = compileSeeds(project, namer, disabledNodes);
  checkReferences(project, parsed, seeds, sources, disabled, diagnostics);
  checkMaterializations(parsed, project.modelFolders, macros.names, options.target.type, diagnostics);
  checkAccess(project, parsed, diagnostics);
  checkEngineConfig(project, parsed, seeds, options.target.type, diagnostics);
  checkDatabaseConfig(project, parsed, seeds, options.target, diagnostics);
  checkVersionFiles(project, diagnostics);
  throwIfErrors(diagnostics);

  const relations = new Map<string, Relation | undefined>();
  const idByName = new Map<string, string>();
  for (const node of seeds) {
    relations.set(node.uniqueId, node.relation);
    idByName.set(node.name, node.uniqueId);
  }
  for (const m of parsed) {
    const id = modelNodeId(project, m.kind, m.file.name, packageOf(m.file));
    const builds = m.kind === 'model' && m.config.materialized !== 'ephemeral';
    // dbt's default alias for a version is <name>_v<N>, whichever file defines it.
    const version = m.kind === 'model' ? project.modelVersions.get(m.file.name) : undefined;
    const named = () => namer({ name: version ? `${version.name}_v${version.version}` : m.file.name, resourceType: m.kind, uniqueId: id, packageName: packageOf(m.file), fqn: m.file.fqn, path: m.file.path, config: m.config });
    relations.set(id, m.kind === 'snapshot' ? snapshotRelation(m.file.name, m.config, named, inDatabase) : builds ? named() : undefined);
    if (m.kind === 'model' || m.kind === 'snapshot') idByName.set(m.file.name, id);
  }
  checkRelationClashes([
    ...seeds.map((n) => ({ kind: 'seed' as const, name: n.name, file: n.path, relation: n.relation! })),
    ...ingestWriters(project, createLineFinder(project.root)),
    ...parsed.filter((m) => relations.get(modelNodeId(project, m.kind, m.file.name, packageOf(m.file)))).map((m) => ({
      kind: 'model' as const, name: m.file.name, file: m.file.path,
      line: lineOfMatch(m.file.text, /\b(alias|schema)\s*=/), relation: relations.get(modelNodeId(project, m.kind, m.file.name, packageOf(m.file)))!,
    })),
  ], diagnostics);
  throwIfErrors(diagnostics);
  const sourceIds = new Map(sources.map((s) => [`${s.sourceName}.${s.name}`, s]));

  const skeletons = parsed.map((m): Skeleton => {
    const id = modelNodeId(project, m.kind, m.file.name, packageOf(m.file));
    const dependsOn = [
      ...new Set([
        ...m.refs.map((r) => idByName.get(r.name)!),
        ...m.sources.map(([s, t]) => sourceIds.get(`${s}.${t}`)!.uniqueId),
      ]),
    ];
    return { id, model: m, dependsOn };
  });
  const skeletonFacts = (s: Skeleton): NodeFacts => {
    const props = s.model.kind === 'model' ? project.modelProperties.get(s.model.file.name) : undefined;
    return {
      uniqueId: s.id, resourceType: s.model.kind, name: s.model.file.name, packageName: packageOf(s.model.file), path: s.model.file.path, fqn: s.model.file.fqn,
      config: s.model.config, relation: relations.get(s.id), rawCode: s.model.file.text, dependsOn: { nodes: s.dependsOn, macros: [] },
      refs: s.model.refs, sources: s.model.sources, ...describe(props?.value), patchPath: props?.file,
    };
  };
  compiledFacts = () => [...seeds, ...sourceAndIngestNodes, ...skeletons.map(skeletonFacts)];
  // dbt lists disabled models, snapshots and analyses in the manifest's `disabled`: parsed, named, not compiled.
  for (const m of allParsed) {
    if (m.config.enabled || m.kind === 'test') continue;
    const id = modelNodeId(project, m.kind, m.file.name, packageOf(m.file));
    const named = () => namer({ name: m.file.name, resourceType: m.kind, uniqueId: id, packageName: packageOf(m.file), fqn: m.file.fqn, path: m.file.path, config: m.config });
    const relation = m.kind === 'snapshot' ? snapshotRelation(m.file.name, m.config, named, inDatabase)
      : m.kind === 'model' && m.config.materialized !== 'ephemeral' ? named() : undefined;
    const facts = skeletonFacts({ id, model: m, dependsOn: [] });
    disabledNodes.push(Object.freeze({
      ...facts, absolutePath: m.file.absolutePath, relation, description: facts.description ?? '', columns: facts.columns ?? {},
      patchPath: facts.patchPath, rawCode: m.file.text, compiledCode: '', incrementalCode: undefined, dependsOn: { nodes: [], macros: [] },
      refs: m.refs, sources: m.sources,
    }));
  }
  let order: string[];
  let dag: Dag;
  try {
    dag = buildDag([
      ...seeds.map(toGraphNode),
      ...sourceAndIngestNodes.map(toGraphNode),
      ...skeletons.map((s) =>
        toGraphNode({ uniqueId: s.id, resourceType: s.model.kind, name: s.model.file.name, packageName: packageOf(s.model.file),
          path: s.model.file.path, fqn: s.model.file.fqn, config: s.model.config, dependsOn: { nodes: s.dependsOn },
          ...(s.model.kind === 'model' ? versionFields(project, s.model.file) : {}) }),
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
  const scope: CompileScope = {
    project, options, env, macros, diagnostics, inputs, varsFor, packageOf, relations, idByName, sourceIds,
    input: (relation) => RelationValue.of(relation, options.quoteRelation, options.empty),
  };
  renderNodes(scope, { templates, calls, order, skeletons, skeletonFacts, compiled });
  throwIfErrors(diagnostics);

  // Generic tests from properties files join the graph once every relation is known.
  const { tests, unitTests, byName, sourcesByName } = compileProjectTests(scope, compiled, sources, parsed);
  const macroEntries = compiledMacros(project, macros.packages, calls, diagnostics);
  // Warnings do not stop the compile, but a person must see them (a yml entry naming no node was lost).
  for (const d of diagnostics) if (d.severity === 'warning') options.logger.log({ level: 'warn', code: 'project_warning', message: warningLine(d) });
  const semantic = compileSemanticLayer(project, byName, diagnostics);
  const exposures = compileExposures(project, byName, sourcesByName, semantic, diagnostics);
  throwIfErrors(diagnostics);
  const generic = withTestMacros(tests, calls, macros.packages, project.name);
  if (semantic.length > 0) options.logger.log({ level: 'warn', code: 'semantic_layer_not_executed', message: semanticLayerNotice(semantic) });
  const added = [...generic, ...unitTests, ...exposures, ...semantic];
  for (const node of added) compiled.set(node.uniqueId, node);
  if (added.length > 0) dag = buildDag([...compiled.values()].map(toGraphNode));
  const compiledProject: CompiledProject = {
    projectName: project.name,
    nodes: compiled,
    disabled: disabledNodes,
    dag,
    macros: macroEntries,
    groups: project.groups.map(({ value, file }) => ({ uniqueId: `group.${project.name}.${value.name}`, name: value.name, path: file, owner: value.owner, description: value.description, meta: value.config?.meta ?? {} })),
    docs: project.docBlocks.map((d) => ({ uniqueId: `doc.${project.name}.${d.name}`, name: d.name, path: d.path, contents: d.contents })),
    ...(templates.run ? { templateCache: { key: cacheKey!, macros: macroSet!, entries: templates.run.next, parsed: templates.run.parsed, rendered: templates.run.rendered, reused: templates.run.reused } } : {}),
  };
  return { compiled: compiledProject, kept: { scope, templates, calls, skeletons: new Map(skeletons.map((s) => [s.model.file.path, s])), skeletonFacts } };
}
