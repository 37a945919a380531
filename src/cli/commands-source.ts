import type { Command } from 'commander';
import { sourceFreshness } from '../workflow/source-freshness.js';
import { commonOptions, type CliContext } from './cli-context.js';

/** `weir source freshness`: one line per source table, exit 1 when any is past error_after. */
export async function sourceFreshnessCommand(command: Command, context: CliContext) {
  const common = commonOptions(command, context);
  const results = await sourceFreshness(common);
  const logger = context.output().logger;
  for (const r of results) {
    const level = r.status === 'pass' ? 'info' : r.status === 'warn' ? 'warn' : 'error';
    logger.log({ level, code: 'source_freshness', message: `${r.status.toUpperCase()} freshness of ${r.source}: ${r.message}`, data: { ...r } });
  }
  const count = (s: string) => results.filter((r) => r.status === s).length;
  const errors = count('error') + count('runtime error');
  logger.log({
    level: errors ? 'error' : 'info', code: 'summary',
    message: results.length === 0
      ? 'No selected source has loaded_at_field and freshness set; nothing to check.'
      : `Checked ${results.length} source table${results.length === 1 ? '' : 's'}: PASS=${count('pass')} WARN=${count('warn')} ERROR=${errors}`,
  });
  context.setExit(errors > 0 ? 1 : 0);
}
