import type { Diagnostic } from '../core/diagnostics.js';
import { didYouMean } from '../core/closest.js';
import { propertiesFolders, ymlFqnPrefix } from '../project/discover.js';
import { folderConfigFor, toList } from '../project/folder-config.js';
import type { ExposureProperties } from '../project/exposure-schema.js';
import type { Project } from '../project/types.js';
import type { DocUses } from '../project/doc-blocks.js';
import { createLineFinder } from './property-lines.js';
import { resolveConfig } from './resolve-config.js';
import { refKey, refTarget } from './model-versions.js';
import type { CompiledNode } from './types.js';

/** One entry of an exposure's `depends_on`, as dbt renders it. */
export type ExposureDependency =
  | { readonly kind: 'ref'; readonly name: string; readonly package: string | undefined; readonly version: string | undefined }
  | { readonly kind: 'source'; readonly source: string; readonly table: string }
  | { readonly kind: 'metric'; readonly name: string };

const STRING = String.raw`\s*(['"])([^'"]+)\1\s*`;
const REF = new RegExp(String.raw`^\s*ref\(${STRING}(?:,${STRING})?(?:,\s*(?:v|version)\s*=\s*['"]?([^'")\s]+)['"]?\s*)?\)\s*$`);
const SOURCE = new RegExp(String.raw`^\s*source\(${STRING},${STRING}\)\s*$`);
const METRIC = new RegExp(String.raw`^\s*metric\(${STRING}\)\s*$`);

/** `ref('x')`, `ref('pkg', 'x')`, `ref('x', v=2)`, `source('s', 't')` or `metric('m')`, with or without `{{ }}`. */
export function parseDependency(text: string): ExposureDependency | undefined {
  const inner = text.trim().replace(/^\{\{\s*/, '').replace(/\s*\}\}$/, '');
  const ref = REF.exec(inner);
  if (ref) {
    return ref[4] !== undefined
      ? { kind: 'ref', package: ref[2], name: ref[4], version: ref[5] }
      : { kind: 'ref', package: undefined, name: ref[2]!, version: ref[5] };
  }
  const source = SOURCE.exec(inner);
  if (source) return { kind: 'source', source: source[2]!, table: source[4]! };
  const metric = METRIC.exec(inner);
  return metric ? { kind: 'metric', name: metric[2]! } : undefined;
}

/**
 * Exposures become nodes of the graph (so `+exposure:name` selects what feeds one) that run no SQL;
 * each `depends_on` must name an enabled model, seed, snapshot, source or metric, as in dbt.
 */
export function compileExposures(
  project: Project,
  nodesByName: ReadonlyMap<string, CompiledNode>,
  sourcesByName: ReadonlyMap<string, CompiledNode>,
  semantic: readonly CompiledNode[],
  diagnostics: Diagnostic[],
): CompiledNode[] {
  const metricIds = new Map(semantic.filter((n) => n.resourceType === 'metric').map((n) => [n.name, n.uniqueId]));
  const findLine = createLineFinder(project.root);
  const folders = propertiesFolders(project.paths);
  const seen = new Map<string, string>();
  const out: CompiledNode[] = [];
  for (const { value, file, line } of project.exposures) {
    const uniqueId = `exposure.${project.name}.${value.name}`;
    const fail = (message: string, word: string, hint?: string) =>
      diagnostics.push({ severity: 'error', file, line: findLine(file, line, word), message, ...(hint ? { hint } : {}) });
    if (seen.has(value.name)) {
      fail(`exposure '${value.name}' is declared twice: here and in ${seen.get(value.name)}`, value.name, 'give each exposure its own name');
      continue;
    }
    seen.set(value.name, file);
    const fqn = [...ymlFqnPrefix(project.name, file, folders), value.name];
    // dbt_project.yml's exposures: tree (+enabled, +meta, +tags) under what the exposure's yml says.
    const tree = project.exposureFolders ? folderConfigFor(project.exposureFolders, fqn, 'deepest') : {};
    const config = resolveConfig([tree, { tags: [...toList(value.tags), ...toList(value.config?.tags)], meta: { ...value.meta, ...value.config?.meta }, ...(value.config?.enabled === undefined ? {} : { enabled: value.config.enabled }) }], { materialized: 'view' });
    if (!config.enabled) continue;
    const dependsOn: string[] = [];
    const refs: Array<{ name: string; package: string | undefined; version?: string }> = [];
    const sources: Array<[string, string]> = [];
    const metrics: string[][] = [];
    for (const text of value.depends_on ?? []) {
      const dep = parseDependency(text);
      if (!dep) {
        fail(`exposure '${value.name}' depends on '${text}', which is not ref('...'), source('...', '...') or metric('...')`, text.trim().slice(0, 20), "write depends_on entries as dbt does: - ref('orders')");
        continue;
      }
      if (dep.kind === 'metric') {
        // As dbt: the metric is a parent of the exposure (`+exposure:x` walks through it).
        const id = metricIds.get(dep.name);
        if (id === undefined) fail(`Exposure '${uniqueId}' (${file}) depends on a metric named '${dep.name}' which was not found`, dep.name, didYouMean(dep.name, metricIds.keys()));
        else if (!dependsOn.includes(id)) dependsOn.push(id);
        metrics.push([dep.name]);
        continue;
      }
      // A versioned model's ref names its latest version, or the one v= asks for (as a model's ref does).
      const node = dep.kind === 'ref' ? nodesByName.get(refTarget(project, refKey(dep.name, dep.version))) : sourcesByName.get(`${dep.source}.${dep.table}`);
      if (!node || (dep.kind === 'ref' && dep.package !== undefined && dep.package !== project.name)) {
        const what = dep.kind === 'ref' ? `a node named '${dep.name}'` : `a source named '${dep.source}.${dep.table}'`;
        const close = dep.kind === 'ref' ? didYouMean(dep.name, nodesByName.keys()) : didYouMean(`${dep.source}.${dep.table}`, sourcesByName.keys());
        fail(`Exposure '${uniqueId}' (${file}) depends on ${what} which was not found`, dep.kind === 'ref' ? dep.name : dep.table, close);
        continue;
      }
      if (!dependsOn.includes(node.uniqueId)) dependsOn.push(node.uniqueId);
      if (dep.kind === 'ref') refs.push({ name: dep.name, package: dep.package, ...(dep.version ? { version: dep.version } : {}) });
      else sources.push([dep.source, dep.table]);
    }
    out.push(Object.freeze({
      uniqueId, resourceType: 'exposure' as const, name: value.name, packageName: project.name,
      path: file, absolutePath: `${project.root}/${file}`,
      fqn,
      config: { ...config, materialized: 'exposure' as const },
      relation: undefined, description: value.description ?? '', columns: {}, patchPath: file,
      ...((value as DocUses).doc_blocks ? { docBlocks: (value as DocUses).doc_blocks } : {}),
      rawCode: '', compiledCode: '', incrementalCode: undefined,
      dependsOn: { nodes: dependsOn, macros: [] }, refs, sources,
      exposure: exposureFields(value, metrics),
    }));
  }
  return out;
}

function exposureFields(value: ExposureProperties, metrics: string[][]) {
  return Object.freeze({
    type: value.type, owner: value.owner, label: value.label, maturity: value.maturity, url: value.url, metrics,
  });
}
