import type { CompiledNode, CompiledProject } from '../compile/types.js';
import { exposureEntry } from '../compile/exposure-dict.js';
import { semanticEntry } from '../compile/semantic-dict.js';
import type { DbtChecksum } from './dbt-checksum.js';
import { macroEntry, seedEntry, sourceEntry, sqlNodeEntry, unitTestEntry, type NodeContext } from './manifest-nodes.js';

export const RUN_RESULTS_SCHEMA = 'https://schemas.getdbt.com/dbt/run-results/v6.json';
export { WEIR_VERSION } from '../core/version.js';
// The metadata lives apart: a compile answered from its stamp writes it without loading the rest.
export { MANIFEST_SCHEMA, manifestMetadata, type ArtifactMetadata } from './manifest-metadata.js';
import { manifestMetadata, type ArtifactMetadata } from './manifest-metadata.js';

/** dbt's names for files (relative to their package's root), which the caller knows from the project. */
export interface ManifestFiles {
  node(node: CompiledNode): NodeContext['paths'];
  file(path: string): string;
  /** A seed's dbt checksum when known (the partial-parse cache keeps it): its CSV is not read again. */
  checksum?(node: CompiledNode): DbtChecksum | undefined;
  /** A node's compiled SQL file, as the project's target-path names it (dbt's compiled_path). */
  compiledPath?(node: CompiledNode): string;
  /** The project's folder (dbt's root_path of seeds). */
  readonly root?: string;
}

/** Resource types dbt's manifest has no place for: they live in target/weir_manifest.json only. */
export const WEIR_ONLY_TYPES: ReadonlySet<string> = new Set(['ingest']);

/**
 * Makes one entry of `nodes` or `sources`: `build` gives the entry as an object; a cache of
 * serialised entries may instead return the entry's JSON, as text or UTF-8 bytes (see manifest-text.ts).
 */
export type EntryMaker = (node: CompiledNode, relationName: string | undefined, build: () => object) => unknown;

/**
 * target/manifest.json exactly in the shape of dbt's manifest (v12), so tools that validate dbt
 * artifacts against dbt's schema accept ours. What dbt has no key for (ingest nodes, fingerprints)
 * is in target/weir_manifest.json (see weir-manifest.ts); edges to ingest nodes are left out here.
 */
