import type { LogEvent } from '../core/logger.js';

/**
 * On a terminal, ingest progress (pages, rows, rows/s per resource) is one status line that is
 * redrawn in place and cleared before any other output; off a terminal it is not shown (it is a
 * debug event, visible with -v or --log-format json -v).
 */
export function createProgressLine(stream: NodeJS.WriteStream) {
  const current = new Map<string, string>();
  let shown = false;
  const clear = () => {
    if (shown) stream.write('\r\x1b[2K');
    shown = false;
  };
  const draw = () => {
    clear();
    if (current.size === 0) return;
    const text = [...current.values()].join(' | ');
    const width = stream.columns ?? 120;
    stream.write(text.length > width - 1 ? `${text.slice(0, width - 2)}…` : text);
    shown = true;
  };
  return {
    /** Handles a progress event; returns false for every other event. */
    offer(e: LogEvent): boolean {
      if (e.code !== 'ingest_progress') return false;
      const d = (e.data ?? {}) as { source?: string; table?: string; done?: boolean };
      const key = `${d.source}.${d.table}`;
      if (d.done) current.delete(key);
      else current.set(key, e.message);
      draw();
      return true;
    },
    /** Writes a normal line above the status line. */
    write(line: string) {
      const redraw = shown;
      clear();
      stream.write(`${line}\n`);
      if (redraw) draw();
    },
  };
}
