import { LATEST_RESULTS, mergeLatestResults, readLatestResults } from '../artifacts/latest-results.js';
import { packageRoots } from '../compile/dbt-paths.js';
import { ADAPTERS } from '../adapters/registry.js';
import type { Adapter } from '../adapters/types.js';
import { buildRunResults, writeArtifact } from '../artifacts/index.js';
import { executeNodes } from '../execute/index.js';
import { executionContexts, executionRenderer, hookRenderer, materializationRunner, queryCommenter, relationDatabase } from '../compile/index.js';
import type { ExecuteOptions, NodeResult } from '../execute/types.js';
import { analysisMaterializations, finishAnalyses } from './analyses.js';
import { buildGraphWithTests } from './build-graph.js';
import { openProject, selectForCommand, type CommonOptions, type OpenedProject } from './open-project.js';
import { withColumnLineage } from './column-selection.js';
import { resolveDeferrals } from './defer.js';
import { writeArtifacts } from './write-artifacts.js';
import { runEndHooks, runStartHooks } from './run-hooks.js';
import type { WeirError } from '../core/errors.js';

export { compileOnly, writeArtifacts } from './write-artifacts.js';

export interface RunOptions extends CommonOptions {
  readonly threads?: number | undefined;
  readonly failFast?: boolean;
  /** `--warn-error`: data tests that warn fail. */
  readonly testWarningsFail?: boolean;
  readonly fullRefresh?: boolean;
  /** `--defer` (with `--state`): read unselected upstream nodes from the state's relations. */
  readonly defer?: boolean;
  readonly favorState?: boolean;
  /** `weir retry`: exactly these nodes, instead of evaluating `select`/`exclude`. */
  readonly onlyIds?: ReadonlySet<string>;
  /** Aborting it (Ctrl-C) cancels the statements running now (they roll back) and starts no new node. */
  readonly signal?: AbortSignal | undefined;
  /** Ingest nodes: replay from the lake, record responses, environment for env_var(). */
  readonly ingest?: ExecuteOptions['ingest'];
  /** `--event-time-start` / `--event-time-end` (microbatch models). */
  readonly eventTimeStart?: Date;
  readonly eventTimeEnd?: Date;
  /** `weir retry`: the batches of microbatch models to build again (see retry.ts). */
  readonly retryBatches?: ExecuteOptions['retryBatches'];
}

export interface RunOutcome {
  readonly opened: OpenedProject;
  readonly results: readonly NodeResult[];
  readonly elapsedTime: number;
  /** An on-run-end hook that failed (the command fails once the run is reported). */
  readonly hookFailure?: WeirError | undefined;
}

/** The commands dbt runs on-run-start / on-run-end for. */
const HOOKED_COMMANDS = new Set(['run', 'build', 'seed', 'snapshot', 'test']);

export const DEFAULT_THREADS = 4;

/** Connects to the target with a pool of `threads` sessions. The caller closes the adapter. */
export async function connect(opened: OpenedProject, threads: number): Promise<Adapter> {
  const create = await ADAPTERS[opened.target.type]!.load();
  return create(opened.target.config, { projectRoot: opened.project.root, threads });
}

/**
 * `weir run` / `seed` / `build`: compile, build the selected nodes of these resource types in DAG
 * order, and write manifest.json and run_results.json.
 */
