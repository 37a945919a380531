import { lazyDict, newScope } from '../dbt-context/index.js';
import type { CompileScope } from './compile-scope.js';
import { buildContext, newReads, raisedByTemplate, READS_INVOCATION, staticContext } from './context.js';
import { compileContract } from './contracts.js';
import { cteName, ephemeralCtes, injectCtes } from './ephemeral.js';
import { analysisFields } from './analysis-node.js';
import type { MacroCallIndex } from './macro-calls.js';
import { compileTimeBatch } from './microbatch-config.js';
import { refKey, refTarget, versionFields } from './model-versions.js';
import { nodeDict, type NodeFacts } from './node-dict.js';
import { describe } from './other-nodes.js';
import { addMacros, varMacros, type ParsedModel, type Templates } from './parse-model.js';
import { createLineFinder } from './property-lines.js';
import { RelationValue } from './relation-value.js';
import { cacheEntry, renderStillValid, type CachedRender, type CachedTemplate } from './render-cache.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { LogEvent, Logger } from '../core/logger.js';
import { templateDiagnostic } from './template.js';
import type { CompiledNode, Relation } from './types.js';

/** A parsed model, snapshot, singular test or analysis with its unique_id and what it depends on. */
export interface Skeleton {
  readonly id: string;
  readonly model: ParsedModel;
  readonly dependsOn: string[];
}

/** What the second pass renders, and with what. */
export interface RenderPass {
  readonly templates: Templates;
  readonly calls: MacroCallIndex;
  /** Every node's unique_id in DAG order. */
  readonly order: readonly string[];
  readonly skeletons: readonly Skeleton[];
  readonly skeletonFacts: (s: Skeleton) => NodeFacts;
  /** Holds the seeds and sources; gets each rendered node. */
  readonly compiled: Map<string, CompiledNode>;
}

/**
 * One template's render, as plain data (a compile worker sends it to the main thread): its SQL, or
 * its error; the log events it emitted (`logs`, when they were collected rather than logged);
 * `entry`, its new partial-parse cache entry; `counted`, whether it counts as rendered again.
 */
export type RenderOutcome =
  | { readonly rendered: CachedRender; readonly reused: boolean; readonly counted: boolean; readonly entry?: CachedTemplate | undefined; readonly logs?: readonly LogEvent[] | undefined }
  | { readonly error: Diagnostic; readonly logs?: readonly LogEvent[] | undefined };

/**
 * compileProject's second pass: renders each template's SQL in DAG order, so an ephemeral model's
 * SQL is ready before anyone inlines it, reusing the partial-parse cache where its inputs are unchanged.
 */
export function renderNodes(scope: CompileScope, pass: RenderPass): void {
  const render = nodeRenderer(scope, pass);
  const assemble = nodeAssembler(scope, pass);
  const skeletonById = new Map(pass.skeletons.map((s) => [s.id, s]));
  for (const id of pass.order) {
    const skeleton = skeletonById.get(id);
    if (skeleton) assemble(skeleton, render(skeleton, scope.options.logger));
  }
}

/**
 * Renders one node's template (both variants of an incremental model) against the relations of
 * what it reads. It reads no other node's SQL: nodes can be rendered in any order, or on a worker.
 */
