import { createHash } from 'node:crypto';
import type { CompiledNode, CompiledProject } from '../compile/types.js';
import type { Fingerprint } from '../compile/fingerprint.js';

export const MANIFEST_SCHEMA = 'https://schemas.getdbt.com/dbt/manifest/v12.json';
export const RUN_RESULTS_SCHEMA = 'https://schemas.getdbt.com/dbt/run-results/v6.json';
export const WEIR_VERSION = '0.1.0';

export interface ArtifactMetadata {
  readonly invocationId: string;
  readonly generatedAt: Date;
  readonly adapterType: string;
  readonly targetName: string;
  /** The partial-parse generation whose compile this manifest describes (see workflow/partial-parse.ts). */
  readonly partialParse?: string | undefined;
}

/**
 * target/manifest.json in the shape of dbt's manifest (v12) where it fits, so tools that read dbt
 * artifacts can read ours: nodes and sources by unique id, depends_on, parent and child maps.
 */
export function buildManifest(
  project: CompiledProject,
  metadata: ArtifactMetadata,
  quoteRelation: (node: CompiledNode) => string | undefined,
  fingerprints: ReadonlyMap<string, Fingerprint> = new Map(),
) {
  const nodes: Record<string, unknown> = {};
  const sources: Record<string, unknown> = {};
  const unitTests: Record<string, unknown> = {};
  const parentMap: Record<string, string[]> = {};
  const childMap: Record<string, string[]> = {};
  for (const node of project.nodes.values()) {
    parentMap[node.uniqueId] = [...node.dependsOn.nodes];
    childMap[node.uniqueId] ??= [];
    for (const parent of node.dependsOn.nodes) (childMap[parent] ??= []).push(node.uniqueId);
    const fingerprint = { weir_fingerprint: fingerprints.get(node.uniqueId) ?? null };
    if (node.resourceType === 'source') sources[node.uniqueId] = { ...sourceEntry(node, quoteRelation(node)), ...fingerprint };
    else if (node.unitTest) unitTests[node.uniqueId] = { ...unitTestEntry(node), ...fingerprint };
    else nodes[node.uniqueId] = { ...nodeEntry(node, quoteRelation(node)), ...fingerprint };
  }
  for (const children of Object.values(childMap)) children.sort();
  const macros: Record<string, unknown> = {};
  for (const macro of project.macros) {
    macros[macro.uniqueId] = {
      unique_id: macro.uniqueId, name: macro.name, resource_type: 'macro', package_name: project.projectName,
      path: macro.path, original_file_path: macro.path,
    };
  }
  return {
    metadata: manifestMetadata(project.projectName, metadata),
    nodes,
    sources,
    macros,
    docs: Object.fromEntries((project.docs ?? []).map((d) => [d.uniqueId, {
      unique_id: d.uniqueId, name: d.name, resource_type: 'doc', package_name: project.projectName, path: d.path, original_file_path: d.path, block_contents: d.contents,
    }])),
    exposures: {},
    metrics: {},
    groups: {},
    selectors: {},
    disabled: {},
    semantic_models: {},
    saved_queries: {},
    unit_tests: unitTests,
    parent_map: parentMap,
    child_map: childMap,
    group_map: {},
  };
}

/** The manifest's `metadata`, always its first key. */
export function manifestMetadata(projectName: string, metadata: ArtifactMetadata) {
  return {
    dbt_schema_version: MANIFEST_SCHEMA,
    weir_version: WEIR_VERSION,
    generated_at: metadata.generatedAt.toISOString(),
    invocation_id: metadata.invocationId,
    project_name: projectName,
    adapter_type: metadata.adapterType,
    target_name: metadata.targetName,
    env: {},
    ...(metadata.partialParse ? { weir_partial_parse: metadata.partialParse } : {}),
  };
}

function common(node: CompiledNode, relationName: string | undefined) {
  return {
    unique_id: node.uniqueId,
    resource_type: node.resourceType,
    name: node.name,
    package_name: node.packageName,
    path: node.path,
    original_file_path: node.path,
    fqn: node.fqn,
    database: null,
    schema: node.relation?.schema ?? null,
    alias: node.relation?.identifier ?? node.name,
    relation_name: relationName ?? null,
    tags: node.config.tags,
    description: node.description,
    columns: columnsEntry(node),
    meta: node.config.meta,
    config: node.config,
    patch_path: node.patchPath ?? null,
  };
}

const COMPILED_TYPES = new Set(['model', 'snapshot', 'test', 'analysis']);

function nodeEntry(node: CompiledNode, relationName: string | undefined) {
  return Object.assign(common(node, relationName), {
    language: 'sql',
    checksum: { name: 'sha256', checksum: createHash('sha256').update(node.rawCode).digest('hex') },
    raw_code: node.rawCode,
    compiled: COMPILED_TYPES.has(node.resourceType),
    compiled_code: COMPILED_TYPES.has(node.resourceType) ? node.compiledCode : null,
    depends_on: { nodes: node.dependsOn.nodes, macros: node.dependsOn.macros },
    refs: node.refs.map((r) => ({ name: r.name, package: r.package ?? null, version: null })),
    sources: node.sources,
  }, node.test ? testEntry(node.test) : {});
}

/** What a data test checks, as dbt records it: the test, the node it is attached to, the column. */
function testEntry(test: NonNullable<CompiledNode['test']>) {
  return {
    column_name: test.columnName ?? null,
    attached_node: test.attachedNode ?? null,
    test_metadata: test.type === 'generic' ? { name: test.name, kwargs: {}, namespace: null } : undefined,
  };
}

function sourceEntry(node: CompiledNode, relationName: string | undefined) {
  return {
    ...common(node, relationName),
    source_name: node.sourceName,
    identifier: node.relation?.identifier,
    loader: '',
  };
}

function columnsEntry(node: CompiledNode): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const name in node.columns) {
    const c = node.columns[name]!;
    columns[name] = { name, description: c.description ?? '', data_type: c.data_type ?? null, meta: c.meta ?? {}, tags: c.tags ?? [] };
  }
  return columns;
}

/** dbt's unit test entry: the model, the given inputs and expected rows as declared. */
function unitTestEntry(node: CompiledNode) {
  const spec = node.unitTest!;
  const rows = (f: { rows: readonly unknown[]; sql: string | undefined }) => (f.sql !== undefined ? { format: 'sql', rows: f.sql } : { format: 'dict', rows: f.rows });
  return {
    unique_id: node.uniqueId, resource_type: 'unit_test', name: node.name, package_name: node.packageName,
    path: node.path, original_file_path: node.path, fqn: node.fqn, model: spec.model, description: node.description,
    given: spec.given.map((g) => ({ input: g.input, ...rows(g) })), expect: rows(spec.expect),
    depends_on: { nodes: node.dependsOn.nodes, macros: [] }, config: { tags: node.config.tags, meta: node.config.meta, enabled: true },
  };
}
