import { Command, Option } from 'commander';
import { UsageError } from '../core/errors.js';
import type { SeenFiles } from '../project/source-reader.js';
import type { Prefetch } from '../project/prefetch.js';
import type { CompileWorker } from '../compile/template-pool.js';
import { BUILD_COMMANDS, commonOptions, logCompiled, type CliContext } from './cli-context.js';
import { registerDocsCommands } from './commands-docs.js';
import { addIngestOptions } from './commands-ingest.js';

/**
 * Command implementations load when their command runs: `weir --version` or a `weir compile` that
 * the partial-parse cache answers should not pay for the drivers, ingestion or YAML parsers.
 */
const admin = () => import('./commands-admin.js');
const inspect = () => import('./commands-inspect.js');
const build = () => import('./commands-build.js');

/** dbt's `--empty` commands (seed as in dbt 1.12): refs and sources read no rows. */
const EMPTY_COMMANDS = ['compile', 'run', 'seed', 'snapshot', 'build'];
const emptyOption = () => new Option('--empty', 'every ref and source reads no rows and seeds load none: checks every model\'s SQL on the warehouse in seconds');

const RESOURCE_TYPES = ['model', 'seed', 'snapshot', 'source', 'ingest', 'test', 'unit_test', 'analysis', 'exposure', 'metric', 'semantic_model', 'saved_query'];

/** Options every selecting command takes, with dbt's spelling. */
function withSelection(command: Command): Command {
  return command
    .option('-s, --select <selector...>', "nodes to include: names, +m, m+, 2+m, @m, tag:x, path:models/x, config.materialized:table")
    .option('-m, --models <selector...>', 'dbt\'s older spelling of --select')
    .option('--exclude <selector...>', 'nodes to leave out (same syntax)')
    .option('--selector <name>', 'a named selection from selectors.yml (instead of --select/--exclude)')
    .addOption(new Option('--indirect-selection <mode>', 'which tests come with the selected nodes (dbt\'s modes)').choices(['eager', 'cautious', 'buildable', 'empty']))
    .option('--state <dir>', "an earlier run's artifacts (its manifest.json), for state:modified / state:new and --defer");
}

/**
 * `weir compile` of a project in which nothing changed since a compile that changed nothing (see
 * workflow/compile-stamp.ts): answered before the project, the compiler or YAML are loaded.
 */
async function compileFromStampCommand(command: Command, context: CliContext, seen: SeenFiles): Promise<boolean> {
  const started = performance.now();
  if ((command.opts() as { inline?: string }).inline !== undefined) return false;
  const common = commonOptions(command, context);
  const { compileFromStamp, compileStampInputs } = await import('../workflow/compile-stamp.js');
  const stampInputs = compileStampInputs(common);
  if (!stampInputs) return false;
  const logger = context.output().logger;
  const models = await compileFromStamp(stampInputs, (event) => logger.log(event), seen);
  if (models === undefined) return false;
  logCompiled(common, models, models, started);
  return true;
}

/**
 * A cold compile's project files, read on a worker while this thread loads the compiler (see
 * project/prefetch.ts); only where the partial-parse reader will read every file.
 */
async function coldPrefetch(command: Command, context: CliContext): Promise<Prefetch | undefined> {
  const common = commonOptions(command, context);
  const env = common.env ?? process.env;
  const [{ startPrefetch }, { partialParseEnabled }] = await Promise.all([import('../project/prefetch.js'), import('../workflow/partial-parse.js')]);
  if (common.targetPath !== undefined || env.DBT_TARGET_PATH || !partialParseEnabled(common.partialParse, env)) return undefined;
  return startPrefetch(common.projectDir);
}

/**
 * A cold compile of a big project parses and renders on both cores (see compile/parallel-templates.ts):
 * the worker starts before the project is loaded, counted big enough by the prefetch's listing (which
 * this waits for), so its modules load meanwhile. Off unless WEIR_COMPILE_WORKER=1 (all, only: any size): on the
 * loaded 2-core machine it was measured on, it cost more than it saved (bench/README.md).
 */
