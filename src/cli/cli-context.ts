import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { NO_OP_TYPES } from '../compile/no-sql-nodes.js';
import { UsageError } from '../core/errors.js';
import type { IndirectSelection } from '../graph/index.js';
import type { CommonOptions } from '../workflow/open-project.js';
import type { LogFormat, Output } from './output.js';
import type { LogLevelFlag } from './log-flags.js';

/**
 * What the command modules share: the options every command reads and the context main() hands
 * them. Its own module, so commands.ts (which registers the commands) and the commands-*.ts
 * modules (which run them) both import it instead of each other.
 */
export interface GlobalOptions {
  projectDir: string;
  target?: string;
  vars?: string;
  logFormat: LogFormat;
  verbose?: boolean;
  partialParse?: boolean;
  profilesDir?: string;
  targetPath?: string;
  debug?: boolean;
  quiet?: boolean;
  logLevel?: LogLevelFlag;
  logPath?: string;
  logFormatFile?: LogFormat;
  logLevelFile?: LogLevelFlag;
  warnError?: boolean;
  warnErrorOptions?: string;
}

export interface CliContext {
  /** The command's invocation id: its log events' and its artifacts'. */
  readonly invocationId: string;
  output(): Output;
  setExit(code: number): void;
}

export interface SelectionFlags {
  select?: string[];
  models?: string[];
  exclude?: string[];
  state?: string;
  selector?: string;
  indirectSelection?: IndirectSelection;
  empty?: boolean;
  storeFailures?: boolean;
}

/** The building commands and which resource types each builds; `weir retry` re-runs one of them. */
export const BUILD_COMMANDS: ReadonlyArray<{ readonly name: string; readonly description: string; readonly types: readonly string[] }> = [
  { name: 'run', description: 'build the selected models', types: ['model'] },
  { name: 'seed', description: 'load seeds/*.csv as tables', types: ['seed'] },
  { name: 'test', description: 'run the data and unit tests of the selected nodes', types: ['test', 'unit_test'] },
  { name: 'snapshot', description: 'record the selected snapshots: type-2 history of their queries (dbt snapshots)', types: ['snapshot'] },
  { name: 'build', description: 'load seeds, ingest sources, build models and snapshots, run their tests and analyses, in DAG order', types: ['seed', 'ingest', 'model', 'snapshot', 'test', 'unit_test', 'analysis', ...NO_OP_TYPES] },
  { name: 'analyse', description: 'run the selected analyses: statistics, charts and results (models must be built)', types: ['analysis'] },
  { name: 'ingest', description: 'load source tables from their ingest: blocks (JSON APIs, CSV/JSON files)', types: ['ingest'] },
];

export function commonOptions(command: Command, context: CliContext): CommonOptions {
  const global = command.optsWithGlobals() as GlobalOptions & SelectionFlags;
  return {
    projectDir: global.projectDir,
    target: global.target,
    vars: parseVars(global.vars),
    select: global.models ? [...(global.select ?? []), ...global.models] : global.select,
    exclude: global.exclude,
    state: global.state,
    selector: global.selector,
    indirectSelection: global.indirectSelection,
    empty: global.empty,
    storeFailures: global.storeFailures,
    partialParse: global.partialParse,
    profilesDir: global.profilesDir,
    targetPath: global.targetPath,
    logger: context.output().logger,
    invocationId: context.invocationId,
  };
}



function parseVars(text: string | undefined): Record<string, unknown> | undefined {
  return text === undefined ? undefined : parseMappingOption('--vars', text, '{key: value}');
}

/** A command-line option holding a YAML (or JSON) mapping: `--vars`, `run-operation --args`. */
export function parseMappingOption(flag: string, text: string, example: string, what = 'a YAML mapping'): Record<string, unknown> {
  let value: unknown;
  try {
    const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
    value = parse(text);
  } catch (error) {
    throw new UsageError(`${flag} is not valid YAML: ${(error as Error).message.split('\n')[0]}`, { hint: `write it like ${flag} '${example}'` });
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`${flag} must be ${what}`, { hint: `write it like ${flag} '${example}'` });
  }
  return value as Record<string, unknown>;
}



export function logCompiled(common: CommonOptions, models: number, selected: number, started: number, targetDir = join(resolve(common.projectDir), 'target')): void {
  common.logger.log({
    level: 'info', code: 'compiled',
    message: `Compiled ${models} models (${selected} selected) in ${((performance.now() - started) / 1000).toFixed(2)}s; SQL in ${targetDir}/compiled, manifest in ${targetDir}/manifest.json`,
    data: { models, selected },
  });
}


