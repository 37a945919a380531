import type { Command } from 'commander';
import { runProject } from '../workflow/run-project.js';
import { commonOptions, type CliContext } from './commands.js';

interface BuildFlags {
  threads?: number;
  failFast?: boolean;
  fullRefresh?: boolean;
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
  const count = (status: string) => results.filter((r) => r.status === status).length;
  const errors = results.filter((r) => r.status === 'error');
  const logger = context.output().logger;
  const pass = count('success');
  const verdict = errors.length === 0 ? 'Completed successfully' : `Completed with ${errors.length} error${errors.length === 1 ? '' : 's'}`;
  logger.log({
    level: errors.length ? 'error' : 'info',
    code: 'summary',
    message: `Finished ${results.length} node${results.length === 1 ? '' : 's'} in ${outcome.elapsedTime.toFixed(2)}s. ${verdict}: PASS=${pass} ERROR=${errors.length} SKIP=${count('skipped')} TOTAL=${results.length}`,
    data: { pass, error: errors.length, skip: count('skipped'), total: results.length, elapsedTime: outcome.elapsedTime },
  });
  for (const error of errors) logger.log({ level: 'error', code: 'node_error', message: error.message, data: { uniqueId: error.uniqueId } });
  if (results.length === 0) {
    logger.log({ level: 'warn', code: 'nothing_selected', message: 'Nothing to do: the selection matched no node this command builds.' });
  }
  context.setExit(errors.length > 0 ? 1 : 0);
}
