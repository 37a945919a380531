import { randomUUID } from 'node:crypto';
import { Command, Option } from 'commander';
import { WEIR_VERSION } from '../core/version.js';
import { createOutput, type LogFormat, type Output } from './output.js';
import { registerCommands } from './commands.js';
import type { GlobalOptions } from './cli-context.js';
import { reportError } from './report-error.js';
import { LOG_LEVELS, logFloor, parseWarnError, warnErrorLogger } from './log-flags.js';
import { createFileLogger, teeLogger } from './log-file.js';
import { addDbtNoOpFlags, unsupportedDbtFlags, withDbtSpellings } from './dbt-flags.js';

import { EXIT_OK } from './report-error.js';

export { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './report-error.js';


/** Runs the CLI and resolves to the exit code; never calls process.exit, so it is testable in-process. */
export async function main(argv: readonly string[]): Promise<number> {
  // One invocation id for the command's log events and its artifacts (run_results.json, manifest.json).
  const invocationId = randomUUID();
  let output: Output = createOutput(argv.includes('json') && argv.includes('--log-format') ? 'json' : 'text', process.stdout, false, 'info', invocationId);
  const program = new Command('weir')
    .description('SQL-first data transformation: compile templated SQL models into a DAG and build them')
    .version(WEIR_VERSION)
    .showHelpAfterError('(run weir --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  program
    .addOption(new Option('--project-dir <dir>', 'project folder (holds project.yml or dbt_project.yml)').default(process.cwd(), 'current folder'))
    .addOption(new Option('--target <name>', 'target in project.yml (or output of the dbt profile) to use (default: default_target, else dev)'))
    .addOption(new Option('--profiles-dir <dir>', 'dbt projects: the folder holding profiles.yml (also DBT_PROFILES_DIR; default: the project folder, then ~/.dbt)'))
    .addOption(new Option('--vars <yaml>', "variables over project.yml's vars, as YAML: '{start_date: 2024-01-01}'"))
    .addOption(new Option('--log-format <format>', 'text for people, json for machines').choices(['text', 'json']).default('text'))
    .addOption(new Option('-v, --verbose', 'show debug events (template log() calls, SQL)'))
    .addOption(new Option('-q, --quiet', 'show only errors (and what a command was asked to print, such as ls)'))
    .addOption(new Option('--log-level <level>', 'the least severe events shown').choices(LOG_LEVELS))
    .addOption(new Option('--log-path <dir>', 'write the log file here (also DBT_LOG_PATH; a dbt project logs to logs/dbt.log by default)'))
    .addOption(new Option('--log-format-file <format>', 'the log file\'s format (default: --log-format)').choices(['text', 'json']))
    .addOption(new Option('--log-level-file <level>', 'the least severe events the log file keeps').choices(LOG_LEVELS).default('debug'))
    .addOption(new Option('--warn-error', 'treat every warning as an error (test warnings fail; a project warning stops the command)'))
    .addOption(new Option('--warn-error-options <yaml>', `which warnings are errors, as dbt: '{"error": "all", "warn": ["NoNodesForSelectionCriteria"]}'`))
    .addOption(new Option('--no-partial-parse', 'parse every file again instead of reusing target/partial_parse.json (also WEIR_PARTIAL_PARSE=0)'))
    .addOption(new Option('--target-path <dir>', "write artifacts here instead of the project file's target-path (dbt's flag; also DBT_TARGET_PATH in a dbt project)"))
    .addOption(new Option('-d, --debug', "dbt's spelling of --verbose"));
  addDbtNoOpFlags(program);
  let exitCode = EXIT_OK;
  let ran: { command: string; started: number } | undefined;
  registerCommands(program, {
    invocationId,
    output: () => output,
    setExit: (code) => void (exitCode = Math.max(exitCode, code)),
  });
  program.hook('preAction', (command, action) => {
    const opts = command.optsWithGlobals() as GlobalOptions;
    // `--output json` (ls, lineage, diff) and every `ls`/`list`: stdout holds only the results, so a pipe
    // (`weir ls | xargs`) reads clean names or JSON; text logs and warnings go to stderr.
    const cleanStdout = ((action.opts() as { output?: string }).output === 'json' || action.name() === 'ls') && opts.logFormat === 'text';
    const verbose = opts.verbose ?? opts.debug ?? false;
    const console = createOutput(opts.logFormat, cleanStdout ? process.stderr : process.stdout, verbose, logFloor({ ...opts, verbose }), invocationId);
    const plain: Output = cleanStdout ? { ...console, print: (line) => void process.stdout.write(`${line}\n`) } : console;
    const file = createFileLogger({
      projectDir: opts.projectDir, logPath: opts.logPath, format: opts.logFormatFile ?? opts.logFormat,
      floor: opts.logLevelFile ?? 'debug', invocationId, env: process.env,
    }, plain.logger);
    output = { ...plain, logger: warnErrorLogger(teeLogger(file, plain.logger), parseWarnError(opts.warnError, opts.warnErrorOptions)) };
    for (const message of unsupportedDbtFlags(opts as { print?: boolean; writeJson?: boolean })) output.logger.log({ level: 'warn', code: 'dbt_flag_unsupported', message });
    ran = { command: action.name(), started: performance.now() };
  });
  try {
    await program.parseAsync(withDbtSpellings(argv));
  } catch (error) {
    exitCode = reportError(error, output);
  }
  if (ran) output.completed(ran.command, exitCode === EXIT_OK, (performance.now() - ran.started) / 1000);
  return exitCode;
}
