/**
 * weir's own view of `--log-format json` lines (dbt's event shape, see src/cli/dbt-events.ts): the
 * weir code and data each event carries in `info.extra`. Events dbt adds around them (NodeStart,
 * NodeFinished, StatsLine...) carry none and are left out.
 */
export interface WeirLogEvent {
  readonly name: string;
  readonly code: string;
  readonly level: string;
  readonly msg: string;
  readonly data: Record<string, unknown>;
}

export function weirEvent(line: string): WeirLogEvent | undefined {
  const event = JSON.parse(line) as { info: { name: string; level: string; msg: string; extra: { weir_code?: string; weir_data?: string } } };
  const { weir_code: code, weir_data: data } = event.info.extra;
  if (code === undefined) return undefined;
  return { name: event.info.name, code, level: event.info.level, msg: event.info.msg, data: data === undefined ? {} : (JSON.parse(data) as Record<string, unknown>) };
}

/** The weir events of a command's stdout (lines that are not JSON, such as a child's stderr, skipped). */
export function weirEvents(stdout: string): WeirLogEvent[] {
  return stdout.split('\n').filter((line) => line.startsWith('{')).map(weirEvent).filter((e): e is WeirLogEvent => e !== undefined);
}