export async function runProject(options: RunOptions, resourceTypes: readonly string[], command: string): Promise<RunOutcome> {
  let opened = await withColumnLineage(openProject({ ...options, command: options.command ?? command }), options);
  const chosen = options.onlyIds
    ? new Set([...opened.dag.nodes.keys()].filter((id) => options.onlyIds!.has(id)))
    : selectForCommand(opened, options, resourceTypes, true);
  // dbt's analyses (no kind in their yml) are compiled only: `build` neither runs nor counts them, as dbt's.
  const compileOnly = (id: string) => {
    const node = opened.compiled.nodes.get(id);
    return command === 'build' && node?.resourceType === 'analysis' && !node.analysis;
  };
  const selected = new Set([...chosen].filter((id) => !compileOnly(id)));
  const threads = options.threads ?? opened.target.threads ?? DEFAULT_THREADS;
  if (!options.defer) await writeArtifacts(opened);
  const adapter = await connect(opened, threads);
  let release: (() => Promise<void>) | undefined;
  const cancel = () => {
    options.logger.log({ level: 'warn', code: 'run_cancelled', message: 'Interrupted: cancelling the running statements (their transactions roll back); no new node starts.' });
    void adapter.cancel?.().catch(() => undefined);
  };
  try {
    release = await adapter.lockTarget?.((message) => options.logger.log({ level: 'info', code: 'lock_wait', message }));
    options.signal?.addEventListener('abort', cancel, { once: true });
    if (options.defer) {
      const deferred = await resolveDeferrals(opened, selected, adapter, { favorState: options.favorState ?? false, logger: options.logger });
      // Recompile so refs to deferred nodes render their state relations; keep the undeferred
      // fingerprints, so this run's manifest still describes the project, not the deferral.
      if (deferred.size > 0) opened = { ...openProject({ ...options, deferredRelations: deferred }), fingerprints: opened.fingerprints };
      await writeArtifacts(opened);
    }
    const { signal, ...rest } = options;
    const hooked = HOOKED_COMMANDS.has(command);
    const started = hooked ? await runStartHooks(opened, adapter, selected, options.logger) : [];
    const runOptions = { ...rest, threads, ...(signal ? { signal } : {}) };
    const outcome = await buildSelected(opened, selected, adapter, runOptions, resourceTypes, command);
    const ended = hooked ? await runEndHooks(opened, adapter, outcome.results, options.logger) : undefined;
    // As dbt 1.9+: the project hooks are results too (run_results.json, PASS=...), before and after the
    // nodes; and as dbt, run_results.json is written once, after the end hooks.
    const results = [...started, ...outcome.results, ...(ended?.results ?? [])];
    await writeRunResults(opened, results, runOptions, command, outcome.elapsedTime);
    return { ...outcome, results, hookFailure: ended?.failure };
  } finally {
    options.signal?.removeEventListener('abort', cancel);
    await release?.();
    await adapter.close();
  }
}

type SelectedRunOptions = RunOptions & { readonly threads: number; readonly signal?: AbortSignal };

/**
 * Builds `selected` on an open adapter and writes run_results.json; the caller owns the adapter
 * (watch mode keeps one open across rebuilds). Aborting `signal` lets running nodes finish and
 * starts no more.
 */
export async function runSelected(
  opened: OpenedProject, selected: ReadonlySet<string>, adapter: Adapter, options: SelectedRunOptions, resourceTypes: readonly string[], command: string,
): Promise<RunOutcome> {
  const outcome = await buildSelected(opened, selected, adapter, options, resourceTypes, command);
  await writeRunResults(opened, outcome.results, options, command, outcome.elapsedTime);
  return outcome;
}

