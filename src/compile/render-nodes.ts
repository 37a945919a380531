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
import { cacheEntry, renderStillValid, type CachedRender } from './render-cache.js';
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
 * compileProject's second pass: renders each template's SQL in DAG order, so an ephemeral model's
 * SQL is ready before anyone inlines it, reusing the partial-parse cache where its inputs are unchanged.
 */
export function renderNodes(scope: CompileScope, pass: RenderPass): void {
  const { project, options, macros, diagnostics, inputs, relations, idByName, sourceIds, input, packageOf } = scope;
  const { templates, calls, order, skeletons, skeletonFacts, compiled } = pass;
  let readInvocation: boolean | undefined;
  const macrosReadInvocation = () => (readInvocation ??= project.macros.some((f) => READS_INVOCATION.test(f.text)));
  const skeletonById = new Map(skeletons.map((s) => [s.id, s]));
  const quote = (relation: Relation) => RelationValue.of(relation, options.quoteRelation);
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
        const template = m.template();
        const context = (template.isStatic ? staticContext : buildContext)({ ...inputs(m.file.path, !incremental && execute, reads), scope, varMacros: varMacros(macros, m.file.path, packageOf(m.file), reads) }, {
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
      // An ephemeral model that asks the warehouse is rendered again inside whatever reads it.
      ...(rendered.introspective || skeleton.dependsOn.some((d) => compiled.get(d)?.config.materialized === 'ephemeral' && compiled.get(d)?.renderAtExecution) ? { renderAtExecution: true as const } : {}),
      ...(contract ? { contract } : {}),
      ...(m.snapshot ? { snapshot: m.snapshot } : {}),
      ...(m.kind === 'test' ? { test: { type: 'singular' as const, name: m.file.name, attachedNode: undefined, columnName: undefined } } : {}),
      ...(m.kind === 'analysis' ? analysisFields(project.analysisProperties.get(m.file.name)) : {}),
    }) satisfies CompiledNode);
  }
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