async function coldCompileWorker(command: Command, context: CliContext, prefetch: Prefetch | undefined): Promise<CompileWorker | undefined> {
  if (!prefetch) return undefined;
  const env = commonOptions(command, context).env ?? process.env;
  const [{ startCompileWorker }, { POOL_MIN_TEMPLATES }] = await Promise.all([import('../workflow/compile-pool.js'), import('../compile/template-pool.js')]);
  const mode = env.WEIR_COMPILE_WORKER;
  if (mode !== '1' && mode !== 'all' && mode !== 'only') return undefined;
  if ((prefetch.count('.sql') ?? 0) < (mode === '1' ? POOL_MIN_TEMPLATES : 0)) return undefined;
  return startCompileWorker(env);
}

const threadsOption = () =>
  new Option('--threads <n>', 'how many nodes to build at once (default: target threads, else 4)').argParser((v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--threads must be a positive whole number, got '${v}'`);
    return n;
  });

export function registerCommands(program: Command, context: CliContext): void {
  withSelection(program.command('compile').description('render models to target/compiled and write target/manifest.json'))
    .addOption(emptyOption())
    .option('--inline <sql>', 'print this query compiled with the project (may use ref(), source() and macros); nothing is written')
    .option('--watch', 'compile, then again on every save (only the edited files when it can), until Ctrl-C')
    .action(async (opts: { watch?: boolean }, command: Command) => {
      if (opts.watch) return (await build()).watchCompileCommand(command, context);
      // The stamp's check stats and lists every file; on a miss the compile goes by what it saw.
      const seen: SeenFiles = { stats: new Map(), listings: new Map() };
      const prefetch = await coldPrefetch(command, context);
      if (await compileFromStampCommand(command, context, seen)) return;
      await (await inspect()).compileCommand(command, context, seen, prefetch, () => coldCompileWorker(command, context, prefetch));
    });

  program.command('parse').description('read and check the whole project and write target/manifest.json (no database)')
    .action(async (_opts, command: Command) => (await inspect()).parseCommand(command, context));

  for (const { name, description, types } of BUILD_COMMANDS) {
    const command = program.command(name).description(description);
    if (name === 'analyse') command.alias('analyze');
    if (name === 'ingest' || name === 'build') addIngestOptions(command);
    if (EMPTY_COMMANDS.includes(name)) command.addOption(emptyOption());
    // dbt's --store-failures: on the commands that run data tests.
    if (name === 'run' || name === 'build') {
      command.option('--event-time-start <time>', 'microbatch models: build the batches from this time (ISO date or timestamp, UTC)')
        .option('--event-time-end <time>', 'microbatch models: build the batches up to this time (ISO date or timestamp, UTC)');
    }
    if (name === 'test' || name === 'build') command.option('--store-failures', "store every failing test's rows in a table (as store_failures: true), unless a test's config says otherwise");
    withSelection(command)
      .addOption(threadsOption())
      .option('--junit <path>', 'also write the results as JUnit XML (for CI systems)')
      .option('-x, --fail-fast', 'stop at the first failure')
      .option('--full-refresh', 'rebuild incremental models from scratch')
      .option('--defer', 'read unselected upstream models from the --state run when this target lacks them')
      .option('--favor-state', 'with --defer: read them from the --state run even when this target has them')
      .option('--watch', 'build, then rebuild what each saved change touches, until Ctrl-C')
      .addOption(new Option('--resource-type <type...>', 'only these kinds of the ones this command builds').choices(RESOURCE_TYPES))
      .addOption(new Option('--exclude-resource-type <type...>', 'leave out these kinds').choices(RESOURCE_TYPES))
      .action(async (_opts, command: Command) => (await build()).buildCommand(command, context, types, name));
  }

  withSelection(program.command('source').description('commands on sources').command('freshness')
    .description('check how old the newest row of each source is (loaded_at_field, warn_after, error_after)'))
    .action(async (_opts, command: Command) => (await import('./commands-source.js')).sourceFreshnessCommand(command, context));

  program.command('retry').description('re-run the nodes that failed or were skipped in the last run, with its command')
    .addOption(threadsOption())
    .option('--junit <path>', 'also write the results as JUnit XML (for CI systems)')
    .option('-x, --fail-fast', 'stop at the first failure')
    .action(async (_opts, command: Command) => (await build()).retryCommand(command, context));

  withSelection(program.command('ls').alias('list').description('list the selected nodes'))
    .addOption(new Option('--output <format>', 'what to print per node').choices(['name', 'path', 'selector', 'json']).default('selector'))
    .option('--output-keys <key...>', 'with --output json: only these keys (name, unique_id, depends_on, ...)')
    .addOption(new Option('--resource-type <type...>', 'only these kinds').choices([...RESOURCE_TYPES, 'all', 'default']))
    .addOption(new Option('--exclude-resource-type <type...>', 'leave out these kinds').choices(RESOURCE_TYPES))
    .action(async (_opts, command: Command) => (await inspect()).lsCommand(command, context));

  withSelection(program.command('show').description("preview a model's (or an inline query's) first rows"))
    .option('--inline <sql>', 'a query to preview (may use ref() and source())')
    .option('--limit <n>', 'rows to show', (v) => Number(v), 5)
    .action(async (_opts, command: Command) => (await inspect()).showCommand(command, context));

  withSelection(program.command('validate')
    .description('dry run: bind every selected model against the warehouse in DAG order without reading data; report every error'))
    .action(async (_opts, command: Command) => (await import('./commands-lineage.js')).validateCommand(command, context));

  withSelection(program.command('diff')
    .description('data diff: compare the selected models here (A) with the relations of the --state run or of --target-b (B), as SQL in the warehouse'))
    .option('--target-b <target>', 'compare with the same models built in this target (another database or engine): hashed key buckets, not a join')
    .option('--max-rows <n>', 'with --target-b: the most rows of one side to fetch from key buckets that differ', (v) => Number(v), 1_000_000)
    .option('--key <column...>', "columns that identify a row (default: the model's unique_key)")
    .option('--sample <n>', 'sample rows to show of each kind', (v) => Number(v), 5)
    .option('--fail-on-diff', 'exit 1 when anything differs (for CI)')
    .addOption(new Option('--output <format>', 'text for people, json for machines').choices(['text', 'json']).default('text'))
    .action(async (_opts, command: Command) => (await import('./commands-diff.js')).diffCommand(command, context));

  program.command('lineage').argument('[column]', '<model>.<column> to trace (without: only write target/lineage.json)')
    .description('column-level lineage: write target/lineage.json; with <model>.<column>, print its upstream and downstream columns')
    .addOption(new Option('--output <format>', 'text for people, json for machines').choices(['text', 'json']).default('text'))
    .action(async (column: string | undefined, _opts, command: Command) => (await import('./commands-lineage.js')).lineageCommand(column, command, context));

  program.command('run-operation').argument('<macro>', "a macro of the project's macros/")
    .description('run a macro on the target (execute is true), as dbt run-operation')
    .option('--args <yaml>', "the macro's keyword arguments, as YAML: '{table: orders, days: 7}'")
    .action(async (macro: string, _opts, command: Command) => (await import('./commands-operation.js')).runOperationCommand(macro, command, context));

  program.command('debug').description('check project.yml, the target and the connection')
    .action(async (_opts, command: Command) => (await admin()).debugCommand(command, context));
  program.command('clean').description('delete the target folder (compiled SQL, artifacts)')
    .action(async (_opts, command: Command) => (await admin()).cleanCommand(command, context));
  program.command('deps').description("install packages.yml's dbt packages into dbt_packages/ and write package-lock.yml")
    .option('--upgrade', 'resolve the version ranges again instead of installing what package-lock.yml pins')
    .action(async (_opts, command: Command) => (await import('./commands-deps.js')).depsCommand(command, context));
  program.command('init').argument('[name]', 'folder and project name', 'my_project')
    .description('create a new project that builds at once')
    .action(async (name: string, _opts, command: Command) => (await admin()).initCommand(name, command, context));
  registerDocsCommands(program, context);
}
