import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import { ADAPTERS } from '../adapters/registry.js';
import type { Dialect } from '../adapters/types.js';
import { compileProjectKept, executionMacros, type CompileOptions, type ExecutionMacros, type KeptCompile } from '../compile/index.js';
import type { CompiledProject } from '../compile/types.js';
import type { Logger } from '../core/logger.js';
import { selectNodes, type Dag, type IndirectSelection } from '../graph/index.js';
import { checkSelectors, selectorExpression } from './selectors.js';
import { loadAnyProject } from '../dbt-project/load-any-project.js';
import { warningLine } from '../core/diagnostics.js';
import { resolveTarget, type ResolvedTarget } from '../project/targets.js';
import type { Project } from '../project/types.js';
import type { SeenFiles } from '../project/source-reader.js';
import type { Prefetch } from '../project/prefetch.js';
import { fingerprintNodes, type Fingerprint } from '../compile/fingerprint.js';
import type { ColumnLineageView, PriorRun, StateSets } from '../graph/index.js';
import { loadPriorRun } from './prior-run.js';
import { compareState, loadState, type PreviousState } from './state.js';
import { withInlineQuery } from './inline-query.js';
import { nodeId } from '../core/ids.js';
import { fragmentsKey } from './manifest-fragments.js';
import { compileOptionsFor, type CompileOptionInputs } from './compile-options.js';
import type { CompileWorker } from '../compile/template-pool.js';
import { partialParseEnabled, startPartialParse, type PartialParseOutcome, type PartialParseSession } from './partial-parse.js';

export interface CommonOptions {
  readonly projectDir: string;
  readonly target?: string | undefined;
  readonly vars?: Readonly<Record<string, unknown>> | undefined;
  readonly select?: readonly string[] | undefined;
  readonly exclude?: readonly string[] | undefined;
  /** `--state DIR`: a folder with an earlier run's manifest.json, for `state:` selection and `--defer`. */
  readonly state?: string | undefined;
  readonly logger: Logger;
  /** The command's invocation id (its log events carry it too); a new one when not given. */
  readonly invocationId?: string | undefined;
  readonly env?: NodeJS.ProcessEnv;
  /** `--no-partial-parse`: false turns off the cache in target/ (so does WEIR_PARTIAL_PARSE=0). */
  readonly partialParse?: boolean | undefined;
  /** `--profiles-dir`: where profiles.yml is, for a dbt project (else dbt's places, see dbt-project/profiles.ts). */
  readonly profilesDir?: string | undefined;
  /** `--target-path`: the target folder instead of the project file's. */
  readonly targetPath?: string | undefined;
  /** The command (dbt's `flags.WHICH`) and `--full-refresh`, for templates. */
  readonly command?: string | undefined;
  readonly fullRefresh?: boolean | undefined;
  /** `--empty`: refs and sources read no rows, seeds load none (dbt 1.8's schema-only dry run). */
  readonly empty?: boolean | undefined;
  /** `--store-failures`: tests without their own store_failures config store their failing rows (dbt's flags.STORE_FAILURES). */
  readonly storeFailures?: boolean | undefined;
  /** `--selector NAME` (selectors.yml). */
  readonly selector?: string | undefined;
  /** `--indirect-selection`: eager (default), cautious, buildable or empty. */
  readonly indirectSelection?: IndirectSelection | undefined;
  /** What the compile stamp's check saw of the files: the load and the partial-parse reader use it. */
  readonly seen?: SeenFiles | undefined;
  /** Project files a worker is reading ahead (a cold `weir compile`; see project/prefetch.ts). */
  readonly prefetch?: Prefetch | undefined;
  /** A cold `weir compile`'s worker for the second core (see compile-pool.ts); the compile closes it. */
  readonly compileWorker?: CompileWorker | undefined;
  /** Set by `--defer` (see defer.ts): refs to these nodes read these relations instead. */
  readonly deferredRelations?: ReadonlyMap<string, import('../compile/types.js').Relation>;
}

/** What loading a project needs from the command line (a dbt project's profile and Jinja read them). */
export function projectLoadOptions(options: Pick<CommonOptions, 'target' | 'vars' | 'env' | 'profilesDir' | 'targetPath'>) {
  return { target: options.target, vars: options.vars, env: options.env, profilesDir: options.profilesDir, targetPath: options.targetPath };
}

/** A project loaded, its target resolved, compiled, and its DAG built: what every command starts from. */
export interface OpenedProject {
  readonly project: Project;
  readonly target: ResolvedTarget;
  readonly dialect: Dialect;
  readonly compiled: CompiledProject;
  /** What it was compiled with: the execute stage renders some nodes again with the same (see compile/execution-render.ts). */
  readonly compileOptions: CompileOptions;
  readonly dag: Dag;
  /** What shapes each node's build, hashed (see compile/fingerprint.ts); written to the manifest. */
  readonly fingerprints: ReadonlyMap<string, Fingerprint>;
  /** With `--state`: the earlier run, and which nodes each `state:` value picks. */
  readonly previousState: PreviousState | undefined;
  readonly stateSets: StateSets | undefined;
  /** With `--state`: that run's results and freshness, for `result:` and `source_status:`. */
  readonly priorRun?: PriorRun | undefined;
  readonly invocationId: string;
  readonly startedAt: Date;
  /** With the partial-parse cache: whether this compile's output is the cached one's (see partial-parse.ts). */
  readonly partialParse?: PartialParseOutcome | undefined;
  /** With the partial-parse cache: what every manifest entry depends on alike (see manifest-fragments.ts). */
  readonly manifestKey?: string | undefined;
  /** The macros of renders at execution, compiled once for every run of this compile (see compile-session.ts). */
  readonly executionMacros?: ExecutionMacros | undefined;
  /** For `column:` selection, attached by withColumnLineage (see column-selection.ts) when a selector asks. */
  readonly columnLineage?: ColumnLineageView | undefined;
}

