import { metricSchema, savedQuerySchema, semanticModelSchema } from './semantic-schema.js';
import { z } from 'zod';
import { microbatchConfigShape } from './microbatch-schema.js';
import { analysisPropertiesSchema } from './analysis-schema.js';
import { exposureSchema, groupSchema } from './exposure-schema.js';
import { macroPropertiesSchema } from './macro-schema.js';
import { columnSchema, constraintSchema, dataTestSchema } from './column-schema.js';
import { sourceDeclarationSchema } from './source-schema.js';
import { snapshotConfigShape, snapshotPropertiesShape } from './snapshot-schema.js';

/**
 * zod schemas for every file a person writes by hand. Strict objects everywhere: an unknown key is
 * a typo until proven otherwise, and the diagnostic says which keys are allowed.
 */
export const MATERIALIZATIONS = ['view', 'table', 'incremental', 'ephemeral'] as const;
/** weir's own, or the name of a custom `{% materialization %}` (checked where the macros are known). */
export type Materialization = (typeof MATERIALIZATIONS)[number] | (string & {});
export const INCREMENTAL_STRATEGIES = ['append', 'merge', 'delete+insert', 'microbatch'] as const;
export const ON_SCHEMA_CHANGE = ['ignore', 'append_new_columns', 'fail'] as const;

const stringOrList = z.union([z.string(), z.array(z.string())]);
export const ACCESS_LEVELS = ['private', 'protected', 'public'] as const;

/** Config a model or seed can carry, from project.yml folders, properties yml or `config(...)`. */
/** dbt-postgres's PostgresIndexConfig: no other keys, as dbt validates it. */
export const INDEXES_MESSAGE = 'indexes must be a list of {columns: [...], unique: true|false, type: btree|hash|gist|...}, each with at minimum a "columns" key, as dbt-postgres reads it';
const indexSchema = z.object({
  columns: z.array(z.string(), INDEXES_MESSAGE).min(1, INDEXES_MESSAGE),
  unique: z.boolean().optional(),
  type: z.string().optional(),
}, INDEXES_MESSAGE).strict();

export const nodeConfigSchema = z
  .object({
    materialized: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a materialization name: view, table, incremental, ephemeral or a {% materialization %} of the project'),
    schema: z.string().min(1),
    alias: z.string().min(1),
    tags: stringOrList,
    enabled: z.boolean(),
    unique_key: stringOrList,
    incremental_strategy: z.enum(INCREMENTAL_STRATEGIES),
    on_schema_change: z.enum(ON_SCHEMA_CHANGE),
    // dbt's merge options: which columns a matched row updates, and SQL conditions that narrow the
    // rows the merge (or delete+insert) scans, written against DBT_INTERNAL_DEST / DBT_INTERNAL_SOURCE.
    merge_update_columns: z.array(z.string()),
    merge_exclude_columns: z.array(z.string()),
    incremental_predicates: stringOrList,
    ...microbatchConfigShape,
    pre_hook: stringOrList,
    post_hook: stringOrList,
    full_refresh: z.boolean(),
    meta: z.record(z.string(), z.unknown()),
    column_types: z.record(z.string(), z.string()),
    delimiter: z.string().length(1),
    quote_columns: z.boolean(),
    contract: z.object({ enforced: z.boolean() }).strict(),
    docs: z.object({ show: z.boolean().optional(), node_color: z.string().optional() }).strict(),
    persist_docs: z.record(z.string(), z.boolean()),
    // dbt's grants: privilege -> grantee(s), applied where the engine has privileges (PostgreSQL, Trino).
    grants: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
    /** dbt-trino's table properties: SQL literals passed verbatim into `create table ... with (...)` (Trino only). */
    properties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    /** dbt-trino's shorthands: `file_format: parquet` is properties.format, `table_format: iceberg` is properties.type. */
    file_format: z.string().min(1),
    table_format: z.string().min(1),
    // dbt's model governance: who may ref() the model (see compile/access.ts).
    access: z.enum(ACCESS_LEVELS),
    group: z.string().min(1),
    // Data test config (ignored on models and seeds).
    severity: z.string().transform((v) => v.toLowerCase()).pipe(z.enum(['error', 'warn'])),
    warn_if: z.string(),
    error_if: z.string(),
    where: z.string(),
    limit: z.number().int().nonnegative(),
    store_failures: z.boolean(),
    /** What counts as the failures of a test's rows (dbt's fail_calc): `count(*)` unless a test says. */
    fail_calc: z.string(),
    /** dbt's database: must be the target's own (compile/database-config.ts). */
    database: z.string().min(1),
    /** dbt-postgres's indexes, created after a table, incremental model or seed is built (execute/materializations/indexes.ts). */
    indexes: z.array(indexSchema, INDEXES_MESSAGE),
    /** dbt's sql_header: SQL run just before the create statement, in its session and transaction. */
    sql_header: z.string(),
    // Snapshot config (see compile/snapshot-config.ts; ignored elsewhere).
    ...snapshotConfigShape,
  })
  .partial()
  .strict();
export type NodeConfigInput = z.infer<typeof nodeConfigSchema>;

/** dbt writes hooks as `pre-hook` in YAML and `pre_hook` in `config()`; accept both. */
export function normalizeConfigKey(key: string): string {
  return key.replace(/^\+/, '').replace(/-/g, '_');
}

const pathList = z
  .union([z.string(), z.array(z.string()).min(1)])
  .transform((v) => (typeof v === 'string' ? [v] : v));

