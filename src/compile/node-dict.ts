import type { ColumnProperties, ConstraintProperties } from '../project/column-schema.js';
import { dbtChecksum } from './dbt-checksum.js';
import { exposureEntry } from './exposure-dict.js';
import { semanticEntry } from './semantic-dict.js';
import type { CompiledNode, FreshnessPeriod, GenericTestSpec, Relation, SemanticResourceType } from './types.js';

/** What a node dict is made from: a compiled node, or a node still being compiled (no SQL yet). */
export type NodeFacts = Pick<CompiledNode, 'uniqueId' | 'resourceType' | 'name' | 'packageName' | 'path' | 'fqn' | 'config'>
  & Partial<Pick<CompiledNode, 'description' | 'columns' | 'rawCode' | 'compiledCode' | 'relation' | 'dependsOn' | 'refs' | 'sources' | 'patchPath' | 'sourceName' | 'freshness'
    | 'version' | 'test' | 'exposure' | 'semantic' | 'sourceDescription' | 'timeSpine' | 'absolutePath'>>;

/**
 * dbt's config keys are spelt with dashes where weir's have underscores (`pre-hook`), and the keys
 * dbt's NodeConfig always has are None when unset: `config.full_refresh is none` must hold (as
 * dbt_artifacts' upload tests it), not an undefined that prints ''.
 */
const DBT_NONE_KEYS = ['alias', 'schema', 'database', 'full_refresh', 'unique_key', 'group', 'event_time', 'batch_size', 'begin', 'concurrent_batches'] as const;
function dbtConfig(config: CompiledNode['config']): Record<string, unknown> {
  const { pre_hook, post_hook, ...rest } = config;
  // A key weir resolved to nothing is no key at all in dbt's config (`config.items()` must not yield an undefined).
  const set = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  const unset = Object.fromEntries(DBT_NONE_KEYS.filter((k) => set[k] === undefined).map((k) => [k, null]));
  return { ...set, ...unset, 'pre-hook': pre_hook ?? [], 'post-hook': post_hook ?? [] };
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
    constraints: (c.constraints ?? []).map(constraintDict),
  }]));
}

/** A constraint as dbt's ColumnLevelConstraint dict holds it, every key present. */
function constraintDict(c: ConstraintProperties): Record<string, unknown> {
  return {
    type: c.type, name: c.name ?? null, expression: c.expression ?? null, warn_unenforced: c.warn_unenforced ?? true,
    warn_unsupported: c.warn_unsupported ?? true, to: c.to ?? null, to_columns: c.to_columns ?? [],
  };
}

/** dbt's path, original_file_path and patch_path of a node (compile/dbt-paths.ts). */
export type NodePaths = (node: NodeFacts) => { readonly path: string; readonly originalFilePath: string; readonly patchPath: string | null };

/** dbt keeps a numeric version a number (`version: 2`). */
export const versionValue = (v: string | undefined) => (v === undefined ? null : /^\d+(\.\d+)?$/.test(v) ? Number(v) : v);

/**
 * A node as dbt's `model` and `graph.nodes[...]` show it to templates (the manifest's keys):
 * name, unique_id, resource_type, config, columns, original_file_path, fqn, depends_on...
 */
