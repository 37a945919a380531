import type { ColumnProperties } from '../project/schemas.js';
import type { CompiledNode, FreshnessPeriod, Relation } from './types.js';

/** What a node dict is made from: a compiled node, or a node still being compiled (no SQL yet). */
export type NodeFacts = Pick<CompiledNode, 'uniqueId' | 'resourceType' | 'name' | 'packageName' | 'path' | 'fqn' | 'config'>
  & Partial<Pick<CompiledNode, 'description' | 'columns' | 'rawCode' | 'compiledCode' | 'relation' | 'dependsOn' | 'refs' | 'sources' | 'patchPath' | 'sourceName' | 'freshness'>>;

/** dbt's config keys are spelt with dashes where weir's have underscores (`pre-hook`). */
function dbtConfig(config: CompiledNode['config']): Record<string, unknown> {
  const { pre_hook, post_hook, ...rest } = config;
  return { ...rest, 'pre-hook': pre_hook ?? [], 'post-hook': post_hook ?? [] };
}

/** A column's meta and tags as dbt merges them: written beside config: and under it (config wins). */
export function columnMetaAndTags(column: ColumnProperties): { meta: Record<string, unknown>; tags: string[] } {
  const configTags = column.config?.tags;
  const tags = [...(column.tags ?? []), ...(typeof configTags === 'string' ? [configTags] : configTags ?? [])];
  return { meta: { ...column.meta, ...column.config?.meta }, tags: [...new Set(tags)] };
}

function columnDicts(columns: Readonly<Record<string, ColumnProperties>> | undefined) {
  return Object.fromEntries(Object.entries(columns ?? {}).map(([name, c]) => [name, {
    name: c.name, description: c.description ?? '', data_type: c.data_type ?? null, ...columnMetaAndTags(c), quote: c.quote ?? null, granularity: c.granularity ?? null,
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
    const freshness = freshnessDict(node.freshness);
    return {
      ...common, source_name: node.sourceName, loaded_at_field: node.freshness?.loadedAtField ?? null, freshness,
      config: { ...common.config, freshness, loaded_at_field: node.freshness?.loadedAtField ?? null, event_time: node.config.event_time ?? null },
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

/** A source's freshness as dbt's dicts hold it: each period `{count, period}`, null ones when unset. */
function freshnessDict(freshness: NodeFacts['freshness']): Record<string, unknown> {
  const period = (p: FreshnessPeriod | undefined) => ({ count: p?.count ?? null, period: p?.period ?? null });
  return { warn_after: period(freshness?.warnAfter), error_after: period(freshness?.errorAfter), filter: freshness?.filter ?? null };
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