export const projectFileSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must start with a letter or _ and hold only letters, digits and _'),
    version: z.union([z.string(), z.number()]).optional(),
    config_version: z.number().optional(),
    paths: z
      .object({
        models: pathList,
        seeds: pathList,
        macros: pathList,
        analyses: pathList,
        sources: pathList,
        tests: pathList,
        snapshots: pathList,
      })
      .partial()
      .strict()
      .optional(),
    target_path: z.string().min(1).optional(),
    default_target: z.string().min(1).optional(),
    vars: z.record(z.string(), z.unknown()).optional(),
    // Each target is validated by its adapter's own schema (see adapters/registry.ts).
    targets: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
    // Folder-level config trees; walked by folder-config.ts, which validates each config key.
    models: z.record(z.string(), z.unknown()).optional(),
    seeds: z.record(z.string(), z.unknown()).optional(),
    snapshots: z.record(z.string(), z.unknown()).optional(),
    // Spelt as dbt spells them: Jinja SQL run before and after the nodes (see project/run-hooks.ts).
    'on-run-start': z.union([z.string(), z.array(z.string())]).nullable().optional(),
    'on-run-end': z.union([z.string(), z.array(z.string())]).nullable().optional(),
  })
  .strict();
export type ProjectFile = z.infer<typeof projectFileSchema>;

/** What a model entry and each of its versions may say about it. */
const describedShape = {
  description: z.string().optional(),
  config: nodeConfigSchema.optional(),
  constraints: z.array(constraintSchema).optional(),
  data_tests: z.array(dataTestSchema).optional(),
  tests: z.array(dataTestSchema).optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
  docs: z.record(z.string(), z.unknown()).optional(),
  // dbt takes these beside config: as well as in it.
  access: z.enum(ACCESS_LEVELS).optional(),
  group: z.string().min(1).optional(),
};

const nodePropertiesSchema = z
  .object({
    name: z.string().min(1),
    ...describedShape,
    columns: z.array(columnSchema).optional(),
    // dbt's model versions (see model-versions.ts, which turns each version into an entry of its own).
    versions: z.array(z.lazy(() => modelVersionSchema)).optional(),
    latest_version: z.union([z.number(), z.string()]).optional(),
    deprecation_date: z.union([z.string(), z.date()]).optional(),
    // dbt 1.9's MetricFlow time spine: describes the model for the semantic layer; builds nothing.
    time_spine: z.object({ standard_granularity_column: z.string(), custom_granularities: z.array(z.unknown()).optional() }).passthrough().optional(),
  })
  .strict();
export type NodeProperties = z.infer<typeof nodePropertiesSchema>;

/** `include`/`exclude` in a version's columns: which of the model's top-level columns it keeps. */
const columnSelectionSchema = z
  .object({ include: z.union([z.literal('all'), z.literal('*'), z.array(z.string())]), exclude: z.array(z.string()).optional() })
  .strict();
const modelVersionSchema = z
  .object({
    v: z.union([z.number(), z.string()]),
    defined_in: z.string().min(1).optional(),
    ...describedShape,
    columns: z.array(z.union([columnSchema, columnSelectionSchema])).optional(),
    deprecation_date: z.union([z.string(), z.date()]).optional(),
  })
  .strict();
export type ModelVersionProperties = z.infer<typeof modelVersionSchema>;

/** dbt 1.9's yml snapshots: a node's properties plus `relation:` (`ref('x')` or `source('s', 't')`). */
const snapshotPropertiesSchema = nodePropertiesSchema.extend(snapshotPropertiesShape).strict();
export type SnapshotProperties = z.infer<typeof snapshotPropertiesSchema>;

/** Rows of a unit test's `given` or `expect`: a list of mappings, a CSV string, a SQL query, or a fixture file. */
const fixtureFields = {
  rows: z.union([z.array(z.record(z.string(), z.unknown())), z.string()]).optional(),
  format: z.enum(['dict', 'csv', 'sql']).default('dict'),
  fixture: z.string().min(1).optional(),
};

/** A dbt-1.8 unit test: a model, rows for each of its inputs, and the rows it must return. */
export const unitTestSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must start with a letter or _ and hold only letters, digits and _'),
    model: z.string().min(1),
    description: z.string().optional(),
    given: z.array(z.object({ input: z.string().min(1), ...fixtureFields }).strict()).default([]),
    expect: z.object(fixtureFields).strict(),
    overrides: z
      .object({
        vars: z.record(z.string(), z.unknown()),
        macros: z.record(z.string(), z.unknown()),
        env_vars: z.record(z.string(), z.string()),
      })
      .partial()
      .strict()
      .optional(),
    config: z.object({ tags: stringOrList, enabled: z.boolean(), meta: z.record(z.string(), z.unknown()) }).partial().strict().optional(),
  })
  .strict();
export type UnitTestDefinition = z.infer<typeof unitTestSchema>;

export const propertiesFileSchema = z
  .object({
    version: z.number().optional(),
    models: z.array(nodePropertiesSchema).optional(),
    seeds: z.array(nodePropertiesSchema).optional(),
    snapshots: z.array(snapshotPropertiesSchema).optional(),
    sources: z.array(sourceDeclarationSchema).optional(),
    analyses: z.array(analysisPropertiesSchema).optional(),
    unit_tests: z.array(unitTestSchema).optional(),
    exposures: z.array(exposureSchema).optional(),
    groups: z.array(groupSchema).optional(),
    macros: z.array(macroPropertiesSchema).optional(),
    semantic_models: z.array(semanticModelSchema).optional(),
    metrics: z.array(metricSchema).optional(),
    saved_queries: z.array(savedQuerySchema).optional(),
  })
  .strict();

