import { throwIfErrors, type Diagnostic } from '../core/diagnostics.js';
import type { LogEvent, Logger } from '../core/logger.js';
import { varsByPath } from '../project/package-scope.js';
import type { Project, SqlFile } from '../project/types.js';
import type { DbtScope } from '../dbt-context/index.js';
import { builtinMacroFiles } from './builtin-macros.js';
import type { CompileOptions } from './compile-options.js';
import { buildContext, CompilerError, type ContextInputs, type TemplateHooks } from './context.js';
import { cteName } from './ephemeral.js';
import { loadMacroLibrary, packageOptions, type MacroLibrary } from './macros.js';
import { MATERIALIZATION_MACROS_FILE } from './materialization-macros.js';
import { graphDict, nodeDict } from './node-dict.js';
import { addMacros } from './parse-model.js';
import { invocationInputs } from './invocation-inputs.js';
import { RelationValue } from './relation-value.js';
import { batchDict } from './microbatch-config.js';
import { createEnvironment } from './template.js';
import type { CompiledNode, CompiledProject, Relation } from './types.js';

/** What renders at execution share: the macros (with dbt's materialization helpers), node lookups, the context. */
export interface ExecutionContexts {
  setup(): { env: ReturnType<typeof createEnvironment>; macros: MacroLibrary };
  /** The template file of a model, test, analysis or snapshot node. */
  fileOf(node: CompiledNode): SqlFile | undefined;
  /** What a custom generic test's render needs besides the macros (see custom-test-render.ts). */
  testInputs(node: CompiledNode, logger: Logger): { context: ContextInputs; ref: (name: string) => unknown; source: (s: string, t: string) => unknown };
  /** dbt's execution context for `node`, with the macros bound (`extra` names first, so a macro cannot hide them). */
  contextFor(node: CompiledNode, file: string, scope: DbtScope, logs: LogEvent[], more: { incremental?: boolean; self?: unknown; clock?: () => Date; extra?: Record<string, unknown>; batch?: BatchContext }): Record<string, unknown>;
}

/**
 * One batch of a microbatch model: what `model.batch` holds, and how an upstream relation with an
 * `event_time` reads only the batch's rows (dbt's render_event_time_filtered).
 */
export interface BatchContext {
  readonly id: string;
  readonly start: Date;
  readonly end: Date;
  readonly filter: (rendered: string, identifier: string, column: string) => string;
}

/** The project's macros with dbt's materialization helpers, compiled on first call (see executionMacros). */
export type ExecutionMacros = ExecutionContexts['setup'];

/**
 * The macros of renders at execution, compiled when first needed: once per run, or once for many
 * runs of the same macros and target (`--watch`: 0.1 s of Jinja compile per save otherwise).
 */
export function executionMacros(project: Pick<Project, 'macros' | 'packages' | 'name' | 'dispatch'>, options: Pick<CompileOptions, 'adapterMacros' | 'target'>): ExecutionMacros {
  let macros: MacroLibrary | undefined;
  let environment: ReturnType<typeof createEnvironment> | undefined;
  return () => {
    environment ??= createEnvironment();
    if (!macros) {
      const diagnostics: Diagnostic[] = [];
      const builtins = [...builtinMacroFiles(options.adapterMacros ?? ''), MATERIALIZATION_MACROS_FILE];
      macros = loadMacroLibrary(environment, project.macros, diagnostics, { builtins, adapterType: options.target.type, ...packageOptions(project) });
      throwIfErrors(diagnostics);
    }
    return { env: environment, macros };
  };
}

/** `setup`: the macros, when already compiled for another run of the same project (see executionMacros). */
export function executionContexts(project: Project, compiled: CompiledProject, options: CompileOptions, setup = executionMacros(project, options)): ExecutionContexts {
  const files = new Map<string, SqlFile>();
  for (const [kind, list] of [['model', project.models], ['test', project.singularTests], ['analysis', project.analyses], ['snapshot', project.snapshots]] as const) {
    for (const file of list) files.set(`${kind}:${file.name}`, file);
  }
  const byName = new Map<string, CompiledNode>();
  const sources = new Map<string, CompiledNode>();
  for (const n of compiled.nodes.values()) {
    if (n.resourceType === 'model' || n.resourceType === 'seed' || n.resourceType === 'snapshot') byName.set(n.name, n);
    if (n.resourceType === 'source') sources.set(`${n.sourceName}.${n.name}`, n);
  }
  // A package's nodes see its vars (see project/package-scope.ts).
  const varsFor = varsByPath(project, options.vars);
  const relationOf = (n: CompiledNode): Relation | undefined => options.deferredRelations?.get(n.uniqueId) ?? n.relation;
  const quote = (r: Relation) => RelationValue.of(r, options.quoteRelation);
  // What a ref or source reads: nothing under --empty.
  const input = (r: Relation) => RelationValue.of(r, options.quoteRelation, options.empty);
  const shared = {
    ...invocationInputs(project, options),
    graph: () => graphDict(compiled.nodes.values(), options.target.database, options.quoteRelation, options.nodePaths),
  };
  return {
    setup,
    testInputs: (node, logger) => ({
      context: { ...shared, vars: varsFor(node.path), file: node.path, logger, emitLogs: true },
      ref: (name) => input(relationOf(byName.get(name)!)!),
      source: (s, t) => input(sources.get(`${s}.${t}`)!.relation!),
    }),
    fileOf: (node) => files.get(`${node.resourceType}:${node.name}`),
    contextFor(node, file, scope, logs, more) {
      const { macros: library } = setup();
      // In a batch of a microbatch model, an upstream with an event_time reads the batch's rows only.
      const batch = more.batch;
      const batchInput = (target: CompiledNode, relation: Relation) => {
        const column = target.config.event_time;
        if (!batch || typeof column !== 'string') return input(relation);
        const rendered = options.quoteRelation(relation);
        return new RelationValue(relation.database ?? null, relation.schema, relation.identifier, rendered, batch.filter(rendered, relation.identifier, column));
      };
      const hooks: TemplateHooks = {
        ref: (name) => {
          const target = byName.get(name);
          if (target && !node.dependsOn.nodes.includes(target.uniqueId)) {
            // As dbt: a ref reached only when `execute` is true is no dependency, so it may not be built yet.
            throw new CompilerError(`ref('${name}') was not seen while parsing (it is inside {% if execute %} or a statement block), so '${node.name}' may run before '${name}' is built. Add this line at the top of ${file}: -- depends_on: {{ ref('${name}') }}`);
          }
          const relation = target && relationOf(target);
          return relation ? batchInput(target, relation) : cteName(name);
        },
        source: (s, t) => batchInput(sources.get(`${s}.${t}`)!, sources.get(`${s}.${t}`)!.relation!),
        config: () => undefined,
        isIncremental: () => more.incremental ?? false,
        self: more.self ?? (node.relation ? quote(node.relation) : cteName(node.name)),
        model: { ...nodeDict(node, options.target.database, options.quoteRelation, options.nodePaths), ...batchDict(more.batch), compiled_code: node.compiledCode, compiled_sql: node.compiledCode, raw_code: node.rawCode },
        configValue: (key) => node.config[key],
      };
      const context = buildContext({ ...shared, vars: varsFor(node.path), file, logger: { log: (e) => void logs.push(e) }, emitLogs: !more.incremental, scope, clock: more.clock }, hooks);
      Object.assign(context, more.extra ?? {});
      addMacros(context, library.exportFor(context, file, node.packageName));
      return context;
    },
  };
}

