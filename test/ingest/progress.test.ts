import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOutput } from '../../src/cli/output.js';
import { useIngestHarness } from '../helpers/ingest.js';

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

describe('ingest progress events of file loads', () => {
  const t = useIngestHarness('weir-progress-');
  const write = (path: string, content: string) => {
    mkdirSync(join(t.dir, path, '..'), { recursive: true });
    writeFileSync(join(t.dir, path), content);
  };
  const progressEvents = () => t.h.logger.events.filter((e) => e.code === 'ingest_progress');

  it('ends every JSON and NDJSON file load with a done event carrying the final counts, which clears the terminal line', async () => {
    write('data/a.ndjson', '{"id":1}\n{"id":2}\n');
    write('data/b.ndjson', '{"id":3}\n');
    write('data/c.json', '[{"id":4},{"id":5}]');
    await t.h.ingest({ file: { path: 'data/*.ndjson' } });
    await t.h.ingest({ file: { path: 'data/c.json' } }, { table: 'more' });
    const events = progressEvents();
    expect(events.filter((e) => e.data?.done).map((e) => e.data)).toEqual([
      expect.objectContaining({ table: 'users', pages: 2, records: 3, done: true }),
      expect.objectContaining({ table: 'more', pages: 1, records: 2, done: true }),
    ]);
    const { stream, chunks } = fakeTerminal();
    const out = createOutput('text', stream);
    for (const e of events) out.logger.log(e);
    out.logger.log({ level: 'info', code: 'summary', message: 'Finished' });
    expect(chunks.join('').split('Finished')[1]).toBe('\n');
  });

  it('sends the done event when a file load fails half way', async () => {
    write('data/a.ndjson', '{"id":1}\n');
    write('data/b.ndjson', '{"id":2}\nnot json\n');
    await expect(t.h.ingest({ file: { path: 'data/*.ndjson' } })).rejects.toThrow(/b\.ndjson/);
    expect(progressEvents().at(-1)?.data).toMatchObject({ pages: 1, done: true });
  });
});
