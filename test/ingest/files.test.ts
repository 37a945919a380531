import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { DEFAULT_KEEP_BATCHES } from '../../src/ingest/config.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestHarness, useIngestHarness } from '../helpers/ingest.js';

const t = useIngestHarness('weir-files-');

const write = (path: string, content: string | Buffer) => {
  mkdirSync(join(t.dir, path, '..'), { recursive: true });
  writeFileSync(join(t.dir, path), content);
};
const failure = (p: Promise<unknown>) => p.then(() => new Error('expected a failure'), (e: Error & { hint?: string }) => e) as Promise<Error & { hint?: string }>;

describe('file ingestion', () => {
  it('loads a glob of CSV files (delimiter, quoting, CRLF) through the engine reader, with weir columns', async () => {
    write('data/events/2024-01.csv', 'id;label;price\r\n1;"semi; colon";1.5\r\n2;"quote ""x""";2\r\n');
    write('data/events/2024-02.csv', 'id;label;price\r\n3;plain;3.25\r\n');
    write('data/events/notes.txt', 'not matched');
    const outcome = await t.h.ingest({ file: { path: 'data/events/*.csv', delimiter: ';' } }, { table: 'events' });
    expect(outcome).toMatchObject({ rows: 3, pages: 2, quarantined: 0 });
    expect(await t.h.query('select id, label, price from raw_shop.events order by id')).toEqual([
      { id: 1n, label: 'semi; colon', price: 1.5 }, { id: 2n, label: 'quote "x"', price: 2 }, { id: 3n, label: 'plain', price: 3.25 },
    ]);
    expect(await t.h.query('select count(distinct _weir_batch_id) as b, count(_weir_loaded_at) as l from raw_shop.events')).toEqual([{ b: 1n, l: 3n }]);
  });

  it('a row with the wrong number of fields fails with file and line, and keeps the previous data', async () => {
    write('data/users.csv', 'id,name\n1,a\n2,b\n');
    await t.h.ingest({ file: { path: 'data/users.csv' } });
    write('data/users.csv', 'id,name\n1,a\n2,b,extra\n3,c\n');
    const error = await failure(t.h.ingest({ file: { path: 'data/users.csv' } }));
    expect(error.message).toMatch(/source shop\.users: data\/users\.csv:3: too many columns: Expected Number of Columns: 2 Found: 3/);
    expect(error.message).not.toContain('expected a failure');
    expect(await t.h.query('select id, name from raw_shop.users order by id')).toEqual([{ id: 1n, name: 'a' }, { id: 2n, name: 'b' }]);
  });

  it('on_bad_rows: skip loads the good rows and keeps the bad ones, with line numbers, in a quarantine table', async () => {
    write('data/users.csv', 'id,name\r\n1,a\r\n2,b,extra\r\n3\r\n4,d\r\n');
    const outcome = await t.h.ingest({ file: { path: 'data/users.csv' }, on_bad_rows: 'skip' });
    expect(outcome).toMatchObject({ rows: 2, quarantined: 2 });
    expect(await t.h.query('select id from raw_shop.users order by id')).toEqual([{ id: 1n }, { id: 4n }]);
    expect(await t.h.query('select source, line, raw, error from raw_shop.users__quarantine order by line')).toEqual([
      { source: 'data/users.csv', line: 3n, raw: '2,b,extra', error: expect.stringContaining('too many columns') },
      { source: 'data/users.csv', line: 4n, raw: '3', error: expect.stringContaining('missing columns') },
    ]);
  });

  it('an empty file and a missing file are clear errors that load nothing', async () => {
    write('data/empty.csv', '');
    expect((await failure(t.h.ingest({ file: { path: 'data/empty.csv' } }))).message).toContain("file 'data/empty.csv' is empty (no header row)");
    expect((await failure(t.h.ingest({ file: { path: 'data/nope.csv' } }))).message).toContain("file 'data/nope.csv' does not exist");
    expect((await failure(t.h.ingest({ file: { path: 'data/none-*.csv' } }))).message).toContain("no file matches 'data/none-*.csv'");
    expect(await t.h.query("select count(*) as n from information_schema.tables where table_schema = 'raw_shop'")).toEqual([{ n: 0n }]);
  });

  it('a header-only CSV loads an empty table', async () => {
    write('data/h.csv', 'id,name\r\n');
    expect((await t.h.ingest({ file: { path: 'data/h.csv' } })).rows).toBe(0);
  });

  it('latin-1 CSV and pinned types', async () => {
    write('data/l.csv', Buffer.from('id,city\n1,M\xfcnchen\n', 'latin1'));
    await t.h.ingest({ file: { path: 'data/l.csv', encoding: 'latin-1' }, columns: { id: 'varchar' } });
    expect(await t.h.query('select id, city from raw_shop.users')).toEqual([{ id: '1', city: 'München' }]);
  });

  it('JSON files with a records path, and NDJSON streamed line by line (CRLF too)', async () => {
    write('data/a.json', JSON.stringify({ data: { items: [{ id: 1, tags: ['x'] }, { id: 2, meta: { k: 1 } }] } }));
    await t.h.ingest({ file: { path: 'data/a.json', records: 'data.items' } });
    expect(await t.h.query('select id, tags, meta from raw_shop.users order by id')).toEqual([
      { id: 1n, tags: '["x"]', meta: null }, { id: 2n, tags: null, meta: '{"k":1}' },
    ]);
    // Streamed element by element in every encoding, in batches smaller than the file.
    const names = [{ id: 1, name: 'Zoë' }, { id: 2, name: 'Ørjan' }, { id: 3, name: 'Ann' }];
    write('data/u16.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify({ rows: names }), 'utf16le')]));
    await t.h.ingest({ file: { path: 'data/u16.json', records: 'rows', encoding: 'utf-16' }, batch_size: 2 }, { table: 'u16' });
    write('data/l1.json', Buffer.from(JSON.stringify(names), 'latin1'));
    await t.h.ingest({ file: { path: 'data/l1.json', encoding: 'latin-1' }, batch_size: 2 }, { table: 'l1' });
    for (const table of ['u16', 'l1']) expect(await t.h.query(`select cast(id as integer) as id, name from raw_shop.${table} order by id`)).toEqual(names);
    write('data/b.ndjson', '{"id": 1, "v": "a"}\r\n\r\n{"id": 2, "v": "b"}\r\n');
    await t.h.ingest({ file: { path: 'data/b.ndjson' } }, { table: 'nd' });
    expect(await t.h.query('select id, v from raw_shop.nd order by id')).toEqual([{ id: 1n, v: 'a' }, { id: 2n, v: 'b' }]);
  });

  it('a broken NDJSON line fails with file and line, or is quarantined with on_bad_rows: skip', async () => {
    write('data/b.ndjson', '{"id": 1}\n{"id": 2\n[3]\n{"id": 4}\n');
    const error = await failure(t.h.ingest({ file: { path: 'data/b.ndjson' } }));
    expect(error.message).toMatch(/source shop\.users: data\/b\.ndjson:2 is not a JSON object/);
    const outcome = await t.h.ingest({ file: { path: 'data/b.ndjson' }, on_bad_rows: 'skip' });
    expect(outcome).toMatchObject({ rows: 2, quarantined: 2 });
    expect(await t.h.query('select line, raw from raw_shop.users__quarantine order by line')).toEqual([{ line: 2n, raw: '{"id": 2' }, { line: 3n, raw: '[3]' }]);
  });

  it('JSON files whose records path holds a single object load one record each (a glob of daily snapshots)', async () => {
    write('data/days/2024-09-01/global.json', JSON.stringify({ data: { pct: 1.5, updated_at: 1725234913 } }));
    write('data/days/2024-09-02/global.json', JSON.stringify({ data: { pct: -2, updated_at: 1725321313 } }));
    await t.h.ingest({ file: { path: 'data/days/*/global.json', records: 'data' } });
    expect(await t.h.query('select pct, updated_at from raw_shop.users order by updated_at')).toEqual([
      { pct: 1.5, updated_at: 1725234913n }, { pct: -2, updated_at: 1725321313n },
    ]);
    write('data/s.json', JSON.stringify({ data: 'text' }));
    expect((await failure(t.h.ingest({ file: { path: 'data/s.json', records: 'data' } }))).message).toContain("file 'data/s.json' has no array of records at 'data': it holds a string");
    write('data/o.json', JSON.stringify({ id: 1 }));
    expect((await failure(t.h.ingest({ file: { path: 'data/o.json' } }))).message).toContain("file 'data/o.json' has no array of records: it holds keys id");
  });

  it('JSON records load under a small DuckDB memory_limit (the reader buffer fits the batch, not 2 x 256 MiB)', async () => {
    const small = await ingestHarness(t.dir, { memory_limit: '200MB' });
    try {
      write('data/many.json', JSON.stringify(Array.from({ length: 3000 }, (_, i) => ({ id: i, note: 'x'.repeat(100) }))));
      await small.ingest({ file: { path: 'data/many.json' }, batch_size: 1000 });
      expect(await small.query('select count(*) as n from raw_shop.users')).toEqual([{ n: 3000n }]);
    } finally {
      await small.close();
    }
  });

  it('an empty or malformed JSON file names the file', async () => {
    write('data/e.json', '  ');
    expect((await failure(t.h.ingest({ file: { path: 'data/e.json' } }))).message).toContain("file 'data/e.json' is empty");
    write('data/m.json', '{"items": [');
    expect((await failure(t.h.ingest({ file: { path: 'data/m.json', records: 'items' } }))).message).toMatch(/file 'data\/m\.json' is not valid JSON/);
    write('data/r.json', '[{"id": 1}, {"id": 2,}, {"id": 3}]');
    expect((await failure(t.h.ingest({ file: { path: 'data/r.json' } }))).message).toMatch(/file 'data\/r\.json' is not valid JSON: .* in record 2/);
    expect(await t.h.query("select count(*) as n from information_schema.tables where table_name = 'users'")).toEqual([{ n: 0n }]);
  });

  it('replays landed files with --from-lake after the originals are gone', async () => {
    write('data/users.csv', 'id,name\n1,a\n');
    await t.h.ingest({ file: { path: 'data/users.csv' } });
    write('data/users.csv', 'id,name\n9,z\n');
    await t.h.ingest({ file: { path: 'data/nope/*.csv' } }, { fromLake: true });
    expect(await t.h.query('select id from raw_shop.users')).toEqual([{ id: 1n }]);
  });

  it('lake: {keep_batches} keeps the newest loaded batches (and failures newer than them); a failure prunes nothing', async () => {
    const lake = join(t.dir, 'target/lake/shop/users');
    const block = { file: { path: 'data/users.csv' }, lake: { keep_batches: 2 } };
    for (const id of [1, 2, 3]) {
      write('data/users.csv', `id,name\n${id},a\n`);
      await t.h.ingest(block);
    }
    const kept = readdirSync(lake).sort();
    expect(kept).toHaveLength(2);
    write('data/users.csv', 'id,name\n4,a,extra\n');
    await failure(t.h.ingest(block));
    expect(readdirSync(lake).sort().slice(0, 2)).toEqual(kept);
    expect(readdirSync(lake)).toHaveLength(3);
    const failedBatch = readdirSync(lake).sort()[2]!;
    write('data/users.csv', 'id,name\n5,a\n');
    await t.h.ingest(block);
    // The newest two loaded (ids 3 and 5) and the failure between them; id 2's batch is gone.
    expect(readdirSync(lake).sort()).toEqual([kept[1], failedBatch, expect.any(String)]);
    expect(existsSync(join(lake, failedBatch, '_loaded.json'))).toBe(false);
    await t.h.ingest({ file: { path: 'data/nope/*.csv' }, lake: { keep_batches: 1 } }, { fromLake: true });
    expect(await t.h.query('select id from raw_shop.users')).toEqual([{ id: 5n }]);
    expect(readdirSync(lake)).toHaveLength(3);
  });

  it('the lake keeps 5 loaded batches by default, and an unchanged file is linked from the last batch, not copied', async () => {
    const lake = join(t.dir, 'target/lake/shop/users');
    const landed = () => readdirSync(lake).sort().map((batch) => statSync(join(lake, batch, '000001-users.csv')).ino);
    write('data/users.csv', 'id,name\n1,a\n');
    for (let run = 0; run < 7; run++) await t.h.ingest({ file: { path: 'data/users.csv' } });
    expect(DEFAULT_KEEP_BATCHES).toBe(5);
    const inodes = landed();
    expect(inodes).toHaveLength(5);
    expect(new Set(inodes).size).toBe(1);
    write('data/users.csv', 'id,name\n1,a\n2,b\n');
    await t.h.ingest({ file: { path: 'data/users.csv' } });
    const after = landed();
    expect(after.slice(0, 4)).toEqual(inodes.slice(1));
    expect(after[4]).not.toBe(inodes[0]);
    expect(await t.h.query('select count(*) as n from raw_shop.users')).toEqual([{ n: 2n }]);
  });

  it('--from-lake replays the newest batch that loaded, not a newer one that failed', async () => {
    write('data/users.csv', 'id,name\n1,a\n');
    await t.h.ingest({ file: { path: 'data/users.csv' } });
    write('data/users.csv', 'id,name\n2,b,extra\n');
    await failure(t.h.ingest({ file: { path: 'data/users.csv' } }));
    expect(readdirSync(join(t.dir, 'target/lake/shop/users'))).toHaveLength(2);
    await t.h.query('delete from raw_shop.users');
    await t.h.ingest({ file: { path: 'data/nope/*.csv' } }, { fromLake: true });
    expect(await t.h.query('select id from raw_shop.users')).toEqual([{ id: 1n }]);
  });

  it('--from-lake with no batch that ever loaded names the failed ones', async () => {
    write('data/users.csv', 'id,name\n2,b,extra\n');
    await failure(t.h.ingest({ file: { path: 'data/users.csv' } }));
    const error = await failure(t.h.ingest({ file: { path: 'data/users.csv' } }, { fromLake: true }));
    expect(error.message).toMatch(/nothing loaded from .*users to replay \(1 landed batch, none of which loaded; newest: \S+\)/);
    expect(error.hint).toContain('so a load succeeds');
  });
});
