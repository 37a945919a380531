import { describe, expect, it } from 'vitest';
import { createOutput } from '../../src/cli/output.js';

function fakeTerminal() {
  const chunks: string[] = [];
  const stream = { isTTY: true, columns: 60, write: (s: string) => void chunks.push(s) } as unknown as NodeJS.WriteStream;
  return { stream, chunks };
}

const progress = (table: string, pages: number, done = false) => ({
  level: 'debug' as const, code: 'ingest_progress', message: `shop.${table}: ${pages} pages, ${pages * 100} rows, 500 rows/s`,
  data: { source: 'shop', table, pages, records: pages * 100, done },
});

describe('ingest progress on a terminal', () => {
  it('redraws one status line per running resource and clears it around other output', () => {
    const { stream, chunks } = fakeTerminal();
    const out = createOutput('text', stream);
    out.logger.log(progress('users', 1));
    out.logger.log(progress('carts', 2));
    expect(chunks.at(-1)).toBe('shop.users: 1 pages, 100 rows, 500 rows/s | shop.carts: 2 …');
    out.logger.log({ level: 'info', code: 'log', message: 'hello' });
    const afterHello = chunks.slice(-3);
    expect(afterHello[0]).toBe('\r\x1b[2K');
    expect(afterHello[1]).toMatch(/hello\n$/);
    expect(afterHello[2]).toContain('shop.users: 1 pages');
    out.logger.log(progress('users', 3, true));
    out.logger.log(progress('carts', 3, true));
    expect(chunks.at(-1)).toBe('\r\x1b[2K');
  });

  it('is not shown off a terminal or in JSON logs without -v', () => {
    const chunks: string[] = [];
    const pipe = { isTTY: false, write: (s: string) => void chunks.push(s) } as unknown as NodeJS.WriteStream;
    createOutput('text', pipe).logger.log(progress('users', 1));
    createOutput('json', pipe).logger.log(progress('users', 1));
    expect(chunks).toEqual([]);
  });
});
