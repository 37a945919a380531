import type { Command } from 'commander';
import { loadAnyProject } from '../dbt-project/load-any-project.js';
import { projectLoadOptions } from '../workflow/open-project.js';
import { planRetry } from '../workflow/retry.js';
import { runProject, type RunOutcome, type RunOptions } from '../workflow/run-project.js';
import { watchProject } from '../workflow/watch.js';
import { reportError } from './report-error.js';
import { BUILD_COMMANDS, commonOptions, type CliContext, type GlobalOptions } from './cli-context.js';
import { isWarnError, parseWarnError } from './log-flags.js';
import { writeJunit } from './junit.js';
import { UsageError } from '../core/errors.js';
import { parseIsoTime } from '../core/iso-time.js';

interface BuildFlags {
  threads?: number;
  eventTimeStart?: string;
  eventTimeEnd?: string;
  failFast?: boolean;
  fullRefresh?: boolean;
  junit?: string;
  defer?: boolean;
  favorState?: boolean;
  watch?: boolean;
  fromLake?: boolean;
  record?: string;
  live?: boolean;
  resourceType?: string[];
  excludeResourceType?: string[];
}

/** Whether --warn-error (or its options) makes a warning test fail. */
function testWarningsFail(command: Command): boolean {
  const global = command.optsWithGlobals() as GlobalOptions;
  return isWarnError(parseWarnError(global.warnError, global.warnErrorOptions), 'test_result');
}

/** run / seed / build: build, then a dbt-style summary, and the errors once more at the end. */
export async function buildCommand(command: Command, context: CliContext, builds: readonly string[], name: string) {
  const flags = command.opts() as BuildFlags;
  // dbt's --resource-type / --exclude-resource-type narrow what the command builds.
  const resourceTypes = builds.filter((t) => (!flags.resourceType || flags.resourceType.includes(t)) && !flags.excludeResourceType?.includes(t));
  const common = commonOptions(command, context);
  const options: RunOptions = {
    ...common, threads: flags.threads, failFast: flags.failFast ?? false, fullRefresh: flags.fullRefresh ?? false, testWarningsFail: testWarningsFail(command),
    defer: flags.defer ?? false, favorState: flags.favorState ?? false, ...eventTimeWindow(flags),
    ingest: { fromLake: flags.fromLake ?? false, recordDir: flags.record, live: flags.live ?? false },
  };
  if (flags.watch) return watchCommand(options, context, resourceTypes, name);
  await reportRun(await interruptible(context, (signal) => runProject({ ...options, signal }, resourceTypes, name)), context, flags.junit);
}

/**
 * Runs with Ctrl-C (SIGINT) and SIGTERM (a scheduler or container stopping it) handled alike: the
 * first one cancels the running statements (they roll back), starts no new node, and the run
 * reports and exits 130 (143 for SIGTERM); a second one quits at once.
 */
