import type { Diagnostic } from '../core/diagnostics.js';
import { didYouMean } from '../core/closest.js';
import { propertiesFolders, ymlFqnPrefix } from '../project/discover.js';
import { semanticFolderConfig } from '../project/semantic-folders.js';
import type { Project, SemanticFolders } from '../project/types.js';
import { parseDependency } from './exposures.js';
import { refKey, refTarget } from './model-versions.js';
import { createLineFinder } from './property-lines.js';
import { toList } from '../project/folder-config.js';
import { resolveConfig } from './resolve-config.js';
import type { CompiledNode, SemanticResourceType } from './types.js';

/**
 * dbt's semantic layer, linked as dbt links it: a semantic model depends on its `model: ref('x')`,
 * a metric on the semantic models of its measures (or, for ratio and derived metrics, on the
 * metrics it combines), a saved query on its metrics. They are nodes of the graph (selectable,
 * walked through by `+metric:x`) that run no SQL; `build` lists saved queries as NO-OP.
 */
export function compileSemanticLayer(project: Project, nodesByName: ReadonlyMap<string, CompiledNode>, diagnostics: Diagnostic[]): CompiledNode[] {
  const findLine = createLineFinder(project.root);
  const folders = propertiesFolders(project.paths);
  const fail = (file: string, line: number | undefined, word: string, message: string, hint?: string) =>
    diagnostics.push({ severity: 'error', file, line: findLine(file, line, word), message, ...(hint ? { hint } : {}) });
  const fqnOf = (file: string, name: string) => [...ymlFqnPrefix(project.name, file, folders), name];
  const node = (kind: SemanticResourceType, file: string, spec: Readonly<Record<string, unknown>> & { name: string }, dependsOn: readonly string[], extra: Partial<CompiledNode> = {}) =>
    semanticNode(project, { kind, file, fqn: fqnOf(file, spec.name), spec, dependsOn: [...new Set(dependsOn)], extra });
  // dbt_project.yml's tree under each entry's own config:; a disabled entry is left out, as dbt leaves it out.
  const enabled = <T extends { readonly value: { readonly name: string; readonly config?: Record<string, unknown> | undefined }; readonly file: string }>(tree: keyof SemanticFolders, list: readonly T[]): T[] =>
    list.map((entry) => {
      const folder = project.semanticFolders ? semanticFolderConfig(project.semanticFolders[tree], fqnOf(entry.file, entry.value.name)) : {};
      const own = entry.value.config ?? {};
      const meta = folder.meta || own.meta ? { meta: { ...(folder.meta as object | undefined), ...(own.meta as object | undefined) } } : {};
      return { ...entry, value: { ...entry.value, config: { ...folder, ...own, ...meta } } };
    }).filter((entry) => entry.value.config.enabled !== false);
  const out: CompiledNode[] = [];
  const measureOwner = new Map<string, string>();

  for (const { value, file, line } of enabled('semantic-models', project.semanticModels)) {
    const dep = parseDependency(value.model);
    const model = dep?.kind === 'ref' ? nodesByName.get(refTarget(project, refKey(dep.name, dep.version))) : undefined;
    if (!model || dep?.kind !== 'ref') {
      const name = dep?.kind === 'ref' ? dep.name : value.model;
      fail(file, line, 'model', `semantic model '${value.name}' is built on ${value.model}, which names no model`, dep?.kind === 'ref' ? didYouMean(name, nodesByName.keys()) : "write model: ref('my_model')");
      continue;
    }
    const built = node('semantic_model', file, value, [model.uniqueId], { refs: [{ name: dep.name, package: undefined, ...(dep.version ? { version: dep.version } : {}) }] });
    for (const measure of value.measures ?? []) measureOwner.set(measure.name, built.uniqueId);
    out.push(Object.freeze({ ...built, semantic: { spec: value, model } }));
  }

  const metrics = enabled('metrics', [...project.metrics, ...createdMetrics(project)]);
  const metricNames = new Set(metrics.map((m) => m.value.name));
  // As dbt lists them: in the order the metric names its measures and inputs.
  for (const { value, file, line } of metrics) {
    const params = value.type_params as Record<string, unknown>;
    const dependsOn: string[] = [];
    for (const measure of metricMeasures(params)) {
      const owner = measureOwner.get(measure);
      if (owner) dependsOn.push(owner);
      else fail(file, line, measure, `metric '${value.name}' uses measure '${measure}', which no semantic model defines`, didYouMean(measure, measureOwner.keys()));
    }
    for (const metric of metricInputs(params)) {
      if (metricNames.has(metric)) dependsOn.push(`metric.${project.name}.${metric}`);
      else fail(file, line, metric, `metric '${value.name}' uses metric '${metric}', which is not declared`, didYouMean(metric, metricNames));
    }
    out.push(node('metric', file, value, dependsOn));
  }
  withInputMeasures(out);

  for (const { value, file, line } of enabled('saved-queries', project.savedQueries)) {
    const dependsOn: string[] = [];
    for (const metric of value.query_params.metrics) {
      if (metricNames.has(metric)) dependsOn.push(`metric.${project.name}.${metric}`);
      else fail(file, line, metric, `saved query '${value.name}' uses metric '${metric}', which is not declared`, didYouMean(metric, metricNames));
    }
    out.push(node('saved_query', file, value, dependsOn));
  }
  return out;
}

