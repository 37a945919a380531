import { compileTimeBatch } from './microbatch-config.js';
import type { Diagnostic } from '../core/diagnostics.js';
import { DiagnosticsError, formatDiagnostic, throwIfErrors } from '../core/diagnostics.js';
import type { Logger } from '../core/logger.js';
import { buildDag, CycleError, topologicalOrder, type Dag } from '../graph/index.js';
import { folderConfigFor } from '../project/folder-config.js';
import { packageNameOf, varsByPath } from '../project/package-scope.js';
import type { NodeConfigInput } from '../project/schemas.js';
import type { Project, SqlFile } from '../project/types.js';
import { buildContext, newReads, raisedByTemplate, READS_INVOCATION, type ContextInputs, type Invocation, type TemplateReads } from './context.js';
import { graphDict, nodeDict, type NodeFacts } from './node-dict.js';
import { lazyDict, newScope } from '../dbt-context/index.js';
import { cteName, ephemeralCtes, injectCtes } from './ephemeral.js';
import { loadMacroLibrary, packageOptions } from './macros.js';
import { macroCallIndex } from './macro-calls.js';
import { compiledMacros, withTestMacros } from './macro-entries.js';
import { customTestNames, findCustomTest, projectTestNames } from './custom-tests.js';
import { builtinMacroFiles } from './builtin-macros.js';
import { compileSeeds, compileSources, describe } from './other-nodes.js';
import { invocationInputs } from './invocation-inputs.js';
import { RelationValue, type EmptyRelation } from './relation-value.js';
import { renderConfigValue, renderCustomTest } from './custom-test-render.js';
import { checkReferences, type ParsedRefs } from './references.js';
import { lineOfMatch, resolveConfig, validateInlineConfig } from './resolve-config.js';
import { relationNamer } from './relation-naming.js';
import { snapshotRelation } from './snapshot-config.js';
import { createEnvironment, prepareTemplate, templateDiagnostic, type PreparedTemplate } from './template.js';
import { toGraphNode } from './graph-node.js';
import { compileGenericTests } from './compile-tests.js';
import { compileContract } from './contracts.js';
import { compileExposures } from './exposures.js';
import { compileSemanticLayer, semanticLayerNotice } from './semantic-layer.js';
import { checkAccess } from './access.js';
import { warnIgnoredIndexes } from './indexes-config.js';
import { noteIgnoredProperties } from './properties-config.js';
import { checkDatabaseConfig } from './database-config.js';
import { compileUnitTests } from './compile-unit-tests.js';
import { createLineFinder } from './property-lines.js';
import { analysisFields } from './analysis-node.js';
import { checkVersionFiles, modelNodeId, refKey, refTarget, versionFields } from './model-versions.js';
import { addMacros, parseModel, type ParsedModel, type Templates } from './parse-model.js';
import {
  cacheEntry, macroKeys, parseStillValid, renderStillValid, sha256,
  type CachedParse, type CachedRender, type CachedTemplate, type TemplateCache, type TemplateCacheRun,
} from './render-cache.js';
import { checkRelationClashes, ingestWriters } from './relation-clashes.js';
import { checkMaterializations } from './materialization-blocks.js';
import type { CompiledNode, CompiledProject, Relation, ResolvedConfig } from './types.js';

export interface CompileOptions {
  readonly target: {
    readonly name: string; readonly type: string; readonly schema: string; readonly threads?: number | undefined; readonly database?: string | undefined;
    /** The adapter's settings (only DuckDB's `attach` aliases are read, for messages). */
    readonly config?: Readonly<Record<string, unknown>> | undefined;
  };
  /** The engine's relation quoting (from the adapter's dialect, which needs no connection). */
  readonly quoteRelation: (relation: Relation) => string;
  readonly quoteIdentifier?: (name: string) => string;
  readonly quoteLiteral?: (value: string) => string;
  /** The engine's implementations of the cross-database macros (`<type>__dateadd`, ...). */
  readonly adapterMacros?: string;
  /** Unit tests run in DuckDB: an engine whose SQL DuckDB cannot read renders them with DuckDB's macros. */
  readonly unitTestMacros?: { readonly type: string; readonly macros: string };
  /** `--vars` from the command line, over project.yml's `vars`. */
  readonly vars?: Readonly<Record<string, unknown>>;
  readonly env?: NodeJS.ProcessEnv;
  readonly runStartedAt?: Date;
  readonly logger: Logger;
  /** `--defer`: nodes whose `ref()` reads another environment's relation (from `--state`). */
  readonly deferredRelations?: ReadonlyMap<string, Relation>;
  /** `invocation_id`, `flags` and `dbt_version` for templates. */
  readonly invocation?: Invocation | undefined;
  /** `--empty`: every ref and source reads no rows (see relation-value.ts); `this` is untouched. */
  readonly empty?: EmptyRelation | undefined;
  /** The partial-parse cache from the last compile: templates whose inputs are unchanged are reused. */
  readonly cache?: TemplateCache | undefined;
}