async function interruptible(context: CliContext, run: (signal: AbortSignal) => Promise<RunOutcome>): Promise<RunOutcome> {
  const controller = new AbortController();
  let exitCode = 130;
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(exitCode);
    exitCode = signal === 'SIGTERM' ? 143 : 130;
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const outcome = await run(controller.signal);
    if (controller.signal.aborted) context.setExit(exitCode);
    return outcome;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * `--watch`: rebuild on every save until Ctrl-C. The first Ctrl-C lets running nodes finish (each
 * is atomic anyway) and closes the database; a second one exits at once.
 */
async function watchCommand(options: RunOptions, context: CliContext, resourceTypes: readonly string[], name: string, compileOnly = false) {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    context.output().logger.log({ level: 'warn', code: 'watch_stopping', message: 'Stopping: letting running nodes finish (Ctrl-C again to quit at once)' });
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  try {
    // Each rebuild is an invocation of its own (its artifacts, its run folders): not the command's id.
    const { invocationId: _commandId, ...perRebuild } = options;
    await watchProject(perRebuild, resourceTypes, name, {
      signal: controller.signal,
      report: (outcome) => reportRun(outcome, context, undefined, false),
      reportError: (error) => void reportError(error, context.output()),
      compileOnly,
    });
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}

/** `weir compile --watch`: compile and write the artifacts on every save, until Ctrl-C (no database). */
export async function watchCompileCommand(command: Command, context: CliContext) {
  return watchCommand({ ...commonOptions(command, context) }, context, ['model'], 'compile', true);
}

/** `weir retry`: the failed and skipped nodes of the last run, with that run's command and settings. */
export async function retryCommand(command: Command, context: CliContext) {
  const flags = command.opts() as BuildFlags;
  const common = commonOptions(command, context);
  const plan = planRetry(loadAnyProject(common.projectDir, projectLoadOptions(common)).targetDir, BUILD_COMMANDS.map((c) => c.name));
  const logger = context.output().logger;
  if (plan.nodeIds.size === 0) {
    logger.log({ level: 'info', code: 'nothing_to_retry', message: `Nothing to retry: the last '${plan.command}' had no failed or skipped nodes.` });
    return;
  }
  logger.log({
    level: 'info', code: 'retry',
    message: `Retrying '${plan.command}': ${plan.failed} failed and ${plan.skipped} skipped node${plan.failed + plan.skipped === 1 ? '' : 's'} of the last run`,
    data: { command: plan.command, failed: plan.failed, skipped: plan.skipped },
  });
  const options: RunOptions = {
    ...common, target: common.target ?? plan.target, threads: flags.threads ?? plan.threads,
    failFast: flags.failFast ?? false, fullRefresh: plan.fullRefresh, storeFailures: plan.storeFailures, empty: plan.empty, onlyIds: plan.nodeIds, retryBatches: plan.batches, testWarningsFail: testWarningsFail(command),
  };
  await reportRun(await interruptible(context, (signal) => runProject({ ...options, signal }, BUILD_COMMANDS.find((c) => c.name === plan.command)!.types, plan.command)), context, flags.junit);
}

/** How many nodes of each kind the run had, as dbt counts them ("table model", "seed", "test"). */
function countKinds(outcome: RunOutcome): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const result of outcome.results) {
    const node = outcome.opened.compiled.nodes.get(result.uniqueId);
    if (!node) {
      if (result.uniqueId.startsWith('operation.')) kinds['project hook'] = (kinds['project hook'] ?? 0) + 1;
      continue;
    }
    const kind = node.resourceType === 'model' ? `${node.config.materialized} model` : node.resourceType.replace('_', ' ');
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  return kinds;
}

async function reportRun(outcome: RunOutcome, context: CliContext, junit: string | undefined, setsExit = true) {
  const { results } = outcome;
  const count = (...statuses: string[]) => results.filter((r) => statuses.includes(r.status)).length;
  const errors = results.filter((r) => r.status === 'error' || r.status === 'fail');
  const logger = context.output().logger;
  const pass = count('success', 'pass');
  const warn = count('warn');
  const noop = count('no-op');
  const verdict = errors.length === 0 ? `Completed successfully${warn ? ` with ${warn} warning${warn === 1 ? '' : 's'}` : ''}` : `Completed with ${errors.length} error${errors.length === 1 ? '' : 's'}`;
  logger.log({
    level: errors.length ? 'error' : 'info',
    code: 'summary',
    message: `Finished ${results.length} node${results.length === 1 ? '' : 's'} in ${outcome.elapsedTime.toFixed(2)}s. ${verdict}: PASS=${pass} WARN=${warn} ERROR=${errors.length} SKIP=${count('skipped')} NO-OP=${noop} TOTAL=${results.length}`,
    data: { pass, warn, error: errors.length, skip: count('skipped'), noop, total: results.length, elapsedTime: outcome.elapsedTime, kinds: countKinds(outcome) },
  });
  // A failed project hook is told once, below (hookFailure), with its place and hint.
  for (const error of errors.filter((e) => !e.uniqueId.startsWith('operation.'))) {
    const node = outcome.opened.compiled.nodes.get(error.uniqueId);
    const message = error.status === 'fail' && node?.unitTest
      ? `unit test '${node.name}' of model '${node.unitTest.model}' (${node.unitTest.place}) failed:\n${error.message}`
      : error.status === 'fail'
      ? `test '${node?.name}' (${node?.path}) failed: ${error.message}; SQL: ${error.compiledPath}`
      : error.message;
    logger.log({ level: 'error', code: 'node_error', message, data: {
      uniqueId: error.uniqueId, status: error.status, resourceType: node?.resourceType, materialized: node?.config.materialized, path: node?.path,
    } });
  }
  if (outcome.hookFailure) {
    const { message, hint } = outcome.hookFailure;
    logger.log({ level: 'error', code: 'hook_error', message: hint ? `${message}\n  hint: ${hint}` : message });
  }
  if (junit) await writeJunit(junit, outcome);
  if (results.length === 0) {
    logger.log({ level: 'warn', code: 'nothing_selected', message: 'Nothing to do: the selection matched no node this command builds.' });
  }
  if (setsExit) context.setExit(errors.length > 0 || outcome.hookFailure ? 1 : 0);
}

/** dbt's --event-time-start / --event-time-end: ISO dates or timestamps (UTC), the start before the end. */
function eventTimeWindow(flags: BuildFlags): { eventTimeStart?: Date; eventTimeEnd?: Date } {
  const parse = (flag: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const date = parseIsoTime(text);
    if (!date) throw new UsageError(`${flag}: '${text}' is not a date or timestamp`, { hint: 'write it in ISO format: 2024-01-01 or 2024-01-01T06:00:00 (UTC)' });
    return date;
  };
  const start = parse('--event-time-start', flags.eventTimeStart);
  const end = parse('--event-time-end', flags.eventTimeEnd);
  if (start && end && start >= end) throw new UsageError('Value for `--event-time-start` must be less than `--event-time-end`', { hint: `got ${flags.eventTimeStart} and ${flags.eventTimeEnd}` });
  return { ...(start ? { eventTimeStart: start } : {}), ...(end ? { eventTimeEnd: end } : {}) };
}
