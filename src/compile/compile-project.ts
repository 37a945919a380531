import type { Diagnostic } from '../core/diagnostics.js';
import { DiagnosticsError, throwIfErrors, warningLine } from '../core/diagnostics.js';
import { buildDag, CycleError, topologicalOrder, type Dag } from '../graph/index.js';
import type { Project } from '../project/types.js';
import { buildContext } from './context.js';
import { macroCallIndex } from './macro-calls.js';
import { compiledMacros, withTestMacros } from './macro-entries.js';
import { compileSeeds, compileSources, describe } from './other-nodes.js';
import { RelationValue } from './relation-value.js';
import { checkReferences } from './references.js';
import { lineOfMatch } from './resolve-config.js';
import { relationDatabase, relationNamer } from './relation-naming.js';
import { snapshotRelation } from './snapshot-config.js';
import { toGraphNode } from './graph-node.js';
import { compileExposures } from './exposures.js';
import { compileSemanticLayer, semanticLayerNotice } from './semantic-layer.js';
import { checkAccess } from './access.js';
import { checkEngineConfig } from './engine-config.js';
import { checkDatabaseConfig } from './database-config.js';
import { createLineFinder } from './property-lines.js';
import { checkVersionFiles, modelNodeId, versionFields } from './model-versions.js';
import { parseModel, type ParsedModel, type Templates } from './parse-model.js';
import { cacheEntry } from './render-cache.js';
import { checkRelationClashes, ingestWriters } from './relation-clashes.js';
import { checkMaterializations } from './materialization-blocks.js';
import type { CompiledNode, CompiledProject, Relation } from './types.js';
import type { CompileOptions } from './compile-options.js';
import type { CompileScope } from './compile-scope.js';
import { nodeAssembler, renderNodes } from './render-nodes.js';
import { templateSetup } from './compile-setup.js';
import { parseOnPool, renderOnPool, templateJobs } from './parallel-templates.js';
import { skeletonFactsOf, skeletonsOf } from './skeletons.js';
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
  const setup = templateSetup(project, options, diagnostics);
  const { env, macros, templates, inputs, varsFor, packageOf, cacheKey, macroSet } = setup;
  const calls = macroCallIndex(macros.packages, project.name, options.target.type, project.dispatch);
  const jobs = templateJobs(project);
  // The second core only for a cold compile of a big project (a warm one reads its templates from the cache).
  const pool = options.pool && setup.previous === undefined && jobs.length >= options.pool.worker.minTemplates ? options.pool : undefined;
  if (options.pool && !pool) options.pool.worker.close();

  // Snapshots are few and a file may hold several: they skip the partial-parse cache (keyed by file).
  const uncached: Templates = { ...templates, previous: undefined, run: undefined };
  const parseSnapshots = () => project.snapshots.map((file) => parseModel(project, file, 'snapshot', uncached, (reads) => inputs(file.path, false, reads, false), options, diagnostics));
  const shared = pool && parseOnPool(pool, project, setup, jobs);
  // Diagnostics in the single-thread order: models, snapshots, singular tests, analyses.
  const parseJobs = (from: number, to: number) => jobs.slice(from, to).map((job, k) => {
    if (!shared) return setup.parse(job.file, job.kind, diagnostics);
    const result = shared.results[from + k]!;
    diagnostics.push(...result.diagnostics);
    return result.model;
  });
  const allParsed = [
    ...parseJobs(0, project.models.length),
    ...parseSnapshots(),
    ...parseJobs(project.models.length, jobs.length),
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

  const skeletons = skeletonsOf(project, parsed, idByName, sourceIds, packageOf);
  const skeletonFacts = skeletonFactsOf(project, relations, packageOf);
  setup.setFacts(() => [...seeds, ...sourceAndIngestNodes, ...skeletons.map(skeletonFacts)]);
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
  if (pool && shared?.remote) {
    const outcomes = renderOnPool({ ...shared, remote: shared.remote }, pool, scope, { templates, skeletonFacts, order, skeletons });
    const assemble = nodeAssembler(scope, { templates, calls, compiled });
    const byId = new Map(skeletons.map((s) => [s.id, s]));
    for (const id of order) if (byId.has(id)) assemble(byId.get(id)!, outcomes.get(id)!);
  } else {
    renderNodes(scope, { templates, calls, order, skeletons, skeletonFacts, compiled });
  }
  pool?.worker.close();
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
    ...(templates.run ? { templateCache: { key: cacheKey!, macros: macroSet!, entries: templates.run.next, parsed: templates.run.parsed, rendered: templates.run.rendered, reused: templates.run.reused, ...(shared?.remote?.size ? { onWorker: shared.remote.size } : {}) } } : {}),
  };
  return { compiled: compiledProject, kept: { scope, templates, calls, skeletons: new Map(skeletons.map((s) => [s.model.file.path, s])), skeletonFacts } };
}
