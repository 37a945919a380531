import type { Adapter, ColumnInfo, RelationRef, Session } from '../adapters/types.js';
import type { Logger } from '../core/logger.js';
import type { CompiledNode } from '../compile/types.js';
import type { ExecutionRenderer } from '../compile/execution-render.js';
import type { HookPlace, HookRenderer } from '../compile/hook-render.js';
import type { MaterializationRunner } from '../compile/materialization-render.js';
import type { IngestRunOptions } from '../ingest/index.js';
import type { Batch, EventTimeWindow } from '../core/microbatch-batches.js';

/**
 * Built nodes end in success or error; data tests in pass, warn or fail (error if the query broke);
 * saved queries and exposures, which `build` lists but runs nothing for, in dbt's no-op.
 */
export type NodeStatus = 'success' | 'error' | 'skipped' | 'pass' | 'warn' | 'fail' | 'no-op';

/** What happened to one node. A failure is a result like any other, never an escaping exception. */
export interface NodeResult {
  readonly uniqueId: string;
  readonly status: NodeStatus;
  readonly message: string;
  readonly rowsAffected: number | undefined;
  readonly startedAt: string | undefined;
  readonly completedAt: string | undefined;
  readonly executionTime: number;
  /** The statements run, as written to target/run (relative to the project root). */
  readonly runPath: string | undefined;
  readonly compiledPath: string | undefined;
  /** Which of the run's threads ran it (`Thread-1`...), as dbt names them; unset when it never ran. */
  readonly threadId?: string;
  readonly failures?: number;
  /** A microbatch model: the batches built and the ones that failed or were skipped (dbt's batch_results). */
  readonly batchResults?: BatchResults;
  /** For failing tests: the first failing rows. */
  readonly sample?: { readonly columns: readonly string[]; readonly rows: ReadonlyArray<Readonly<Record<string, unknown>>> };
}

export interface BatchResults {
  readonly successful: readonly Batch[];
  readonly failed: readonly Batch[];
}

export interface RunResults {
  readonly results: readonly NodeResult[];
  readonly elapsedTime: number;
  readonly generatedAt: string;
  readonly invocationId: string;
  readonly args: Readonly<Record<string, unknown>>;
}

/** Everything a materialization needs, passed explicitly. */
export interface MaterializeContext {
  readonly adapter: Adapter;
  readonly session: Session;
  readonly fullRefresh: boolean;
  /** `--empty`: seeds are created with their columns and types but no rows. */
  readonly empty?: boolean | undefined;
  /** `--store-failures`: data tests without their own store_failures config store their failing rows. */
  readonly storeFailures?: boolean | undefined;
  /** dbt's query comment for this node: puts it on each statement run (target/run keeps them without it). */
  readonly comment?: ((sql: string) => string) | undefined;
  /** Collects each statement as it is run, for target/run. */
  readonly statements: string[];
  /** Unit tests (whose adapter is the sandbox): reads a relation's columns from the warehouse catalog. */
  readonly catalog?: (relation: RelationRef) => Promise<ColumnInfo[]>;
  /** For ingest nodes: the project, environment and replay mode. */
  readonly ingest: IngestRunOptions;
  /** Aborted on Ctrl-C or SIGTERM: the node stops before its next statement (its transaction rolls back). */
  readonly signal?: AbortSignal | undefined;
  /** Renders one of the node's hooks as Jinja on its session (see compile/hook-render.ts); absent, hooks run as written. */
  readonly renderHook?: ((hook: string, place: HookPlace) => Promise<string>) | undefined;
  /** A microbatch model: renders it for one batch, and where its batches come from (see materializations/microbatch.ts). */
  readonly microbatch?: MicrobatchRun | undefined;
}

export interface MicrobatchRun extends EventTimeWindow {
  readonly renderBatch: (batch: Batch) => Promise<CompiledNode>;
  /** A retry: these batches instead of the planned ones, and the ones the last run built. */
  readonly retry?: BatchResults | undefined;
  readonly now: Date;
  /** Tells the console a batch started (status undefined) or ended. */
  readonly onBatch: (event: { index: number; total: number; batch: Batch; status?: 'success' | 'error' | 'skipped'; rows?: number | undefined; seconds?: number }) => void;
}

export interface Materialized {
  readonly rowsAffected: number | undefined;
  /** Data tests: the outcome and failing rows. */
  readonly test?: { readonly status: 'pass' | 'warn' | 'fail'; readonly failures: number; readonly sample: NodeResult['sample'] };
  /** `created table`, `created view`, `inserted into`, `loaded seed`... */
  readonly action: string;
  /** What a custom materialization returned it built (`{{ return({'relations': [...]}) }}`). */
  readonly relations?: ReadonlyArray<{ readonly schema: string | null; readonly identifier: string; readonly type: string | null }>;
  /** A microbatch model's batches; when some failed, the first error, which fails the node. */
  readonly batches?: BatchResults & { readonly error?: unknown };
  /** Done, but with something a person should look at (an analysis whose data cannot answer): `warn`. */
  readonly warn?: boolean;
}

export type Materialize = (node: CompiledNode, context: MaterializeContext) => Promise<Materialized>;

export interface ExecuteOptions extends EventTimeWindow {
  /** `weir retry`: by microbatch model, the last run's batches; only the failed ones are built again. */
  readonly retryBatches?: ReadonlyMap<string, BatchResults> | undefined;
  readonly adapter: Adapter;
  /** An in-memory database for unit tests, so they never touch the warehouse. */
  readonly sandbox?: Adapter | undefined;
  readonly projectRoot: string;
  /** Each package's folder (dbt_packages/kit) by name: its nodes' SQL goes under target/<kind>/<package>/ without it. */
  readonly packageRoots?: ReadonlyMap<string, string> | undefined;
  readonly targetDir: string;
  readonly threads: number;
  readonly failFast: boolean;
  readonly fullRefresh: boolean;
  /** `--empty` (see MaterializeContext). */
  readonly empty?: boolean | undefined;
  /** `--store-failures` (see MaterializeContext). */
  readonly storeFailures?: boolean | undefined;
  /** dbt's query-comment: what to put on a node's statements (see compile/query-comment.ts). */
  readonly queryComment?: ((node: CompiledNode) => ((sql: string) => string) | undefined) | undefined;
  /** `--warn-error`: a data test that warns fails instead (dbt's LogTestResult). */
  readonly testWarningsFail?: boolean | undefined;
  readonly logger: Logger;
  /** Aborted on Ctrl-C: running nodes finish (each is atomic), no new one starts. */
  readonly signal?: AbortSignal;
  /** Materializations supplied by the caller, by `config.materialized` (analyses come from src/analyses). */
  readonly materializations?: Readonly<Record<string, Materialize>>;
  /** Renders the nodes marked `renderAtExecution` again on the warehouse (dbt's execution-time render). */
  readonly renderAtExecution?: ExecutionRenderer | undefined;
  /** Renders models', seeds' and snapshots' pre-hooks and post-hooks as Jinja when they run. */
  readonly renderHook?: HookRenderer | undefined;
  /** The project's `{% materialization %}` blocks (dbt's custom materializations), run on the node's session. */
  readonly customMaterializations?: MaterializationRunner | undefined;
  /** The target's database, for the relations templates get from the warehouse. */
  readonly database?: string | undefined;
  /** Ingest nodes: replay from the lake, record responses, environment for env_var(). */
  readonly ingest?: { readonly fromLake?: boolean; readonly recordDir?: string | undefined; readonly live?: boolean | undefined; readonly env?: NodeJS.ProcessEnv } | undefined;
}
