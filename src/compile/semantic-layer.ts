import type { Diagnostic } from '../core/diagnostics.js';
import { didYouMean } from '../core/closest.js';
import { propertiesFolders, ymlFqnPrefix } from '../project/discover.js';
import type { Project } from '../project/types.js';
import { parseDependency } from './exposures.js';
import { refKey, refTarget } from './model-versions.js';
import { createLineFinder } from './property-lines.js';
import type { CompiledNode, CompiledSemanticNode } from './types.js';

/**
 * dbt's semantic layer, linked as dbt links it: a semantic model depends on its `model: ref('x')`,
 * a metric on the semantic models of its measures (or, for ratio and derived metrics, on the
 * metrics it combines), a saved query on its metrics. Kept for the manifest and docs; never run.
 */
export function compileSemanticLayer(project: Project, nodesByName: ReadonlyMap<string, CompiledNode>, diagnostics: Diagnostic[]): CompiledSemanticNode[] {
  const findLine = createLineFinder(project.root);
  const folders = propertiesFolders(project.paths);
  const fqn = (file: string, name: string) => [...ymlFqnPrefix(project.name, file, folders), name];
  const fail = (file: string, line: number | undefined, word: string, message: string, hint?: string) =>
    diagnostics.push({ severity: 'error', file, line: findLine(file, line, word), message, ...(hint ? { hint } : {}) });
  const out: CompiledSemanticNode[] = [];
  const measureOwner = new Map<string, string>();

  for (const { value, file, line } of project.semanticModels) {
    const uniqueId = `semantic_model.${project.name}.${value.name}`;
    const dep = parseDependency(value.model);
    const model = dep?.kind === 'ref' ? nodesByName.get(refTarget(project, refKey(dep.name, dep.version))) : undefined;
    if (!model || dep?.kind !== 'ref') {
      const name = dep?.kind === 'ref' ? dep.name : value.model;
      fail(file, line, 'model', `semantic model '${value.name}' is built on ${value.model}, which names no model`, dep?.kind === 'ref' ? didYouMean(name, nodesByName.keys()) : "write model: ref('my_model')");
      continue;
    }
    for (const measure of value.measures ?? []) measureOwner.set(measure.name, uniqueId);
    out.push({ uniqueId, kind: 'semantic_model', name: value.name, path: file, fqn: fqn(file, value.name), dependsOn: [model.uniqueId], refs: [{ name: dep.name, version: dep.version }], spec: value, model });
  }

  const metrics = [...project.metrics, ...createdMetrics(project)];
  const metricNames = new Set(metrics.map((m) => m.value.name));
  for (const { value, file, line } of metrics) {
    const uniqueId = `metric.${project.name}.${value.name}`;
    const params = value.type_params as Record<string, unknown>;
    const dependsOn = new Set<string>();
    for (const measure of metricMeasures(params)) {
      const owner = measureOwner.get(measure);
      if (owner) dependsOn.add(owner);
      else fail(file, line, measure, `metric '${value.name}' uses measure '${measure}', which no semantic model defines`, didYouMean(measure, measureOwner.keys()));
    }
    for (const metric of metricInputs(params)) {
      if (metricNames.has(metric)) dependsOn.add(`metric.${project.name}.${metric}`);
      else fail(file, line, metric, `metric '${value.name}' uses metric '${metric}', which is not declared`, didYouMean(metric, metricNames));
    }
    out.push({ uniqueId, kind: 'metric', name: value.name, path: file, fqn: fqn(file, value.name), dependsOn: [...dependsOn].sort(), refs: [], spec: value });
  }

  for (const { value, file, line } of project.savedQueries) {
    const uniqueId = `saved_query.${project.name}.${value.name}`;
    const dependsOn: string[] = [];
    for (const metric of value.query_params.metrics) {
      if (metricNames.has(metric)) dependsOn.push(`metric.${project.name}.${metric}`);
      else fail(file, line, metric, `saved query '${value.name}' uses metric '${metric}', which is not declared`, didYouMean(metric, metricNames));
    }
    out.push({ uniqueId, kind: 'saved_query', name: value.name, path: file, fqn: fqn(file, value.name), dependsOn, refs: [], spec: value });
  }
  return out;
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
        name: measure.name, type: 'simple' as const, label: typeof measure.label === 'string' ? measure.label : measure.name,
        ...(typeof measure.description === 'string' ? { description: measure.description } : {}),
        type_params: { measure: measure.name },
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
export function semanticLayerNotice(semantic: readonly CompiledSemanticNode[]): string {
  const count = (kind: CompiledSemanticNode['kind'], one: string, many: string) => {
    const n = semantic.filter((x) => x.kind === kind).length;
    return `${n} ${n === 1 ? one : many}`;
  };
  return `weir keeps this project's semantic layer (${count('semantic_model', 'semantic model', 'semantic models')}, ${count('metric', 'metric', 'metrics')}, ${count('saved_query', 'saved query', 'saved queries')}) in the manifest and the docs site, but does not execute it: weir has no MetricFlow (dbt sl, mf query)`;
}
