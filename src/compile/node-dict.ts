import type { ColumnProperties } from '../project/schemas.js';
import type { CompiledNode, Relation } from './types.js';

/** What a node dict is made from: a compiled node, or a node still being compiled (no SQL yet). */
export type NodeFacts = Pick<CompiledNode, 'uniqueId' | 'resourceType' | 'name' | 'packageName' | 'path' | 'fqn' | 'config'>
  & Partial<Pick<CompiledNode, 'description' | 'columns' | 'rawCode' | 'compiledCode' | 'relation' | 'dependsOn' | 'refs' | 'sources' | 'patchPath' | 'sourceName' | 'freshness'>>;

/** dbt's config keys are spelt with dashes where weir's have underscores (`pre-hook`). */
function dbtConfig(config: CompiledNode['config']): Record<string, unknown> {
  const { pre_hook, post_hook, ...rest } = config;
  return { ...rest, 'pre-hook': pre_hook ?? [], 'post-hook': post_hook ?? [] };
}

function columnDicts(columns: Readonly<Record<string, ColumnProperties>> | undefined) {
  return Object.fromEntries(Object.entries(columns ?? {}).map(([name, c]) => [name, {
    name: c.name, description: c.description ?? '', data_type: c.data_type ?? null, meta: c.meta ?? {}, tags: c.tags ?? [], quote: c.quote ?? null,
  }]));
}

/**
 * A node as dbt's `model` and `graph.nodes[...]` show it to templates (the manifest's keys):
 * name, unique_id, resource_type, config, columns, original_file_path, fqn, depends_on...
 */
export function nodeDict(node: NodeFacts, database: string | undefined, quote: (r: Relation) => string): Record<string, unknown> {
  const relation = node.relation;
  const common = {
    unique_id: node.uniqueId,
    name: node.name,
    resource_type: node.resourceType,
    package_name: node.packageName,
    path: node.path,
    original_file_path: node.path,
    fqn: [...node.fqn],
    database: database ?? null,
    schema: relation?.schema ?? node.config.schema ?? null,
    identifier: relation?.identifier ?? node.name,
    alias: relation?.identifier ?? node.name,
    relation_name: relation ? quote(relation) : null,
    config: dbtConfig(node.config),
    tags: [...node.config.tags],
    meta: node.config.meta,
    description: node.description ?? '',
    columns: columnDicts(node.columns),
    patch_path: node.patchPath ?? null,
  };
  if (node.resourceType === 'source') {
    return {
      ...common, source_name: node.sourceName, loaded_at_field: node.freshness?.loadedAtField ?? null,
    };
  }
  return {
    ...common,
    raw_code: node.rawCode ?? '',
    compiled_code: node.compiledCode ?? null,
    language: 'sql',
    depends_on: { nodes: [...(node.dependsOn?.nodes ?? [])], macros: [...(node.dependsOn?.macros ?? [])] },
    refs: (node.refs ?? []).map((r) => ({ name: r.name, package: r.package ?? null, version: null })),
    sources: (node.sources ?? []).map(([s, t]) => [s, t]),
  };
}

/** dbt's `graph`: every node by id, and the sources apart (exposures, metrics... empty: weir has none). */
export function graphDict(nodes: Iterable<NodeFacts>, database: string | undefined, quote: (r: Relation) => string): Record<string, unknown> {
  const graph: Record<string, Record<string, unknown>> = { nodes: {}, sources: {}, exposures: {}, metrics: {}, groups: {}, semantic_models: {}, saved_queries: {}, unit_tests: {} };
  for (const node of nodes) {
    if (node.resourceType === 'ingest') continue;
    const into = node.resourceType === 'source' ? graph.sources! : node.resourceType === 'unit_test' ? graph.unit_tests! : graph.nodes!;
    into[node.uniqueId] = nodeDict(node, database, quote);
  }
  return graph;
}