/** `inline`: an ad-hoc query (`weir show --inline`) compiled with the project as an analysis; see inline-query.ts. */
export function openProject(options: CommonOptions, inline?: { sql: string }): OpenedProject & { inlineId?: string } {
  return openProjectKept(options, inline).opened;
}

/** openProject, with what it takes to recompile an edited template alone (see compile-session.ts). */
export function openProjectKept(options: CommonOptions, inline?: { sql: string }): { opened: OpenedProject & { inlineId?: string }; kept: KeptCompile } {
  const startedAt = new Date();
  const env = options.env ?? process.env;
  let session: PartialParseSession | undefined;
  const loaded = loadAnyProject(options.projectDir, {
    ...projectLoadOptions(options),
    listings: options.seen?.listings,
    // One session for the project and its packages (each loaded by its own loadProjectFiles): the cache must
    // track every file, not only the last package's.
    ...(partialParseEnabled(options.partialParse, env) ? { reader: (targetDir: string) => (session ??= startPartialParse(targetDir, options.logger, options.seen?.stats, options.prefetch)).reader } : {}),
  });
  for (const warning of loaded.warnings) options.logger.log({ level: 'warn', code: 'project_warning', message: warningLine(warning), data: { file: warning.file, line: warning.line } });
  const withInline = inline && withInlineQuery(loaded, inline.sql);
  const project = withInline?.project ?? loaded;
  checkSelectors(project.selectors);
  const target = resolveTarget(project, options.target, options.env);
  const dialect = ADAPTERS[target.type]!.dialect;
  const invocationId = options.invocationId ?? randomUUID();
  const optionInputs: CompileOptionInputs = {
    target, invocationId, command: options.command, fullRefresh: options.fullRefresh, empty: options.empty, storeFailures: options.storeFailures,
    vars: options.vars, env: options.env, startedAt, deferredRelations: options.deferredRelations,
  };
  const compileOptions = compileOptionsFor(project, optionInputs, options.logger);
  // The worker builds the same options from plain data: the environment goes as it is now.
  const worker = options.compileWorker;
  if (worker && withInline) worker.close();
  const pool = worker && !withInline ? { worker, payload: { ...optionInputs, env: { ...env } } } : undefined;
  const { compiled, kept } = compileProjectKept(project, { ...compileOptions, cache: session?.cache.templates, pool });
  const fingerprints = fingerprintNodes(compiled.nodes, project.macros, (r) => dialect.relation(r), session?.knownBodies(compiled), compileOptions.empty);
  // The cache describes the project's files; an inline query is not one of them.
  const partialParse = withInline ? undefined : session?.finish(project, compiled, fingerprints);
  const manifestKey = partialParse && session && compiled.templateCache ? fragmentsKey(session.reader.files, compiled.templateCache, project, compileOptions) : undefined;
  const previousState = options.state === undefined ? undefined : loadState(options.state, process.cwd());
  if (previousState?.warning) options.logger.log({ level: 'warn', code: 'state_without_fingerprints', message: previousState.warning });
  if (previousState?.notice) options.logger.log({ level: 'info', code: 'state_from_dbt', message: previousState.notice });
  const stateSets = previousState && compareState(previousState, fingerprints, compiled.nodes);
  const priorRun = options.state === undefined ? undefined : loadPriorRun(dirname(previousState!.manifestPath), project.targetDir);
  const opened = {
    project, target, dialect, compiled, compileOptions, dag: compiled.dag, fingerprints, previousState, stateSets, priorRun, invocationId, startedAt, partialParse, manifestKey,
    executionMacros: executionMacros(project, compileOptions),
    ...(withInline ? { inlineId: nodeId('analysis', project.name, withInline.name) } : {}),
  };
  return { opened, kept };
}

/**
 * The selected nodes of the given resource types. Ephemeral models and sources are never built,
 * so they are never "selected for running", though selection walks through them. Tests come with
 * the nodes they test by dbt's indirect selection (see graph/selection.ts).
 */
export function selectForCommand(
  opened: OpenedProject,
  options: Pick<CommonOptions, 'select' | 'exclude' | 'logger' | 'selector' | 'indirectSelection'>,
  resourceTypes: readonly string[],
  buildableOnly: boolean,
): Set<string> {
  const expression = selectorExpression(opened.project.selectors, options, options.logger);
  const { selected, warnings } = selectNodes(opened.dag, {
    ...(options.select?.length ? { select: [...options.select] } : {}),
    ...(options.exclude?.length ? { exclude: [...options.exclude] } : {}),
    expression,
    indirect: options.indirectSelection,
    state: opened.stateSets,
    prior: opened.priorRun,
    columns: opened.columnLineage,
  });
  for (const warning of warnings) options.logger.log({ level: 'warn', code: 'selection_warning', message: warning });
  const result = new Set<string>();
  for (const id of selected) {
    const node = opened.compiled.nodes.get(id);
    if (!node || !resourceTypes.includes(node.resourceType)) continue;
    if (buildableOnly && (node.config.materialized === 'ephemeral' || node.resourceType === 'source')) continue;
    result.add(id);
  }
  return result;
}