/**
 * Project -> compiled nodes, in two passes over each template: the first records `config()`,
 * `ref()` and `source()`; once every node's config (so its relation) and the DAG are known, the
 * second renders the real SQL. All mistakes are collected and thrown together.
 */
export function compileProject(project: Project, options: CompileOptions): CompiledProject {
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
    // Built on first read from what is known before rendering (configs, relations, refs; no SQL yet).
    graph: () => graphDict([...compiledFacts()], options.target.database, options.quoteRelation),
  };
  let compiledFacts: () => Iterable<NodeFacts> = () => [];
  // A package's nodes see its vars (and are named in its namespace); the project's nodes, the project's.
  const varsFor = varsByPath(project, options.vars);
  const packageOf = (file: { readonly path: string }) => packageNameOf(project, file.path);
  let readInvocation: boolean | undefined;
  const macrosReadInvocation = () => (readInvocation ??= project.macros.some((f) => READS_INVOCATION.test(f.text)));
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
  const inputs = (file: string, emitLogs: boolean, reads?: TemplateReads, execute = true): ContextInputs => ({ ...shared, vars: varsFor(file), file, emitLogs, reads, execute });
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
  const sourceAndIngestNodes = compileSources(project);
  const sources = sourceAndIngestNodes.filter((n) => n.resourceType === 'source');
  const namer = relationNamer(macros, () => buildContext(inputs('macros (relation names)', false), {
    ref: () => { throw new Error('ref() cannot be used while naming relations'); },
    source: () => { throw new Error('source() cannot be used while naming relations'); },
    config: () => undefined,
    isIncremental: () => false,
    self: '',
  }), { schema: options.target.schema, database: options.target.database }, diagnostics);
  const seeds = compileSeeds(project, namer);
  checkReferences(project, parsed, seeds, sources, disabled, diagnostics);
  checkMaterializations(parsed, project.modelFolders, macros.names, options.target.type, diagnostics);
  checkAccess(project, parsed, diagnostics);
  warnIgnoredIndexes(project, parsed, seeds, options.target.type, diagnostics);
  noteIgnoredProperties(project, parsed, seeds, options.target.type, options.logger);
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
    relations.set(id, m.kind === 'snapshot' ? snapshotRelation(m.file.name, m.config, named) : builds ? named() : undefined);
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

  const skeletons = parsed.map((m) => {
    const id = modelNodeId(project, m.kind, m.file.name, packageOf(m.file));
    const dependsOn = [
      ...new Set([
        ...m.refs.map((r) => idByName.get(r.name)!),
        ...m.sources.map(([s, t]) => sourceIds.get(`${s}.${t}`)!.uniqueId),
      ]),
    ];
    return { id, model: m, dependsOn };
  });
  const skeletonFacts = (s: (typeof skeletons)[number]): NodeFacts => {
    const props = s.model.kind === 'model' ? project.modelProperties.get(s.model.file.name) : undefined;
    return {
      uniqueId: s.id, resourceType: s.model.kind, name: s.model.file.name, packageName: packageOf(s.model.file), path: s.model.file.path, fqn: s.model.file.fqn,
      config: s.model.config, relation: relations.get(s.id), rawCode: s.model.file.text, dependsOn: { nodes: s.dependsOn, macros: [] },
      refs: s.model.refs, sources: s.model.sources, ...describe(props?.value), patchPath: props?.file,
    };
  };
  compiledFacts = () => [...seeds, ...sourceAndIngestNodes, ...skeletons.map(skeletonFacts)];
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
  const skeletonById = new Map(skeletons.map((s) => [s.id, s]));
  const quote = (relation: Relation) => RelationValue.of(relation, options.quoteRelation);
  // What a ref or source reads: nothing under --empty.
  const input = (relation: Relation) => RelationValue.of(relation, options.quoteRelation, options.empty);
  const findLine = createLineFinder(project.root);
  // What a ref or source prints as is the same for every template: checked once per name.
  const refStrings = new Map<string, string>();
  const sourceStrings = new Map<string, string>();
  const printed = (known: Map<string, string>, key: string, resolve: (key: string) => unknown) => {
    let value = known.get(key);
    if (value === undefined) known.set(key, (value = String(resolve(key))));
    return value;
  };
  for (const id of order) {
    const skeleton = skeletonById.get(id);
    if (!skeleton) continue;
    const m = skeleton.model;
    const relation = relations.get(id);
    const resolveRef = (key: string) => {
      const name = refTarget(project, key);
      const target = idByName.get(name)!;
      const targetRelation = options.deferredRelations?.get(target) ?? relations.get(target);
      return targetRelation ? input(targetRelation) : cteName(name);
    };
    const resolveSource = (key: string) => input(sourceIds.get(key)!.relation!);
    const self = relation ? quote(relation) : cteName(m.file.name);
    const withIncremental = m.usesIncremental && m.config.materialized === 'incremental';
    const reused = m.cached?.render && renderStillValid(m.cached.render, {
      self: String(self), incremental: withIncremental, ref: (name) => printed(refStrings, name, resolveRef), source: (key) => printed(sourceStrings, key, resolveSource),
    }) ? m.cached.render : undefined;
    let rendered: CachedRender;
    if (reused) {
      for (const event of reused.logs ?? []) options.logger.log(event);
      rendered = reused;
    } else {
      const reads = templates.run && m.kind !== 'snapshot' ? m.reads ?? newReads() : undefined;
      const logsFrom = reads?.logs.length ?? 0;
      const seen = { refs: {} as Record<string, string>, sources: {} as Record<string, string> };
      let introspective = false;
      const render = (incremental: boolean, execute = !introspective): string => {
        const scope = newScope(execute, undefined);
        const context = buildContext({ ...inputs(m.file.path, !incremental && execute, reads), scope }, {
          ref: (name, _pkg, version) => {
            const key = refKey(name, version);
            const value = resolveRef(key);
            seen.refs[key] = String(value);
            return value;
          },
          source: (s, t) => {
            const value = resolveSource(`${s}.${t}`);
            seen.sources[`${s}.${t}`] = String(value);
            return value;
          },
          config: () => undefined,
          isIncremental: () => incremental,
          self,
          model: lazyDict(() => ({ ...nodeDict(skeletonFacts(skeleton), options.target.database, options.quoteRelation), ...compileTimeBatch(m.config) })),
          configValue: (key) => m.config[key],
        });
        if (m.usesMacros) addMacros(context, macros.exportFor(context, m.file.path, packageOf(m.file)));
        try {
          return m.template().render(context);
        } catch (error) {
          // It asked the warehouse: compile shows what dbt's parse sees (execute false); a run renders it again.
          // So does a node that raises only when `execute` is true (`{% if execute %}{{ exceptions.raise_compiler_error(...) }}`):
          // as in dbt, the error is the node's when it is selected and runs, not the whole project's.
          const raisedWhenExecuting = raisedByTemplate(error);
          if ((!scope.introspected && !raisedWhenExecuting) || !execute) throw error;
          introspective = true;
          if (reads) reads.volatile = true;
          return render(incremental, false);
        }
      };
      try {
        const sql = render(false);
        const incrementalSql = withIncremental ? render(true) : undefined;
        const logs = reads?.logs.slice(logsFrom) ?? [];
        rendered = {
          self: String(self), sql,
          ...(withIncremental ? { incremental: true as const } : {}),
          ...(incrementalSql !== undefined ? { incrementalSql } : {}),
          ...(Object.keys(seen.refs).length > 0 ? { refs: seen.refs } : {}),
          ...(Object.keys(seen.sources).length > 0 ? { sources: seen.sources } : {}),
          ...(logs.length > 0 ? { logs } : {}),
          ...(introspective ? { introspective: true as const } : {}),
        };
      } catch (error) {
        diagnostics.push(templateDiagnostic(error, m.file.path, { knownNames: macros.names, phase: 'render', text: m.file.text }));
        continue;
      }
      if (reads && (READS_INVOCATION.test(m.file.text) || (m.usesMacros && macrosReadInvocation()))) reads.volatile = true;
      if (templates.run && reads) {
        templates.run.rendered++;
        if (!reads.volatile) templates.run.next.set(m.file.path, cacheEntry(m.file, m.parse, rendered, reads, m.cached, templates.macroKey));
      }
    }
    if (reused && templates.run) {
      templates.run.reused++;
      templates.run.next.set(m.file.path, m.cached!);
    }
    const ctes = ephemeralCtes(skeleton.dependsOn, compiled);
    const compiledCode = injectCtes(rendered.sql, ctes);
    const incrementalCode = rendered.incrementalSql === undefined ? undefined : injectCtes(rendered.incrementalSql, ctes);
    const props = m.kind === 'model' ? project.modelProperties.get(m.file.name) : m.kind === 'snapshot' ? project.snapshotProperties.get(m.file.name) : undefined;
    const contract = m.kind === 'model' ? compileContract({ name: m.file.name, path: m.file.path, config: m.config }, props, findLine, diagnostics) : undefined;
    compiled.set(id, Object.freeze({
      uniqueId: id,
      resourceType: m.kind,
      name: m.file.name,
      packageName: packageOf(m.file),
      path: m.file.path,
      absolutePath: m.file.absolutePath,
      fqn: m.file.fqn,
      config: m.config,
      relation,
      ...(m.kind === 'model' ? versionFields(project, m.file) : {}),
      ...describe(props?.value),
      patchPath: props?.file,
      // A snapshot block's template starts with blank lines for the text before it (see project/snapshot-files.ts).
      rawCode: m.kind === 'snapshot' ? m.file.text.trimStart() : m.file.text,
      compiledCode,
      incrementalCode,
      dependsOn: { nodes: skeleton.dependsOn, macros: m.usesMacros ? calls.callsIn(m.file.text, project.name) : [] },
      refs: m.refs,
      sources: m.sources,
      ...(rendered.introspective ? { renderAtExecution: true as const } : {}),
      ...(contract ? { contract } : {}),
      ...(m.snapshot ? { snapshot: m.snapshot } : {}),
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
  const byName = new Map([...compiled.values()].filter((n) => n.resourceType === 'model' || n.resourceType === 'seed' || n.resourceType === 'snapshot').map((n) => [n.name, deferred(n)]));
  const sourcesByName = new Map(sources.map((n) => [`${n.sourceName}.${n.name}`, n]));
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
  const modelsByName = new Map(parsed.filter((m) => m.kind === 'model').map((m) => [m.file.name, m]));
  const sandbox = options.unitTestMacros;
  const unitMacros = sandbox && project.unitTests.length > 0
    ? loadMacroLibrary(env, project.macros, diagnostics, { builtins: builtinMacroFiles(sandbox.macros), adapterType: sandbox.type, lazy: false, ...packageOptions(project) })
    : macros;
  const unitTests = compileUnitTests(project, byName, sourcesByName, options.quoteRelation, (name, hooks) => {
    const m = modelsByName.get(name)!;
    const context = buildContext({ ...inputs(m.file.path, false), vars: { ...varsFor(m.file.path), ...hooks.vars }, env: { ...shared.env, ...hooks.env } }, {
      ref: hooks.ref, source: hooks.source, config: () => undefined, isIncremental: () => hooks.incremental, self: hooks.self,
    });
    if (m.usesMacros || unitMacros !== macros) addMacros(context, unitMacros.exportFor(context, m.file.path));
    return m.template().render(withMacroOverrides(context, hooks.macros));
  }, diagnostics);
  throwIfErrors(diagnostics);
  const macroEntries = compiledMacros(project, macros.packages, calls, diagnostics);
  // Warnings do not stop the compile, but a person must see them (a yml entry naming no node was lost).
  for (const d of diagnostics) if (d.severity === 'warning') options.logger.log({ level: 'warn', code: 'project_warning', message: formatDiagnostic(d).replace(/^Warning in /, '') });
  const exposures = compileExposures(project, byName, sourcesByName, diagnostics);
  const semantic = compileSemanticLayer(project, byName, diagnostics);
  throwIfErrors(diagnostics);
  const generic = withTestMacros(tests, calls, macros.packages, project.name);
  if (semantic.length > 0) options.logger.log({ level: 'warn', code: 'semantic_layer_not_executed', message: semanticLayerNotice(semantic) });
  for (const test of [...generic, ...unitTests, ...exposures]) compiled.set(test.uniqueId, test);
  if (tests.length + unitTests.length + exposures.length > 0) dag = buildDag([...compiled.values()].map(toGraphNode));
  return {
    projectName: project.name,
    nodes: compiled,
    dag,
    ...(semantic.length > 0 ? { semantic } : {}),
    macros: macroEntries,
    groups: project.groups.map(({ value, file }) => ({ uniqueId: `group.${project.name}.${value.name}`, name: value.name, path: file, owner: value.owner, description: value.description, meta: value.config?.meta ?? {} })),
    docs: project.docBlocks.map((d) => ({ uniqueId: `doc.${project.name}.${d.name}`, name: d.name, path: d.path, contents: d.contents })),
    ...(templates.run ? { templateCache: { key: cacheKey!, macros: macroSet!, entries: templates.run.next, parsed: templates.run.parsed, rendered: templates.run.rendered, reused: templates.run.reused } } : {}),
  };
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
