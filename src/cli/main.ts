import { Command, CommanderError, Option } from 'commander';
import { DiagnosticsError, formatDiagnostic } from '../core/diagnostics.js';
import { DatabaseError, UsageError, WeirError, errorMessage } from '../core/errors.js';
import { WEIR_VERSION } from '../artifacts/manifest.js';
import { createOutput, type LogFormat, type Output } from './output.js';
import { registerCommands } from './commands.js';

/** Exit codes: 0 success, 1 a node failed, 2 bad usage or configuration. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export interface GlobalOptions {
  projectDir: string;
  target?: string;
  vars?: string;
  logFormat: LogFormat;
  verbose?: boolean;
}

/** Runs the CLI and resolves to the exit code; never calls process.exit, so it is testable in-process. */
export async function main(argv: readonly string[]): Promise<number> {
  let output: Output = createOutput(argv.includes('json') && argv.includes('--log-format') ? 'json' : 'text');
  const program = new Command('weir')
    .description('SQL-first data transformation: compile templated SQL models into a DAG and build them')
    .version(WEIR_VERSION)
    .showHelpAfterError('(run weir --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  program
    .addOption(new Option('--project-dir <dir>', 'project folder (holds project.yml)').default(process.cwd(), 'current folder'))
    .addOption(new Option('--target <name>', 'target in project.yml to use (default: default_target, else dev)'))
    .addOption(new Option('--vars <yaml>', "variables over project.yml's vars, as YAML: '{start_date: 2024-01-01}'"))
    .addOption(new Option('--log-format <format>', 'text for people, json for machines').choices(['text', 'json']).default('text'))
    .addOption(new Option('-v, --verbose', 'show debug events (template log() calls, SQL)'));
  let exitCode = EXIT_OK;
  registerCommands(program, {
    output: () => output,
    setExit: (code) => void (exitCode = Math.max(exitCode, code)),
  });
  program.hook('preAction', (command) => {
    const opts = command.optsWithGlobals() as GlobalOptions;
    output = createOutput(opts.logFormat, process.stdout, opts.verbose ?? false);
  });
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    return reportError(error, output);
  }
}

function reportError(error: unknown, output: Output): number {
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
