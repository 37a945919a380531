import { sha256 } from '../core/sha256.js';
import type { CompiledMacro, CompiledNode, DocUses, FreshnessPeriod } from '../compile/types.js';
import { columnMetaAndTags, versionValue } from '../compile/node-dict.js';
import { dbtChecksum, pyStrip, type DbtChecksum } from './dbt-checksum.js';
import { dbtConfig } from './dbt-config.js';
import { constraintEntry, contractEntry, primaryKey } from './model-contract.js';

/**
 * One node of target/manifest.json in the exact shape dbt's manifest schema (v12) gives its resource
 * type: strict readers reject any key the schema does not list, so weir's own facts about a node
 * (its fingerprint, ingest settings) go to target/weir_manifest.json instead.
 */
export interface NodeContext {
  /** The quoted relation (`"schema"."name"`, `"database"."schema"."name"` in dbt projects), when the node has one. */
  readonly relationName: string | undefined;
  /** The target's schema: dbt's schema for nodes that build nothing (tests, analyses, ephemeral models). */
  readonly defaultSchema: string;
  /** dbt's database for nodes that build nothing; absent in weir's own projects, whose relations name none. */
  readonly defaultDatabase?: string | undefined;
  /** dbt's names for the node's files (relative to its package's root; see compile/dbt-paths.ts). */
  readonly paths?: { readonly path: string; readonly originalFilePath: string; readonly patchPath: string | null } | undefined;
  /** The project's folder: dbt's root_path of a seed. */
  readonly rootPath?: string | undefined;
  /** Where its compiled SQL is (`target/compiled/<package>/...`, as dbt's compiled_path). */
  readonly compiledPath?: string | undefined;
  /** The generic tests attached to it (dbt infers a model's primary_key from them). */
  readonly tests?: readonly CompiledNode[] | undefined;
}

/** What every resource type of `nodes` has, seeds included. */
function base(node: CompiledNode, context: NodeContext, checksum?: DbtChecksum) {
  return {
    database: node.relation?.database ?? context.defaultDatabase ?? null,
    // dbt's tests live in the audit schema their failures are stored in (store_failures).
    schema: node.relation?.schema ?? (node.resourceType === 'test' ? `${context.defaultSchema}_dbt_test__audit` : node.config.schema ?? context.defaultSchema),
    name: node.version?.name ?? node.name,
    resource_type: node.resourceType,
    package_name: node.packageName,
    path: context.paths?.path ?? node.path,
    original_file_path: context.paths?.originalFilePath ?? node.path,
    unique_id: node.uniqueId,
    fqn: [...node.fqn],
    // A long test name's alias is dbt's short one (compile/test-names.ts), also its stored failures' table.
    alias: node.relation?.identifier ?? (typeof node.config.alias === 'string' ? node.config.alias : node.name),
    checksum: checksum ?? dbtChecksum(node),
    config: dbtConfig(node),
    tags: [...node.config.tags],
    description: node.description,
    columns: columnsEntry(node),
    meta: node.config.meta,
    patch_path: context.paths ? context.paths.patchPath : node.patchPath ?? null,
    relation_name: context.relationName ?? null,
    // dbt reads files stripped of leading and trailing whitespace.
    raw_code: pyStrip(node.rawCode),
    docs: { show: docsConfig(node).show ?? true, node_color: docsConfig(node).node_color ?? null },
    doc_blocks: [...(node.docBlocks ?? [])],
  };
}

const docsConfig = (node: CompiledNode) => (node.config.docs ?? {}) as { show?: boolean; node_color?: string };

/** Models, snapshots, tests and analyses: nodes with SQL. */
export function sqlNodeEntry(node: CompiledNode, context: NodeContext) {
  // A disabled node (the manifest's `disabled`) is parsed, never compiled.
  const compiled = node.config.enabled !== false;
  return Object.assign(base(node, context), {
    language: 'sql',
    refs: node.refs.map((r) => ({ name: r.name, package: r.package ?? null, version: null })),
    sources: node.sources.map(([source, table]) => [source, table]),
    depends_on: { nodes: [...node.dependsOn.nodes], macros: [...node.dependsOn.macros] },
    // Ephemeral models are already inlined into compiled_code as CTEs.
    ...(compiled ? { compiled, compiled_code: node.compiledCode, extra_ctes: [], extra_ctes_injected: true } : {}),
    compiled_path: compiled ? context.compiledPath ?? null : null,
    build_path: null,
    metrics: [],
    contract: node.resourceType === 'model' ? contractEntry(node) : { enforced: false, alias_types: true, checksum: null },
    group: node.config.group ?? null,
  }, node.resourceType === 'model' ? {
    access: node.config.access ?? 'protected',
    constraints: (node.constraints ?? []).map((c) => constraintEntry(c, true)),
    primary_key: primaryKey(node, context.tests ?? []),
    version: versionValue(node.version?.version),
    latest_version: versionValue(node.version?.latest),
    deprecation_date: node.version?.deprecationDate ?? null,
    time_spine: node.timeSpine ?? null,
  } : {}, node.test?.type === 'generic' ? {
    file_key_name: fileKeyName(node.test.attachedNode),
    column_name: node.test.columnName ?? null,
    attached_node: node.test.attachedNode ?? null,
    test_metadata: node.test.metadata,
  } : {});
}


