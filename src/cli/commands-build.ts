import type { Command } from 'commander';
import { runProject } from '../workflow/run-project.js';
import { commonOptions, type CliContext } from './commands.js';
import { writeJunit } from './junit.js';

interface BuildFlags {
  threads?: number;
  failFast?: boolean;
  fullRefresh?: boolean;
  junit?: string;
}

/** run / seed / build: build, then a dbt-style summary, and the errors once more at the end. */
export async function buildCommand(command: Command, context: CliContext, resourceTypes: readonly string[], name: string) {
  const flags = command.opts() as BuildFlags;
  const common = commonOptions(command, context);
  const outcome = await runProject(
    { ...common, threads: flags.threads, failFast: flags.failFast ?? false, fullRefresh: flags.fullRefresh ?? false },
    resourceTypes,
    name,
  );
  const { results } = outcome;
  const count = (...statuses: string[]) => results.filter((r) => statuses.includes(r.status)).length;
  const errors = results.filter((r) => r.status === 'error' || r.status === 'fail');
  const logger = context.output().logger;
  const pass = count('success', 'pass');
  const warn = count('warn');
  const verdict = errors.length === 0 ? `Completed successfully${warn ? ` with ${warn} warning${warn === 1 ? '' : 's'}` : ''}` : `Completed with ${errors.length} error${errors.length === 1 ? '' : 's'}`;
  logger.log({
    level: errors.length ? 'error' : 'info',
    code: 'summary',
    message: `Finished ${results.length} node${results.length === 1 ? '' : 's'} in ${outcome.elapsedTime.toFixed(2)}s. ${verdict}: PASS=${pass} WARN=${warn} ERROR=${errors.length} SKIP=${count('skipped')} TOTAL=${results.length}`,
    data: { pass, warn, error: errors.length, skip: count('skipped'), total: results.length, elapsedTime: outcome.elapsedTime },
  });
  for (const error of errors) {
    const node = outcome.opened.compiled.nodes.get(error.uniqueId);
    const message = error.status === 'fail'
      ? `test '${node?.name}' (${node?.path}) failed: ${error.message}; SQL: ${error.compiledPath}`
      : error.message;
    logger.log({ level: 'error', code: 'node_error', message, data: { uniqueId: error.uniqueId } });
  }
  if (flags.junit) await writeJunit(flags.junit, outcome);
  if (results.length === 0) {
    logger.log({ level: 'warn', code: 'nothing_selected', message: 'Nothing to do: the selection matched no node this command builds.' });
  }
  context.setExit(errors.length > 0 ? 1 : 0);
}
