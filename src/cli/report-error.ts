import { CommanderError } from 'commander';
import { DiagnosticsError, formatDiagnostic } from '../core/diagnostics.js';
import { DatabaseError, UsageError, WeirError, errorMessage } from '../core/errors.js';
import type { Output } from './output.js';

/** Exit codes: 0 success, 1 a node failed, 2 bad usage or configuration. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Shows an error that stopped a command (or, in watch mode, one rebuild) and says which exit code it means. */
export function reportError(error: unknown, output: Output): number {
  if (error instanceof CommanderError) {
    // Help and version are "errors" to commander; they already printed.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return EXIT_OK;
    return EXIT_USAGE;
  }
  const log = output.logger;
  if (error instanceof DiagnosticsError) {
    for (const d of error.diagnostics) {
      log.log({ level: 'error', code: 'diagnostic', message: formatDiagnostic(d).replace(/^Error:? ?/, '').replace(/^in /, ''), data: { ...d } });
    }
    const n = error.diagnostics.length;
    log.log({ level: 'error', code: 'aborted', message: `Found ${n} problem${n === 1 ? '' : 's'} in the project; nothing was run.` });
    return EXIT_USAGE;
  }
  if (error instanceof WeirError) {
    log.log({ level: 'error', code: error instanceof DatabaseError ? 'database_error' : 'usage_error', message: error.hint ? `${error.message}\n  hint: ${error.hint}` : error.message });
    return error instanceof UsageError || error instanceof DatabaseError ? EXIT_USAGE : EXIT_FAILURE;
  }
  log.log({ level: 'error', code: 'internal_error', message: `Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : errorMessage(error)}` });
  return EXIT_FAILURE;
}