/** The properties entry a generic test was declared under, as dbt names it: `models.orders`, `sources.raw`. */
function fileKeyName(attached: string | undefined): string | null {
  const [type, , name] = attached?.split('.') ?? [];
  return type && name ? `${type}s.${name}` : null;
}

/** Seeds: no SQL, and depends_on lists macros only. `checksum`: the CSV's, when already known. */
export function seedEntry(node: CompiledNode, context: NodeContext, checksum?: DbtChecksum) {
  return Object.assign(base(node, context, checksum), { depends_on: { macros: [...node.dependsOn.macros] }, build_path: null, group: node.config.group ?? null, root_path: context.rootPath ?? null });
}

const period = (p: FreshnessPeriod | undefined) => (p ? { count: p.count, period: p.period } : { count: null, period: null });

/** A source table (dbt's SourceDefinition); an ingested one names weir as its loader. */
export function sourceEntry(node: CompiledNode, context: NodeContext, description: { source: string; ingested: boolean }) {
  // dbt writes the periods even when none is set.
  const freshness = { warn_after: period(node.freshness?.warnAfter), error_after: period(node.freshness?.errorAfter), filter: node.freshness?.filter ?? null };
  return {
    database: node.relation?.database ?? context.defaultDatabase ?? null,
    schema: node.relation?.schema ?? context.defaultSchema,
    name: node.name,
    resource_type: 'source',
    package_name: node.packageName,
    path: context.paths?.originalFilePath ?? node.path,
    original_file_path: context.paths?.originalFilePath ?? node.path,
    unique_id: node.uniqueId,
    fqn: [...node.fqn],
    source_name: node.sourceName ?? '',
    source_description: description.source,
    loader: description.ingested ? 'weir ingest' : '',
    identifier: node.relation?.identifier ?? node.name,
    loaded_at_field: node.freshness?.loadedAtField ?? null,
    freshness,
    description: node.description,
    columns: columnsEntry(node),
    meta: node.config.meta,
    source_meta: {},
    tags: [...node.config.tags],
    config: { enabled: node.config.enabled, meta: node.config.meta, tags: [...node.config.tags] },
    // dbt patches nothing onto a source: its yml file is its original_file_path.
    patch_path: null,
    relation_name: context.relationName ?? null,
    doc_blocks: [...(node.docBlocks ?? [])],
    external: null,
    loaded_at_query: null,
    quoting: { database: null, schema: null, identifier: null, column: null },
  };
}

function columnsEntry(node: CompiledNode): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const name in node.columns) {
    const c = node.columns[name]!;
    const { meta, tags } = columnMetaAndTags(c);
    columns[name] = {
      name, description: c.description ?? '', data_type: c.data_type ?? null, meta, tags, config: { meta, tags },
      constraints: (c.constraints ?? []).map((k) => constraintEntry(k, false)), quote: c.quote ?? null,
      granularity: c.granularity ?? null, doc_blocks: [...((c as DocUses).doc_blocks ?? [])],
    };
  }
  return columns;
}

/** dbt's unit test entry: the model, the given inputs and expected rows as declared. */
export function unitTestEntry(node: CompiledNode) {
  const spec = node.unitTest!;
  const rows = (f: { rows: readonly unknown[]; sql: string | undefined }) => (f.sql !== undefined ? { format: 'sql', rows: f.sql } : { format: 'dict', rows: f.rows });
  return {
    unique_id: node.uniqueId, resource_type: 'unit_test', name: node.name, package_name: node.packageName,
    path: node.path, original_file_path: node.path, fqn: [...node.fqn], model: spec.model, description: node.description,
    given: spec.given.map((g) => ({ input: g.input, ...rows(g) })), expect: rows(spec.expect),
    depends_on: { nodes: [...node.dependsOn.nodes], macros: [] }, config: { tags: [...node.config.tags], meta: node.config.meta, enabled: true },
    checksum: sha256(node.rawCode),
  };
}

/** A macro with its SQL (dbt's `macro_sql`: the whole `{% macro %}...{% endmacro %}` block) and its `macros:` properties. */
/** `path`: the macro's file relative to its package's root, as dbt writes it. */
export function macroEntry(macro: CompiledMacro, path = macro.path) {
  return {
    unique_id: macro.uniqueId, name: macro.name, resource_type: 'macro', package_name: macro.packageName,
    path, original_file_path: path, macro_sql: macro.sql,
    depends_on: { macros: [...macro.dependsOn] }, description: macro.description, meta: macro.meta,
    docs: { ...macro.docs }, patch_path: macro.patchPath, arguments: macro.arguments.map((a) => ({ ...a })),
  };
}
