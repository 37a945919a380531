#!/usr/bin/env node
// Times `weir diff`'s SQL (workflow/data-diff.ts) on two DuckDB tables of N rows each (default
// 10,000,000) keyed by id, B with 1% of the rows changed in one column, 0.1% deleted and 0.1% added:
//   node bench/diff.js [--rows 10000000] [--threads 2]   (run `npm run build` first)
// Prints the seconds of the diff alone (the tables are made first) and the load average.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '10000000' }, threads: { type: 'string', default: '2' } } });
const rows = Number(values.rows);
const dir = mkdtempSync(join(tmpdir(), 'weir-bench-diff-'));
const { createDuckDbAdapter } = await import('../dist/adapters/duckdb/adapter.js');
const { diffRelations } = await import('../dist/workflow/data-diff.js');
const adapter = await createDuckDbAdapter({ type: 'duckdb', path: 'bench.duckdb', settings: { threads: Number(values.threads) } }, { projectRoot: dir, threads: 1 });
try {
  await adapter.withSession(async (session) => {
    let started = performance.now();
    await session.execute(`create table a as select i as id, i % 1000 as amount, 'status ' || (i % 7) as status, date '2024-01-01' + (i % 365)::int as day from range(${rows}) t(i)`);
    await session.execute(`create table b as select id, case when id % 100 = 0 then amount + 1 else amount end as amount, status, day from a where id % 1000 <> 1
      union all select ${rows} + i, 0, 'new', date '2024-01-01' from range(${Math.floor(rows / 1000)}) t(i)`);
    console.log(`made two tables of ${rows.toLocaleString('en')} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    started = performance.now();
    const diff = await diffRelations(session, adapter.dialect, {
      a: { schema: 'main', identifier: 'a' }, b: { schema: 'main', identifier: 'b' }, key: ['id'],
      columnsA: ['id', 'amount', 'status', 'day'], columnsB: ['id', 'amount', 'status', 'day'], sampleSize: 5,
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(`diff: ${seconds.toFixed(2)} s; A ${diff.rowsA}, B ${diff.rowsB}, only in A ${diff.onlyInA}, only in B ${diff.onlyInB}, changed ${diff.changed} (${JSON.stringify(diff.columns)})`);
  });
} finally {
  await adapter.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
