import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import type { LogEvent, Logger } from '../core/logger.js';
import { toJson } from '../core/json.js';
import { createDbtEventFormatter } from './dbt-events.js';
import { showsLevel, type LogLevelFlag } from './log-flags.js';
import type { LogFormat } from './output.js';
import { WEIR_VERSION } from '../core/version.js';

/** dbt's file handler: rotated at 10 MB, five old files kept (dbt.log.1 ... dbt.log.5). */
const MAX_BYTES = 10 * 1024 * 1024;
const BACKUPS = 5;

export interface LogFileOptions {
  readonly projectDir: string;
  /** `--log-path` (else DBT_LOG_PATH, else dbt_project.yml's log-path, else logs/ for a dbt project). */
  readonly logPath?: string | undefined;
  readonly format: LogFormat;
  /** `--log-level-file`: debug by default, as dbt's file log. */
  readonly floor: LogLevelFlag;
  readonly invocationId: string;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Where the file log goes, as dbt decides it. A dbt project logs to `logs/dbt.log` unless told
 * otherwise (so CI steps that keep logs/dbt.log find it); a weir project (project.yml) logs to a
 * file only when --log-path or DBT_LOG_PATH asks, to `weir.log`.
 */
export function logFilePath(options: Pick<LogFileOptions, 'projectDir' | 'logPath' | 'env'>): string | undefined {
  const root = resolve(options.projectDir);
  const dbtProject = !existsSync(join(root, 'project.yml')) && existsSync(join(root, 'dbt_project.yml'));
  const asked = options.logPath ?? options.env.DBT_LOG_PATH;
  const dir = asked ?? (dbtProject ? projectLogPath(join(root, 'dbt_project.yml')) ?? 'logs' : undefined);
  if (dir === undefined) return undefined;
  return join(isAbsolute(dir) ? dir : join(root, dir), dbtProject ? 'dbt.log' : 'weir.log');
}

/** dbt_project.yml's `log-path`, when it is a plain string (a broken file is the project loader's error to report). */
function projectLogPath(file: string): string | undefined {
  try {
    const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
    const value = (parse(readFileSync(file, 'utf8')) as Record<string, unknown> | null)?.['log-path'];
    return typeof value === 'string' && !value.includes('{{') ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A logger that appends every event at or above `floor` to the log file, in text or dbt's JSON
 * lines. Events are already redacted where they are made, so the file holds no secret the console
 * would not. A file that cannot be opened is said once on `console` and the run goes on.
 */
export function createFileLogger(options: LogFileOptions, console: Logger): Logger | undefined {
  const path = logFilePath(options);
  if (!path) return undefined;
  let fd: number;
  try {
    mkdirSync(resolve(path, '..'), { recursive: true });
    rotate(path);
    fd = openSync(path, 'a');
  } catch (error) {
    console.log({ level: 'warn', code: 'log_file', message: `cannot write the log file ${path}: ${(error as Error).message}; logging to the console only` });
    return undefined;
  }
  const events = options.format === 'json' ? createDbtEventFormatter(options.invocationId) : undefined;
  const write = (text: string) => {
    try {
      writeSync(fd, text);
    } catch {
      // A full disk must not stop the build; the console still has every line.
    }
  };
  if (events) write(`${toJson(events.start(WEIR_VERSION))}\n`);
  else write(`\n${'='.repeat(20)} ${new Date().toISOString()} | ${options.invocationId} ${'='.repeat(20)}\n`);
  process.once('exit', () => closeSync(fd));
  return {
    log: (e: LogEvent) => {
      if (!showsLevel(options.floor, e.level)) return;
      if (events) {
        for (const event of events.format(e)) write(`${toJson(event)}\n`);
        return;
      }
      const d = (e.data ?? {}) as Record<string, unknown>;
      const outcome = e.code === 'node_finish' ? ` [${String(d.status ?? '').toUpperCase()} in ${Number(d.executionTime ?? 0).toFixed(2)}s]` : '';
      write(`${new Date().toISOString()} [${e.level}] ${e.message.replace(/\n/g, '\n  ')}${outcome}\n`);
    },
  };
}

function rotate(path: string): void {
  if (!existsSync(path) || statSync(path).size < MAX_BYTES) return;
  for (let i = BACKUPS - 1; i >= 1; i--) {
    if (existsSync(`${path}.${i}`)) renameSync(`${path}.${i}`, `${path}.${i + 1}`);
  }
  renameSync(path, `${path}.1`);
}

/** The file first, then the console (which may throw: --warn-error turns a warning into an error there). */
export function teeLogger(file: Logger | undefined, console: Logger): Logger {
  if (!file) return console;
  return {
    log: (e) => {
      file.log(e);
      console.log(e);
    },
  };
}
