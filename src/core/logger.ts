/**
 * Everything weir reports while it works is an event; the CLI decides how to show it (text on a
 * terminal, JSON lines for machines). Library code never writes to stdout itself.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogEvent {
  readonly level: LogLevel;
  /** Machine-readable kind: `node_start`, `node_finish`, `summary`, `log`, ... */
  readonly code: string;
  readonly message: string;
  readonly data?: Readonly<Record<string, unknown>>;
}

export interface Logger {
  log(event: LogEvent): void;
}

export const silentLogger: Logger = { log() {} };

export function collectingLogger(): Logger & { events: LogEvent[] } {
  const events: LogEvent[] = [];
  return { events, log: (e) => void events.push(e) };
}