export function buildManifest(
  project: CompiledProject,
  metadata: ArtifactMetadata,
  quoteRelation: (node: CompiledNode) => string | undefined,
  files?: ManifestFiles,
  entry: EntryMaker = (_node, _relation, build) => build(),
) {
  const nodes: Record<string, unknown> = {};
  const sources: Record<string, unknown> = {};
  const unitTests: Record<string, unknown> = {};
  const exposures: Record<string, unknown> = {};
  const semantic: Record<string, Record<string, unknown>> = { semantic_model: {}, metric: {}, saved_query: {} };
  const parentMap: Record<string, string[]> = {};
  const childMap: Record<string, string[]> = {};
  const ingested = new Set<string>();
  const testsOf = new Map<string, CompiledNode[]>();
  for (const node of project.nodes.values()) {
    const attached = node.test?.type === 'generic' ? node.test.attachedNode : undefined;
    if (attached) (testsOf.get(attached) ?? testsOf.set(attached, []).get(attached)!).push(node);
  }
  for (const node of project.nodes.values()) {
    if (WEIR_ONLY_TYPES.has(node.resourceType)) continue;
    const parents = node.dependsOn.nodes.filter((p) => !WEIR_ONLY_TYPES.has(project.nodes.get(p)?.resourceType ?? ''));
    if (parents.length < node.dependsOn.nodes.length) ingested.add(node.uniqueId);
    parentMap[node.uniqueId] = [...parents].sort();
    childMap[node.uniqueId] ??= [];
    for (const parent of parents) (childMap[parent] ??= []).push(node.uniqueId);
    const relationName = quoteRelation(node);
    // The file paths only when the entry is built (a cached entry has them).
    const context = (): NodeContext => ({ relationName, defaultSchema: metadata.defaultSchema, defaultDatabase: metadata.defaultDatabase, paths: files?.node(node),
      compiledPath: files?.compiledPath?.(node), rootPath: files?.root, tests: testsOf.get(node.uniqueId),
    });
    if (node.resourceType === 'source') {
      sources[node.uniqueId] = entry(node, relationName, () => sourceEntry(node, context(), { source: node.sourceDescription ?? '', ingested: ingested.has(node.uniqueId) }));
    } else if (node.unitTest) unitTests[node.uniqueId] = unitTestEntry(node);
    else if (node.exposure) exposures[node.uniqueId] = exposureEntry(node, metadata.generatedAt.getTime() / 1000);
    else if (node.semantic) semantic[node.resourceType]![node.uniqueId] = semanticEntry(node, metadata.generatedAt.getTime() / 1000, quoteRelation, metadata.defaultSchema);
    else if (node.resourceType === 'seed') nodes[node.uniqueId] = entry(node, relationName, () => seedEntry(node, context(), files?.checksum?.(node)));
    else nodes[node.uniqueId] = entry(node, relationName, () => sqlNodeEntry(node, context()));
  }
  for (const children of Object.values(childMap)) children.sort();
  const macros: Record<string, unknown> = {};
  for (const macro of project.macros) macros[macro.uniqueId] = macroEntry(macro, files?.file(macro.path));
  return {
    metadata: manifestMetadata(project.projectName, metadata),
    nodes,
    sources,
    macros,
    docs: Object.fromEntries((project.docs ?? []).map((d) => [d.uniqueId, {
      unique_id: d.uniqueId, name: d.name, resource_type: 'doc', package_name: project.projectName, path: d.path, original_file_path: d.path, block_contents: d.contents,
    }])),
    exposures,
    metrics: semantic.metric,
    groups: Object.fromEntries((project.groups ?? []).map((g) => [g.uniqueId, {
      name: g.name, resource_type: 'group', package_name: project.projectName, path: g.path.slice(g.path.indexOf('/') + 1),
      original_file_path: g.path, unique_id: g.uniqueId, owner: { email: null, name: null, ...g.owner }, description: g.description ?? null,
      config: { meta: g.meta },
    }])),
    selectors: {},
    disabled: disabledEntries(project, metadata, quoteRelation, files),
    semantic_models: semantic.semantic_model,
    saved_queries: semantic.saved_query,
    unit_tests: unitTests,
    parent_map: parentMap,
    child_map: childMap,
    group_map: groupMap(project),
  };
}

/** dbt's group_map: each group's name and the nodes in it. */
function groupMap(project: CompiledProject): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const g of project.groups ?? []) map[g.name] = [];
  for (const node of project.nodes.values()) {
    const group = node.config.group;
    if (typeof group === 'string') (map[group] ??= []).push(node.uniqueId);
  }
  for (const ids of Object.values(map)) ids.sort();
  return map;
}

/** dbt's `disabled`: each disabled node's entry (as if enabled, with enabled: false), in a list under its unique_id. */
function disabledEntries(project: CompiledProject, metadata: ArtifactMetadata, quoteRelation: (node: CompiledNode) => string | undefined, files?: ManifestFiles) {
  const disabled: Record<string, unknown[]> = {};
  for (const node of project.disabled ?? []) {
    const context: NodeContext = {
      relationName: quoteRelation(node), defaultSchema: metadata.defaultSchema, defaultDatabase: metadata.defaultDatabase, paths: files?.node(node), rootPath: files?.root,
    };
    const entry = node.resourceType === 'source' ? sourceEntry(node, context, { source: node.sourceDescription ?? '', ingested: false })
      : node.resourceType === 'seed' ? seedEntry(node, context) : sqlNodeEntry(node, context);
    (disabled[node.uniqueId] ??= []).push(entry);
  }
  return disabled;
}
