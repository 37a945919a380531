import type { TestMetadata } from './test-names.js';
import type { Dag } from '../graph/index.js';
import type { Materialization } from '../project/schemas.js';
import type { ColumnProperties, ConstraintProperties } from '../project/column-schema.js';
import type { AnalysisSpec } from '../project/analysis-schema.js';
import type { UnitTestSpec } from '../testing/unit-test-spec.js';
import type { IngestConfig } from '../ingest/config.js';
import type { TemplateCache } from './render-cache.js';
/** A description's doc blocks, beside it (a column's are on the column): the manifest's doc_blocks. */
export type { DocUses } from '../project/doc-blocks.js';

/** The config a node ends up with after project.yml folders, properties yml and `config()`. */
export interface ResolvedConfig {
  readonly enabled: boolean;
  readonly materialized: Materialization | 'seed' | 'source' | 'test' | 'unit_test' | 'analysis' | 'ingest' | 'snapshot' | NoSqlResourceType;
  readonly schema: string | undefined;
  readonly alias: string | undefined;
  readonly tags: readonly string[];
  readonly unique_key: readonly string[] | undefined;
  readonly incremental_strategy: 'append' | 'merge' | 'delete+insert' | 'microbatch';
  readonly on_schema_change: 'ignore' | 'append_new_columns' | 'fail';
  readonly pre_hook: readonly string[];
  readonly post_hook: readonly string[];
  readonly full_refresh: boolean | undefined;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly column_types: Readonly<Record<string, string>>;
  readonly delimiter: string | undefined;
  /** dbt's merge options (see execute/materializations/incremental.ts). */
  readonly merge_update_columns?: readonly string[] | undefined;
  readonly merge_exclude_columns?: readonly string[] | undefined;
  readonly incremental_predicates?: string | readonly string[] | undefined;
  /** dbt-trino's table properties (see adapters/trino/dialect.ts); other engines ignore them. */
  readonly properties?: Readonly<Record<string, string | number | boolean>> | undefined;
  readonly [key: string]: unknown;
}

/** An enforced model contract: the columns and types the model must return, and its constraints. */
export interface Contract {
  readonly columns: ReadonlyArray<{ readonly name: string; readonly dataType: string }>;
  readonly constraints: ReadonlyArray<{
    readonly type: 'not_null' | 'unique' | 'primary_key' | 'check' | 'foreign_key' | 'custom';
    readonly columns: readonly string[];
    readonly expression: string | undefined;
  }>;
  /** The properties file that declares it, for messages. */
  readonly file: string;
}

export interface Relation {
  /** Printed first when set: dbt projects name every relation with its database, as dbt does (see compile-project.ts). */
  readonly database?: string | undefined;
  readonly schema: string;
  readonly identifier: string;
}

export type CompiledResourceType = 'model' | 'seed' | 'source' | 'test' | 'unit_test' | 'analysis' | 'ingest' | 'snapshot' | NoSqlResourceType;

/** dbt's semantic layer: nodes of the graph that describe the project for MetricFlow. */
export type SemanticResourceType = 'semantic_model' | 'metric' | 'saved_query';

/** Nodes of the graph that run no SQL: exposures and the semantic layer (see no-sql-nodes.ts). */
export type NoSqlResourceType = 'exposure' | SemanticResourceType;

/** What an exposure says besides its dependencies (dbt's manifest fields). */
export interface ExposureSpec {
  readonly type: string;
  readonly owner: Readonly<Record<string, unknown>>;
  readonly label: string | undefined;
  readonly maturity: string | undefined;
  readonly url: string | undefined;
  readonly metrics: ReadonlyArray<readonly string[]>;
}

/**
 * A node after compilation: plain frozen data that later stages read and never change. Seeds and
 * sources carry no SQL; models carry their rendered SQL (and the `is_incremental()` variant).
 */
/** What dbt's manifest says of a model version. */
export interface ModelVersionInfo {
  /** The model's name, `dim_customers`. */
  readonly name: string;
  readonly version: string;
  readonly latest: string;
  readonly deprecationDate?: string | undefined;
}

/** A singular test (a SQL file under tests/): dbt gives it no test_metadata. */
export interface SingularTestSpec {
  readonly type: 'singular';
  readonly name: string;
  readonly attachedNode: undefined;
  readonly columnName: undefined;
}