export function nodeRenderer(scope: CompileScope, pass: Pick<RenderPass, 'templates' | 'skeletonFacts'>): (skeleton: Skeleton, logger: Logger) => RenderOutcome {
  const { project, options, macros, inputs, relations, idByName, sourceIds, input, packageOf } = scope;
  const { templates, skeletonFacts } = pass;
  let readInvocation: boolean | undefined;
  const macrosReadInvocation = () => (readInvocation ??= project.macros.some((f) => READS_INVOCATION.test(f.text)));
  const quote = (relation: Relation) => RelationValue.of(relation, options.quoteRelation);
  // What a ref or source prints as is the same for every template: checked once per name.
  const refStrings = new Map<string, string>();
  const sourceStrings = new Map<string, string>();
  const printed = (known: Map<string, string>, key: string, resolve: (key: string) => unknown) => {
    let value = known.get(key);
    if (value === undefined) known.set(key, (value = String(resolve(key))));
    return value;
  };
  return (skeleton, logger) => {
    const m = skeleton.model;
    const relation = relations.get(skeleton.id);
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
    if (reused) return { rendered: reused, reused: true, counted: false };
    const reads = templates.run && m.kind !== 'snapshot' ? m.reads ?? newReads() : undefined;
    const logsFrom = reads?.logs.length ?? 0;
    const seen = { refs: {} as Record<string, string>, sources: {} as Record<string, string> };
    let introspective = false;
    const render = (incremental: boolean, execute = !introspective): string => {
      const scope = newScope(execute, undefined);
      const template = m.template();
      const context = (template.isStatic ? staticContext : buildContext)({ ...inputs(m.file.path, !incremental && execute, reads), logger, scope, varMacros: varMacros(macros, m.file.path, packageOf(m.file), reads) }, {
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
        model: lazyDict(() => ({ ...nodeDict(skeletonFacts(skeleton), options.target.database, options.quoteRelation, options.nodePaths), ...compileTimeBatch(m.config) })),
        configValue: (key) => m.config[key],
      });
      if (m.usesMacros) addMacros(context, macros.exportFor(context, m.file.path, packageOf(m.file)));
      try {
        return template.render(context);
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
    let rendered: CachedRender;
    try {
      const sql = render(false);
      const incrementalSql = withIncremental ? renderIncremental(() => render(true), () => {
        introspective = true;
        if (reads) reads.volatile = true;
      }, sql) : undefined;
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
      return { error: templateDiagnostic(error, m.file.path, { knownNames: macros.names, phase: 'render', text: m.file.text }) };
    }
    if (reads && (READS_INVOCATION.test(m.file.text) || (m.usesMacros && macrosReadInvocation()))) reads.volatile = true;
    const entry = templates.run && reads && !reads.volatile ? cacheEntry(m.file, m.parse, rendered, reads, m.cached, templates.macroKey) : undefined;
    return { rendered, reused: false, counted: reads !== undefined && templates.run !== undefined, entry };
  };
}

/** Puts a rendered node in `compiled`, in DAG order: ephemeral CTEs in front, its contract, the cache's bookkeeping. */
export function nodeAssembler(scope: CompileScope, pass: Pick<RenderPass, 'templates' | 'calls' | 'compiled'>): (skeleton: Skeleton, outcome: RenderOutcome) => void {
  const { project, options, diagnostics, relations, packageOf } = scope;
  const { templates, calls, compiled } = pass;
  const findLine = createLineFinder(project.root);
  return (skeleton, outcome) => {
    const m = skeleton.model;
    const id = skeleton.id;
    for (const event of outcome.logs ?? []) options.logger.log(event);
    if ('error' in outcome) {
      diagnostics.push(outcome.error);
      return;
    }
    const rendered = outcome.rendered;
    if (outcome.reused) {
      for (const event of rendered.logs ?? []) options.logger.log(event);
      if (templates.run) {
        templates.run.reused++;
        templates.run.next.set(m.file.path, m.cached!);
      }
    } else if (templates.run && outcome.counted) {
      templates.run.rendered++;
      if (outcome.entry) templates.run.next.set(m.file.path, outcome.entry);
    }
    const relation = relations.get(id);
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
      // An ephemeral model that asks the warehouse is rendered again inside whatever reads it.
      ...(rendered.introspective || skeleton.dependsOn.some((d) => compiled.get(d)?.config.materialized === 'ephemeral' && compiled.get(d)?.renderAtExecution) ? { renderAtExecution: true as const } : {}),
      ...(contract ? { contract } : {}),
      ...(m.snapshot ? { snapshot: m.snapshot } : {}),
      ...(m.kind === 'test' ? { test: { type: 'singular' as const, name: m.file.name, attachedNode: undefined, columnName: undefined } } : {}),
      ...(m.kind === 'analysis' ? analysisFields(project.analysisProperties.get(m.file.name)) : {}),
    }) satisfies CompiledNode);
  };
}

/**
 * The `is_incremental()` variant, rendered while compiling with `execute` false. dbt renders that branch
 * only when the model runs on an existing table: one that fails here (it reads `{{ this }}` through
 * run_query, None while compiling) is rendered again at execution, where a real error is the node's.
 */
function renderIncremental(render: () => string, atExecution: () => void, sql: string): string {
  try {
    return render();
  } catch {
    atExecution();
    return sql;
  }
}
