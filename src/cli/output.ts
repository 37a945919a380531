import { randomUUID } from 'node:crypto';
import { styleText } from 'node:util';
import type { LogEvent, Logger } from '../core/logger.js';
import { toJson } from '../core/json.js';
import { formatTable } from './table.js';
import { createProgressLine } from './progress-line.js';
import { createDbtEventFormatter } from './dbt-events.js';
import { WEIR_VERSION } from '../core/version.js';
import { showsLevel, type LogLevelFlag } from './log-flags.js';

export type LogFormat = 'text' | 'json';

export interface Output {
  readonly logger: Logger;
  /** Plain lines for results a person asked for (ls, show); JSON mode prints them as events too. */
  print(line: string): void;
  readonly color: boolean;
  /** The command's end (dbt's CommandCompleted in JSON mode). */
  completed(command: string, success: boolean, elapsedSeconds: number): void;
}

type Style = Parameters<typeof styleText>[0];

/** Colour only on a terminal, and never when NO_COLOR is set. */
export function useColor(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
}

/** `floor`: the least severe event shown (see log-flags.ts: --log-level, -q, -v). */
export function createOutput(format: LogFormat, stream: NodeJS.WriteStream = process.stdout, verbose = false, floor: LogLevelFlag = verbose ? 'debug' : 'info', invocationId = randomUUID()): Output {
  const color = format === 'text' && useColor(stream);
  const paint = (style: Style, text: string) => (color ? styleText(style, text) : text);
  const write = (line: string) => stream.write(`${line}\n`);
  if (format === 'json') {
    const events = createDbtEventFormatter(invocationId);
    let started = false;
    const emit = (e: LogEvent) => {
      if (!started) write(toJson(events.start(WEIR_VERSION)));
      started = true;
      for (const event of events.format(e)) write(toJson(event));
    };
    return {
      color: false,
      print: (line) => emit({ level: 'info', code: 'output', message: line }),
      logger: {
        log: (e) => {
          if (!showsLevel(floor, e.level)) return;
          emit(e);
        },
      },
      completed: (command, success, elapsed) => {
        if (!started) write(toJson(events.start(WEIR_VERSION)));
        started = true;
        write(toJson(events.completed(command, success, elapsed)));
      },
    };
  }
  const progress = stream.isTTY && !verbose ? createProgressLine(stream) : undefined;
  const writeLine = progress ? progress.write : write;
  return {
    color,
    print: writeLine,
    completed: () => undefined,
    logger: { log: (e) => {
      // The progress line (debug events) is drawn unless -q or --log-level asks for less than info.
      if (showsLevel(floor, 'info') && progress?.offer(e)) return;
      if (!showsLevel(floor, e.level)) return;
      const line = formatText(e, paint);
      if (line !== undefined) writeLine(line);
    } },
  };
}

const WIDTH = 72;

function time(): string {
  return new Date().toTimeString().slice(0, 8);
}

function dotted(left: string, right: string): string {
  const dots = Math.max(3, WIDTH - left.length);
  return `${left} ${'.'.repeat(dots)} ${right}`;
}

function formatText(e: LogEvent, paint: (style: Style, text: string) => string): string | undefined {
  const d = (e.data ?? {}) as Record<string, unknown>;
  switch (e.code) {
    case 'node_start':
      return `${time()}  ${dotted(`${d.index} of ${d.total} START ${d.kind ?? `${d.materialized} ${d.resourceType}`} ${d.relation}`, '[RUN]')}`;
    case 'node_finish': {
      const seconds = `${Number(d.executionTime ?? 0).toFixed(2)}s`;
      const head = `${d.index} of ${d.total}`;
      if ((d.resourceType === 'test' || d.resourceType === 'unit_test') && d.status !== 'error') {
        const word = d.status === 'pass' ? paint('green', 'PASS') : d.status === 'warn' ? paint('yellow', 'WARN') : paint('red', 'FAIL');
        const label = d.status === 'pass' ? 'PASS' : d.status === 'warn' ? 'WARN' : 'FAIL';
        // dbt's "FAIL 0" for a test that fails on no rows (error_if: '<1').
        const count = d.status !== 'pass' && typeof d.failures === 'number' ? `${d.failures} ` : '';
        const line = `${time()}  ${dotted(`${head} ${label} ${count}${d.relation}`, `[${word} in ${seconds}]`)}`;
        const sample = d.sample as { columns: string[]; rows: Record<string, unknown>[] } | undefined;
        if (d.resourceType === 'unit_test' && d.status === 'fail') return [line, ...e.message.split('\n').map((l) => `            ${l}`)].join('\n');
        return sample ? [line, ...formatTable(sample.columns, sample.rows).map((l) => `            ${l}`)].join('\n') : line;
      }
      // dbt 1.10's saved queries and exposures under build: nothing ran.
      if (d.status === 'no-op') return `${time()}  ${dotted(`${head} ${e.message}`, `[${paint('yellow', 'NO-OP')} in ${seconds}]`)}`;
      if (d.status === 'error') {
        return `${time()}  ${dotted(`${head} ERROR ${d.kind ?? `${d.materialized} ${d.resourceType}`} ${d.relation}`, `[${paint('red', 'ERROR')} in ${seconds}]`)}`;
      }
      const rows = d.rowsAffected === undefined ? '' : `${Number(d.rowsAffected).toLocaleString('en-US')} rows `;
      if (d.status === 'warn') return `${time()}  ${dotted(`${head} WARN ${e.message}`, `[${paint('yellow', 'WARN')} in ${seconds}]`)}`;
      return `${time()}  ${dotted(`${head} OK ${e.message}`, `[${paint('green', 'OK')} ${rows}in ${seconds}]`)}`;
    }
    case 'node_skipped':
      return `${time()}  ${paint('yellow', e.message)}`;
    case 'summary':
      return `\n${time()}  ${e.message}`;
    default: {
      const prefix = e.level === 'error' ? paint('red', 'Error: ') : e.level === 'warn' ? paint('yellow', 'Warning: ') : '';
      return `${time()}  ${prefix}${e.message}`;
    }
  }
}