export interface GenericTestSpec {
  readonly type: 'generic';
  readonly name: string;
  /** dbt's test_metadata: name, namespace and kwargs as written (its unique_id hashes it). */
  readonly metadata: TestMetadata;
  readonly attachedNode: string | undefined;
  readonly columnName: string | undefined;
  /** Where the tested node lives, to check the column when the query fails. */
  readonly attachedRelation?: Relation | undefined;
  /** A custom generic test's call, to render it again at execution when it asks the warehouse. */
  readonly call?: CustomTestCall;
}

export interface CompiledNode {
  readonly uniqueId: string;
  readonly resourceType: CompiledResourceType;
  readonly name: string;
  readonly packageName: string;
  /** Root-relative POSIX path of the defining file (`models/a.sql`, `seeds/b.csv`, `models/src.yml`). */
  readonly path: string;
  readonly absolutePath: string;
  readonly fqn: readonly string[];
  readonly config: ResolvedConfig;
  /** A version of a dbt versioned model; `name` above is its file stem (`dim_customers_v2`). */
  readonly version?: ModelVersionInfo | undefined;
  /** Where the node lives in the database; `undefined` for ephemeral models. */
  readonly relation: Relation | undefined;
  readonly description: string;
  readonly columns: Readonly<Record<string, ColumnProperties>>;
  /** Doc blocks (`doc.<package>.<name>`) its description reads; a column's are on the column (DocUses). */
  readonly docBlocks?: readonly string[];
  /** The properties file that describes this node, if any. */
  readonly patchPath: string | undefined;
  readonly rawCode: string;
  /** The SQL to build from scratch (ephemeral CTEs already inlined). */
  readonly compiledCode: string;
  /** The SQL when `is_incremental()` is true; only set for models that call it. */
  readonly incrementalCode: string | undefined;
  readonly dependsOn: { readonly nodes: readonly string[]; readonly macros: readonly string[] };
  /** `ref()` and `source()` calls as written, for the manifest. */
  readonly refs: ReadonlyArray<{ readonly name: string; readonly package: string | undefined; readonly version?: string }>;
  readonly sources: ReadonlyArray<readonly [string, string]>;
  /** For exposures: type, owner, label, maturity, url and metrics. */
  readonly exposure?: ExposureSpec;
  /** For semantic models, metrics and saved queries: the yml entry, kept for the manifest. */
  readonly semantic?: SemanticSpec;
  /**
   * Its template asks the warehouse (run_query, statement, adapter.get_relation...): compiledCode is
   * what dbt's parse sees (`execute` false), and the execute stage renders it again on the warehouse.
   */
  readonly renderAtExecution?: true;
  /** For data tests: what is tested, and how. */
  readonly test?: GenericTestSpec | SingularTestSpec;
  /** For unit tests: the fixtures, expected rows and the model rendered against them. */
  readonly unitTest?: UnitTestSpec;
  /** A model's own constraints as its properties write them (`constraints:` beside `columns:`). */
  readonly constraints?: readonly ConstraintProperties[];
  /** For models with `contract: {enforced: true}`. */
  readonly contract?: Contract;
  /** For snapshots: the strategy, key and column names (dbt's type-2 history table). */
  readonly snapshot?: SnapshotSpec;
  /** For analyses: what to compute from the query's rows (undefined: compile only, as in dbt). */
  readonly analysis?: AnalysisSpec;
  /** For seeds of a dbt project: whole numbers load as `integer`, as dbt types them (see ProjectSettings.dbtProject). */
  readonly seedIntegers?: 'integer';
  /** For sources (and their ingest nodes): the source name; `name` is the table. */
  readonly sourceName?: string;
  /** For models: dbt 1.9's MetricFlow time spine, as declared (the manifest's `time_spine`). */
  readonly timeSpine?: { readonly standard_granularity_column: string; readonly custom_granularities: readonly unknown[] };
  /** For sources: the source's own description (the table's is `description`). */
  readonly sourceDescription?: string;
  /** For ingest nodes: how the table is loaded (env_var() still unrendered: secrets stay out of artifacts). */
  readonly ingest?: IngestConfig;
  /** For sources: dbt's freshness check, inherited from the source when the table sets none. */
  readonly freshness?: { readonly loadedAtField?: string | undefined; readonly warnAfter?: FreshnessPeriod | undefined; readonly errorAfter?: FreshnessPeriod | undefined; readonly filter?: string | undefined };
}