export function nodeDict(node: NodeFacts, database: string | undefined, quote: (r: Relation) => string, nodePaths?: NodePaths): Record<string, unknown> {
  const relation = node.relation;
  const paths = nodePaths?.(node);
  const common = {
    unique_id: node.uniqueId,
    // A version's name is its model's (`dim_customers`, with version 2), as dbt's.
    name: node.version?.name ?? node.name,
    resource_type: node.resourceType,
    package_name: node.packageName,
    path: paths?.path ?? node.path,
    original_file_path: paths?.originalFilePath ?? node.path,
    fqn: [...node.fqn],
    database: relation?.database ?? database ?? null,
    schema: relation?.schema ?? node.config.schema ?? null,
    identifier: relation?.identifier ?? node.name,
    alias: relation?.identifier ?? node.name,
    relation_name: relation ? quote(relation) : null,
    config: dbtConfig(node.config),
    tags: [...node.config.tags],
    meta: node.config.meta,
    description: node.description ?? '',
    columns: columnDicts(node.columns),
    patch_path: paths ? paths.patchPath : node.patchPath ?? null,
  };
  if (node.resourceType === 'source') {
    const freshness = freshnessDict(node.freshness);
    // dbt's source dicts have no alias (identifier names the table).
    const { alias: _alias, ...source } = common;
    return {
      ...source, source_name: node.sourceName, source_description: node.sourceDescription ?? '', loader: '',
      loaded_at_field: node.freshness?.loadedAtField ?? null, freshness,
      config: { ...source.config, freshness, loaded_at_field: node.freshness?.loadedAtField ?? null, event_time: node.config.event_time ?? null },
    };
  }
  const dict: Record<string, unknown> = {
    ...common,
    raw_code: node.rawCode ?? '',
    compiled_code: node.compiledCode ?? null,
    language: 'sql',
    depends_on: { nodes: [...(node.dependsOn?.nodes ?? [])], macros: [...(node.dependsOn?.macros ?? [])] },
    refs: (node.refs ?? []).map((r) => ({ name: r.name, package: r.package ?? null, version: null })),
    sources: (node.sources ?? []).map(([s, t]) => [s, t]),
    ...(node.resourceType === 'model' ? {
      access: node.config.access ?? 'protected', group: node.config.group ?? null,
      version: versionValue(node.version?.version), latest_version: versionValue(node.version?.latest),
      deprecation_date: node.version?.deprecationDate ?? null, constraints: [], time_spine: node.timeSpine ?? null,
      contract: { enforced: (node.config.contract as { enforced?: boolean } | undefined)?.enforced === true, alias_types: true, checksum: null },
    } : {}),
    ...(node.test?.type === 'generic' ? testFacts(node.test) : {}),
  };
  // dbt's file checksum (dbt_artifacts uploads it), computed on first read: a seed's is its file's hash.
  let checksum: unknown;
  Object.defineProperty(dict, 'checksum', {
    enumerable: true,
    get: () => (checksum ??= dbtChecksum({ resourceType: node.resourceType, rawCode: node.rawCode ?? '', absolutePath: node.absolutePath ?? '', path: node.path, test: node.test })),
  });
  return dict;
}

/** What dbt's generic test dicts say of the test: its column, the node it is attached to, its name and arguments. */
function testFacts(test: GenericTestSpec): Record<string, unknown> {
  return { column_name: test.columnName ?? null, attached_node: test.attachedNode ?? null, test_metadata: test.metadata };
}

/** A source's freshness as dbt's dicts hold it: each period `{count, period}`, null ones when unset. */
function freshnessDict(freshness: NodeFacts['freshness']): Record<string, unknown> {
  const period = (p: FreshnessPeriod | undefined) => ({ count: p?.count ?? null, period: p?.period ?? null });
  return { warn_after: period(freshness?.warnAfter), error_after: period(freshness?.errorAfter), filter: freshness?.filter ?? null };
}

/** dbt's `graph`: every node by id, and sources, exposures, metrics, semantic models and saved queries apart. */
export function graphDict(nodes: Iterable<NodeFacts>, database: string | undefined, quote: (r: Relation) => string, nodePaths?: NodePaths): Record<string, unknown> {
  const graph: Record<string, Record<string, unknown>> = { nodes: {}, sources: {}, exposures: {}, metrics: {}, groups: {}, semantic_models: {}, saved_queries: {}, unit_tests: {} };
  const quoteModel = (model: CompiledNode) => (model.relation ? quote(model.relation) : undefined);
  for (const node of nodes) {
    if (node.resourceType === 'ingest') continue;
    if (node.resourceType === 'exposure' && node.exposure) {
      graph.exposures![node.uniqueId] = exposureEntry(node as CompiledNode, 0);
      continue;
    }
    if (node.semantic) {
      graph[SEMANTIC_GROUPS[node.resourceType as SemanticResourceType]]![node.uniqueId] = semanticEntry(node as CompiledNode, 0, quoteModel);
      continue;
    }
    const into = node.resourceType === 'source' ? graph.sources! : node.resourceType === 'unit_test' ? graph.unit_tests! : graph.nodes!;
    into[node.uniqueId] = nodeDict(node, database, quote, nodePaths);
  }
  return graph;
}

/** Where dbt's `graph` keeps each kind of the semantic layer. */
const SEMANTIC_GROUPS: Readonly<Record<SemanticResourceType, string>> = { semantic_model: 'semantic_models', metric: 'metrics', saved_query: 'saved_queries' };