/** runSelected without writing run_results.json (runProject writes it once, its project hooks included). */
async function buildSelected(
  opened: OpenedProject, selected: ReadonlySet<string>, adapter: Adapter, options: SelectedRunOptions, resourceTypes: readonly string[], command: string,
): Promise<RunOutcome> {
  const { threads } = options;
  const started = performance.now();
  options.logger.log({
    level: 'info', code: 'run_start',
    message: `Running ${selected.size} node${selected.size === 1 ? '' : 's'} with ${threads} thread${threads === 1 ? '' : 's'} on ${adapter.describe()}`,
    data: { nodes: selected.size, threads, target: opened.target.name, invocationId: opened.invocationId },
  });
  const analyses = resourceTypes.includes('analysis') ? await analysisMaterializations(opened, adapter, selected) : undefined;
  // Only `build` makes a node wait for its parents' tests; `test` runs every selected test and skips none, as `dbt test` does.
  const dag = command === 'build' ? buildGraphWithTests(opened.compiled) : opened.dag;
  const hasUnitTests = [...selected].some((id) => opened.compiled.nodes.get(id)?.resourceType === 'unit_test');
  const sandbox = hasUnitTests ? await openSandbox(opened, adapter, threads) : undefined;
  let results: NodeResult[];
  // The macros an execution-time render needs are compiled once, when the first node needs them.
  const contexts = executionContexts(opened.project, opened.compiled, opened.compileOptions, opened.executionMacros);
  try {
    results = await executeNodes(opened.compiled, dag, selected, {
      adapter, sandbox, projectRoot: opened.project.root, targetDir: opened.project.targetDir, packageRoots: packageRoots(opened.project), threads,
      failFast: options.failFast ?? false, testWarningsFail: options.testWarningsFail ?? false, fullRefresh: options.fullRefresh ?? false, empty: options.empty ?? false, storeFailures: options.storeFailures ?? false, logger: options.logger,
      queryComment: queryCommenter(opened.project, opened.compileOptions),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(analyses ? { materializations: analyses } : {}),
      renderAtExecution: executionRenderer(contexts, opened.compiled, opened.compileOptions),
      renderHook: hookRenderer(contexts, opened.compileOptions),
      customMaterializations: materializationRunner(contexts, opened.compileOptions),
      database: relationDatabase(opened.project, opened.target), eventTimeStart: options.eventTimeStart, eventTimeEnd: options.eventTimeEnd, retryBatches: options.retryBatches,
      ingest: { ...options.ingest, env: options.env ?? options.ingest?.env ?? process.env },
    });
  } finally {
    if (sandbox !== adapter) await sandbox?.close();
  }
  if (analyses) await finishAnalyses(opened, options.logger);
  const elapsedTime = (performance.now() - started) / 1000;
  return { opened, results, elapsedTime };
}

/** run_results.json, and the latest result of each node kept across runs (for `result:` selection). */
async function writeRunResults(opened: OpenedProject, results: readonly NodeResult[], options: RunOptions & { readonly threads: number }, command: string, elapsedTime: number): Promise<void> {
  const runResults = buildRunResults(results, {
    invocationId: opened.invocationId, generatedAt: new Date(), elapsedTime,
    args: { command, select: options.select ?? [], exclude: options.exclude ?? [], threads: options.threads, full_refresh: options.fullRefresh ?? false, empty: options.empty ?? false, store_failures: options.storeFailures ?? false,
      target: opened.target.name, ...(options.state ? { state: options.state, defer: options.defer ?? false } : {}) },
  }, opened.compiled.nodes, (node) => (node.relation ? opened.dialect.relation(node.relation) : undefined));
  const { targetDir } = opened.project;
  await writeArtifact(targetDir, 'run_results.json', runResults);
  await writeArtifact(targetDir, LATEST_RESULTS, mergeLatestResults(readLatestResults(targetDir), runResults, new Set(opened.compiled.nodes.keys())));
}

/**
 * Where unit tests run. On PostgreSQL, the warehouse itself, as dbt runs them: PostgreSQL's SQL
 * (integer division, to_char, quoted names) gives dbt's verdicts, and each test's tables live in
 * a transaction that is rolled back, so nothing persists and nobody sees them. Elsewhere an
 * in-memory DuckDB: the target's own engine for DuckDB; for Trino, whose DDL cannot be rolled
 * back, fast and never touching the cluster.
 */
async function openSandbox(opened: OpenedProject, adapter: Adapter, threads: number): Promise<Adapter> {
  if (adapter.type === 'postgres') return adapter;
  const create = await ADAPTERS.duckdb!.load();
  return create({ type: 'duckdb', path: ':memory:' }, { projectRoot: opened.project.root, threads });
}