/** A snapshot's checked config: everything its materialization needs besides the query. */
export interface SnapshotSpec {
  readonly strategy: 'timestamp' | 'check';
  /** Columns or SQL expressions; a row's key is all of them together. */
  readonly uniqueKey: readonly string[];
  /** A column or expression; for `check`, optional (the snapshot's time is used). */
  readonly updatedAt: string | undefined;
  readonly checkCols: 'all' | readonly string[] | undefined;
  readonly hardDeletes: 'ignore' | 'invalidate' | 'new_record';
  /** A SQL expression for current rows' valid_to instead of null (`dbt_valid_to_current`). */
  readonly validToCurrent: string | undefined;
  /** The meta columns' names (`snapshot_meta_column_names`). */
  readonly columns: { readonly dbt_valid_from: string; readonly dbt_valid_to: string; readonly dbt_scd_id: string; readonly dbt_updated_at: string; readonly dbt_is_deleted: string };
}

export interface FreshnessPeriod {
  readonly count: number;
  readonly period: 'minute' | 'hour' | 'day';
}

/** A dbt group: its owner, and where it is declared. */
export interface CompiledGroup {
  readonly uniqueId: string;
  readonly name: string;
  readonly path: string;
  readonly owner: Readonly<Record<string, unknown>>;
  readonly description: string | undefined;
  readonly meta: Readonly<Record<string, unknown>>;
}

/** A macro as the manifest lists it: its SQL, the macros it calls, and its `macros:` properties. */
export interface CompiledMacro {
  readonly uniqueId: string;
  readonly name: string;
  readonly packageName: string;
  readonly path: string;
  /** The `{% macro %}...{% endmacro %}` block as written (dbt's macro_sql). */
  readonly sql: string;
  /** Ids of the manifest's macros it calls. */
  readonly dependsOn: readonly string[];
  readonly description: string;
  readonly arguments: ReadonlyArray<{ readonly name: string; readonly type: string | null; readonly description: string }>;
  readonly docs: { readonly show: boolean; readonly node_color: string | null };
  readonly meta: Readonly<Record<string, unknown>>;
  /** The properties file that describes it, if any. */
  readonly patchPath: string | null;
  /** Doc blocks its description and arguments read. */
  readonly docBlocks: readonly string[];
}

/** What a semantic model, metric or saved query says besides its dependencies. */
export interface SemanticSpec {
  /** The yml entry as written. */
  readonly spec: Readonly<Record<string, unknown>>;
  /** A semantic model's model (for the manifest's node_relation). */
  readonly model?: CompiledNode | undefined;
  /** A metric's measures, its own and those of the metrics it combines (dbt's input_measures). */
  readonly inputMeasures?: readonly string[];
}

export interface CompiledProject {
  readonly projectName: string;
  /** dbt's groups (models name them with `group:`). */
  readonly groups?: readonly CompiledGroup[];
  readonly nodes: ReadonlyMap<string, CompiledNode>;
  /** Disabled models, snapshots, analyses, seeds and sources, as dbt's manifest lists them (never built or selected). */
  readonly disabled?: readonly CompiledNode[];
  /** The graph of every node (models, seeds, sources) by their refs; built while compiling. */
  readonly dag: Dag;
  /** The macros of the project and of its installed packages (weir's built-ins are not listed). */
  readonly macros: ReadonlyArray<CompiledMacro>;
  /** Doc blocks, for the manifest's `docs`. */
  readonly docs?: ReadonlyArray<{ readonly uniqueId: string; readonly name: string; readonly path: string; readonly contents: string }>;
  /** With a partial-parse cache: the entries for the next compile, and how many templates were parsed and rendered. */
  /** `onWorker`: how many templates a compile worker parsed and rendered (see parallel-templates.ts). */
  readonly templateCache?: TemplateCache & { readonly parsed: number; readonly rendered: number; readonly reused: number; readonly onWorker?: number };
}

/** A custom generic test's call, as its properties file gives it (a leaf type: render and compile both read it). */
export interface CustomTestCall {
  /** The arguments from the properties file. */
  readonly arguments: Readonly<Record<string, unknown>>;
  /** What `model` prints as: the tested relation, or the `where` subquery over it. */
  readonly model: string;
  readonly columnName: string | undefined;
}