/**
 * dbt's `input_measures` of each metric: its own measures, then those of the metrics it combines
 * (ratio, derived), each once. Set in place on the nodes just built, before anyone reads them.
 */
function withInputMeasures(nodes: CompiledNode[]): void {
  const byId = new Map(nodes.map((n, i) => [n.uniqueId, i]));
  const done = new Map<string, string[]>();
  const measuresOf = (id: string, seen: Set<string>): string[] => {
    const known = done.get(id);
    if (known || seen.has(id)) return known ?? [];
    seen.add(id);
    const n = nodes[byId.get(id)!]!;
    const params = (n.semantic!.spec.type_params ?? {}) as Record<string, unknown>;
    const own = metricMeasures(params);
    const inherited = n.dependsOn.nodes.filter((p) => p.startsWith('metric.') && byId.has(p)).flatMap((p) => measuresOf(p, seen));
    const all = [...new Set([...own, ...inherited])];
    done.set(id, all);
    return all;
  };
  nodes.forEach((n, i) => {
    if (n.resourceType === 'metric') nodes[i] = Object.freeze({ ...n, semantic: { ...n.semantic!, inputMeasures: measuresOf(n.uniqueId, new Set()) } });
  });
}

/** A semantic model, metric or saved query as a node of the graph: no relation, no SQL. */
function semanticNode(project: Project, n: {
  kind: SemanticResourceType; file: string; fqn: string[]; spec: Readonly<Record<string, unknown>> & { name: string }; dependsOn: string[]; extra: Partial<CompiledNode>;
}): CompiledNode {
  const own = (n.spec.config ?? {}) as { tags?: unknown; meta?: Record<string, unknown>; group?: unknown };
  const tags = [...toList(n.spec.tags as string | string[] | undefined), ...toList(own.tags as string | string[] | undefined)];
  const config = resolveConfig([{ tags, meta: { ...(n.spec.meta as Record<string, unknown> | undefined), ...own.meta }, ...(typeof own.group === 'string' ? { group: own.group } : {}) }], { materialized: n.kind });
  return Object.freeze({
    uniqueId: `${n.kind}.${project.name}.${n.spec.name}`, resourceType: n.kind, name: n.spec.name, packageName: project.name,
    path: n.file, absolutePath: `${project.root}/${n.file}`, fqn: n.fqn, config, relation: undefined,
    description: typeof n.spec.description === 'string' ? n.spec.description : '', columns: {}, patchPath: n.file,
    rawCode: '', compiledCode: '', incrementalCode: undefined, dependsOn: { nodes: n.dependsOn, macros: [] }, refs: [], sources: [],
    semantic: { spec: n.spec }, ...n.extra,
  });
}

/**
 * dbt's `create_metric: true` on a measure: a simple metric of the measure's name, label and
 * description, declared where the semantic model is (unless a metric of that name is declared).
 */
function createdMetrics(project: Project): Project['metrics'] {
  const declared = new Set(project.metrics.map((m) => m.value.name));
  return project.semanticModels.flatMap(({ value, file, line }) => (value.measures ?? [])
    .filter((measure) => measure.create_metric === true && !declared.has(measure.name))
    .map((measure) => ({
      file, line,
      value: {
        name: measure.name, type: 'simple' as const, label: typeof measure.label === 'string' && measure.label ? measure.label : measure.name,
        description: typeof measure.description === 'string' && measure.description ? measure.description : `Metric created from measure ${measure.name}`,
        type_params: { measure: measure.name, expr: measure.name }, config: { enabled: true },
      },
    })));
}

/** The measures a metric reads: `measure`, and a conversion metric's base and conversion measures. */
function metricMeasures(params: Record<string, unknown>): string[] {
  const conversion = (params.conversion_type_params ?? {}) as Record<string, unknown>;
  return [params.measure, conversion.base_measure, conversion.conversion_measure].map(nameOf).filter((n): n is string => n !== undefined);
}

/** The metrics a ratio or derived metric combines. */
function metricInputs(params: Record<string, unknown>): string[] {
  const listed = Array.isArray(params.metrics) ? params.metrics : [];
  return [params.numerator, params.denominator, ...listed].map(nameOf).filter((n): n is string => n !== undefined);
}

/** `name` or `{name: name, ...}`, as dbt's yml writes a measure or a metric input. */
export function nameOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { name?: unknown }).name === 'string') return (value as { name: string }).name;
  return undefined;
}

/** Said once per run (compile): what weir keeps of the semantic layer, and that it runs none of it. */
export function semanticLayerNotice(nodes: readonly CompiledNode[]): string {
  const count = (kind: SemanticResourceType, one: string, many: string) => {
    const n = nodes.filter((x) => x.resourceType === kind).length;
    return `${n} ${n === 1 ? one : many}`;
  };
  return `weir keeps this project's semantic layer (${count('semantic_model', 'semantic model', 'semantic models')}, ${count('metric', 'metric', 'metrics')}, ${count('saved_query', 'saved query', 'saved queries')}) in the manifest and the docs site, but does not execute it: weir has no MetricFlow (dbt sl, mf query)`;
}
