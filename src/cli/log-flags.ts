import { createRequire } from 'node:module';
import { UsageError, WeirError } from '../core/errors.js';
import type { LogEvent, Logger, LogLevel } from '../core/logger.js';

/** `--log-level`: the least severe event shown; `none` shows nothing (results a person asked for still print). */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'none'] as const;
export type LogLevelFlag = (typeof LOG_LEVELS)[number];

const RANK: Record<LogLevelFlag, number> = { debug: 0, info: 1, warn: 2, error: 3, none: 4 };

/** The floor from the flags: `-q` is dbt's quiet (errors only), `-v` shows debug events. */
export function logFloor(flags: { quiet?: boolean | undefined; logLevel?: LogLevelFlag | undefined; verbose?: boolean | undefined }): LogLevelFlag {
  if (flags.quiet) return 'error';
  return flags.logLevel ?? (flags.verbose ? 'debug' : 'info');
}

export function showsLevel(floor: LogLevelFlag, level: LogLevel): boolean {
  return RANK[level] >= RANK[floor];
}

/**
 * `--warn-error` / `--warn-error-options`: which warnings become errors. Names are dbt's event
 * names (NoNodesForSelectionCriteria, LogTestResult, ...) or weir's event codes.
 */
export interface WarnErrorPolicy {
  readonly error: 'all' | readonly string[];
  readonly warn: readonly string[];
  readonly silence: readonly string[];
}

/** weir's event codes under the dbt event names a dbt user writes in --warn-error-options. */
const DBT_NAMES: Readonly<Record<string, string>> = {
  selection_warning: 'NoNodesForSelectionCriteria',
  nothing_selected: 'NothingToDo',
  template_warn: 'JinjaLogWarning',
  test_result: 'LogTestResult',
  project_warning: 'ProjectWarning',
};

/** Warnings that describe the run itself rather than the project: never turned into errors. */
const NOT_WARNINGS = new Set(['node_skipped', 'node_finish', 'run_cancelled', 'watch_stopping']);

export function parseWarnError(warnError: boolean | undefined, options: string | undefined): WarnErrorPolicy | undefined {
  if (options === undefined) return warnError ? { error: 'all', warn: [], silence: [] } : undefined;
  let value: unknown;
  try {
    value = (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(options);
  } catch (error) {
    throw new UsageError(`--warn-error-options is not valid YAML: ${(error as Error).message.split('\n')[0]}`, { hint: HINT });
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UsageError('--warn-error-options must be a mapping', { hint: HINT });
  const map = value as Record<string, unknown>;
  const unknown = Object.keys(map).filter((k) => !['include', 'exclude', 'error', 'warn', 'silence'].includes(k));
  if (unknown.length) throw new UsageError(`--warn-error-options: unknown key ${unknown.map((k) => `'${k}'`).join(', ')}`, { hint: HINT });
  const names = (key: string): string[] => {
    const v = map[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new UsageError(`--warn-error-options: '${key}' takes a list of event names`, { hint: HINT });
    return v as string[];
  };
  const include = map.error ?? map.include;
  const error = include === 'all' || include === '*' ? 'all' : names(map.error !== undefined ? 'error' : 'include');
  // --warn-error with options: the options say which (dbt refuses both; weir lets the options win).
  return { error, warn: [...names('exclude'), ...names('warn')], silence: names('silence') };
}

const HINT = `write it as dbt does: --warn-error-options '{"error": "all", "warn": ["NoNodesForSelectionCriteria"]}'`;

function matches(names: readonly string[], code: string): boolean {
  return names.includes(code) || (DBT_NAMES[code] !== undefined && names.includes(DBT_NAMES[code]!));
}

/** Whether a warning with this code is an error under the policy. */
export function isWarnError(policy: WarnErrorPolicy | undefined, code: string): boolean {
  if (!policy || NOT_WARNINGS.has(code) || matches(policy.warn, code) || matches(policy.silence, code)) return false;
  return policy.error === 'all' || matches(policy.error, code);
}

/**
 * A logger that stops at the first warning the policy makes an error, as dbt does: the warning is
 * thrown as an error where it was raised (so a parse warning stops the command before it builds),
 * and silenced warnings are not shown.
 */
export function warnErrorLogger(logger: Logger, policy: WarnErrorPolicy | undefined): Logger {
  if (!policy) return logger;
  return {
    log: (event: LogEvent) => {
      if (event.level !== 'warn') return logger.log(event);
      if (matches(policy.silence, event.code)) return;
      if (!isWarnError(policy, event.code)) return logger.log(event);
      throw new WeirError(`${event.message.replace(/^Warning:? ?/, '')}`, {
        hint: `--warn-error${policy.error === 'all' ? '' : '-options'} turns this warning (${DBT_NAMES[event.code] ?? event.code}) into an error`,
      });
    },
  };
}
