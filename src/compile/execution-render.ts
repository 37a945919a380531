import { formatDiagnostic, throwIfErrors, type Diagnostic } from '../core/diagnostics.js';
import { WeirError } from '../core/errors.js';
import type { LogEvent } from '../core/logger.js';
import type { Project, SqlFile } from '../project/types.js';
import { AwaitWarehouse, newScope, WarehouseReplay, type Warehouse } from '../dbt-context/index.js';
import { builtinMacroFiles } from './builtin-macros.js';
import type { CompileOptions } from './compile-project.js';
import { buildContext, CompilerError } from './context.js';
import { cteName, ephemeralCtes, injectCtes } from './ephemeral.js';
import { loadMacroLibrary, packageOptions, type MacroLibrary } from './macros.js';
import { renderCustomTest } from './custom-test-render.js';
import { graphDict, nodeDict } from './node-dict.js';
import { addMacros } from './parse-model.js';
import { RelationValue, runStartedAtValue } from './relation-value.js';
import { createEnvironment, prepareTemplate, templateDiagnostic } from './template.js';
import type { CompiledNode, CompiledProject, Relation } from './types.js';

/** Renders a node again with `execute` true, its questions answered by the warehouse (dbt's execution-time render). */
export type ExecutionRenderer = (node: CompiledNode, warehouse: Warehouse) => Promise<CompiledNode>;

/**
 * dbt renders a model's SQL again when it runs it; weir does so only for the nodes compile marked
 * `renderAtExecution` (their templates ask the warehouse), so a plain model costs nothing more.
 * The macros are compiled on the first such node.
 */
export function executionRenderer(project: Project, compiled: CompiledProject, options: CompileOptions): ExecutionRenderer {
  let macros: MacroLibrary | undefined;
  let environment: ReturnType<typeof createEnvironment> | undefined;
  const setup = () => {
    environment ??= createEnvironment();
    if (!macros) {
      const diagnostics: Diagnostic[] = [];
      macros = loadMacroLibrary(environment, project.macros, diagnostics, { builtins: builtinMacroFiles(options.adapterMacros ?? ''), adapterType: options.target.type, ...packageOptions(project) });
      throwIfErrors(diagnostics);
    }
    return { env: environment, macros };
  };
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
  const relationOf = (n: CompiledNode): Relation | undefined => options.deferredRelations?.get(n.uniqueId) ?? n.relation;
  const quote = (r: Relation) => RelationValue.of(r, options.quoteRelation);
  const shared = {
    vars: { ...project.vars, ...options.vars },
    env: options.env ?? process.env,
    target: { ...options.target, profile_name: project.name },
    runStartedAt: runStartedAtValue(options.runStartedAt ?? new Date()),
    invocation: options.invocation,
    quoteIdentifier: options.quoteIdentifier,
    database: options.target.database,
    graph: () => graphDict(compiled.nodes.values(), options.target.database, options.quoteRelation),
  };

  return async (node, warehouse) => {
    const test = node.test;
    const call = test?.call;
    if (test && call && test.attachedRelation) {
      // A custom generic test that asks the warehouse (dbt_utils.equality reads the columns).
      const { env, macros: library } = setup();
      const tested = test.attachedRelation;
      const replay = new WarehouseReplay(warehouse);
      const sql = await replay.render(() => renderCustomTest({
        env: () => env,
        macros: library,
        context: { ...shared, file: node.path, logger: options.logger, emitLogs: true },
        ref: (name) => quote(relationOf(byName.get(name)!)!),
        source: (s, t) => quote(sources.get(`${s}.${t}`)!.relation!),
        replay,
      }, test.name, call, tested).sql);
      return Object.freeze({ ...node, compiledCode: sql });
    }
    const file = files.get(`${node.resourceType}:${node.name}`);
    if (!file) throw new WeirError(`${node.path}: cannot render '${node.name}' again at execution (no template for a ${node.resourceType})`);
    const { env, macros: library } = setup();
    const template = prepareTemplate(env, file.text, file.path);
    const replay = new WarehouseReplay(warehouse);
    let logs: LogEvent[] = [];
    const renderOnce = (incremental: boolean) => {
      logs = [];
      const context = buildContext({ ...shared, file: file.path, logger: { log: (e) => void logs.push(e) }, emitLogs: !incremental, scope: newScope(true, replay) }, {
        ref: (name) => {
          const target = byName.get(name);
          if (target && !node.dependsOn.nodes.includes(target.uniqueId)) {
            // As dbt: a ref reached only when `execute` is true is no dependency, so it may not be built yet.
            throw new CompilerError(`ref('${name}') was not seen while parsing (it is inside {% if execute %} or a statement block), so '${node.name}' may run before '${name}' is built. Add this line at the top of ${file.path}: -- depends_on: {{ ref('${name}') }}`);
          }
          const relation = target && relationOf(target);
          return relation ? quote(relation) : cteName(name);
        },
        source: (s, t) => quote(sources.get(`${s}.${t}`)!.relation!),
        config: () => undefined,
        isIncremental: () => incremental,
        self: node.relation ? quote(node.relation) : cteName(node.name),
        model: nodeDict(node, options.target.database, options.quoteRelation),
        configValue: (key) => node.config[key],
      });
      addMacros(context, library.exportFor(context, file.path));
      return template.render(context);
    };
    const render = async (incremental: boolean) => {
      try {
        const sql = await replay.render(() => renderOnce(incremental));
        for (const event of logs) options.logger.log(event);
        return sql;
      } catch (error) {
        if (error instanceof WeirError || error instanceof AwaitWarehouse) throw error;
        throw new WeirError(formatDiagnostic(templateDiagnostic(error, file.path, { knownNames: library.names, phase: 'render', text: file.text })));
      }
    };
    const ctes = ephemeralCtes(node.dependsOn.nodes, compiled.nodes);
    const sql = await render(false);
    const incrementalSql = node.incrementalCode === undefined ? undefined : await render(true);
    return Object.freeze({ ...node, compiledCode: injectCtes(sql, ctes), incrementalCode: incrementalSql === undefined ? undefined : injectCtes(incrementalSql, ctes) });
  };
}
