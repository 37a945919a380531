#!/usr/bin/env node
// Times `weir diff`'s SQL (workflow/data-diff.ts) on two DuckDB tables of N rows each (default
// 10,000,000) keyed by id, B with 1% of the rows changed in one column, 0.1% deleted and 0.1% added:
//   node bench/diff.js [--rows 10000000] [--threads 2]   (run `npm run build` first)
// With --cross, A stays in DuckDB and B is made in PostgreSQL (WEIR_PG_URL, schema weir_bench_diff,
// dropped after) and `weir diff --target-b`'s hashed-bucket diff (workflow/hash-diff.ts) is timed:
//   WEIR_PG_URL=postgres://... node bench/diff.js --cross --rows 1000000 [--sparse]
// --sparse (cross only): B differs in 10 changed rows per million, 2 deleted and 2 added, instead.
// Prints the seconds of the diff alone (the tables are made first) and the load average.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '10000000' }, threads: { type: 'string', default: '2' }, cross: { type: 'boolean', default: false }, sparse: { type: 'boolean', default: false } } });
const rows = Number(values.rows);
// Every how many rows of B one is changed, and one deleted (as many are added).
const [changeEvery, deleteEvery] = values.sparse ? [100_000, 500_000] : [100, 1000];
const dir = mkdtempSync(join(tmpdir(), 'weir-bench-diff-'));
const { createDuckDbAdapter } = await import('../dist/adapters/duckdb/adapter.js');
const { diffRelations } = await import('../dist/workflow/data-diff.js');
const adapter = await createDuckDbAdapter({ type: 'duckdb', path: 'bench.duckdb', settings: { threads: Number(values.threads) } }, { projectRoot: dir, threads: 1 });
if (values.cross) {
  try {
    await crossEngine();
  } finally {
    await adapter.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  process.exit(0);
}

/** The same tables as below, A made by DuckDB and B by PostgreSQL from the same formulas (no rows pass through Node). */
async function crossEngine() {
  if (!process.env.WEIR_PG_URL) throw new Error('--cross needs WEIR_PG_URL');
  const { createPostgresAdapter } = await import('../dist/adapters/postgres/adapter.js');
  const { hashDiff } = await import('../dist/workflow/hash-diff.js');
  const schema = 'weir_bench_diff';
  const pg = await createPostgresAdapter({ type: 'postgres', url: process.env.WEIR_PG_URL, schema }, { projectRoot: dir, threads: 1 });
  try {
    await adapter.withSession((duck) => pg.withSession(async (session) => {
      let started = performance.now();
      await duck.execute(`create table a as select i as id, i % 1000 as amount, 'status ' || (i % 7) as status, date '2024-01-01' + (i % 365)::int as day from range(${rows}) t(i)`);
      await session.execute(`drop schema if exists ${schema} cascade`);
      await session.execute(`create schema ${schema}`);
      await session.execute(`create table ${schema}.b as select i::bigint as id, case when i % ${changeEvery} = 0 then i % 1000 + 1 else i % 1000 end::bigint as amount, 'status ' || (i % 7) as status, date '2024-01-01' + (i % 365)::int as day from generate_series(0, ${rows - 1}) t(i) where i % ${deleteEvery} <> 1
        union all select ${rows} + i, 0, 'new', date '2024-01-01' from generate_series(0, ${Math.floor(rows / deleteEvery) - 1}) t(i)`);
      console.log(`made A (DuckDB) and B (PostgreSQL) of ${rows.toLocaleString('en')} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      // Every row that reaches Node, per side: the check that only differing buckets' rows come over, never a table.
      const pulled = { a: { queries: 0, rows: 0 }, b: { queries: 0, rows: 0 } };
      const counted = (s, tally) => new Proxy(s, {
        get: (target, name) => name === 'query'
          ? async (...args) => { const result = await target.query(...args); tally.queries++; tally.rows += result.rows.length; return result; }
          : typeof target[name] === 'function' ? target[name].bind(target) : target[name],
      });
      const side = async (a, s, ref, tally) => ({ session: counted(s, tally), dialect: a.dialect, ref, columns: await a.columns(s, ref), key: ['id'], compared: ['amount', 'status', 'day'], label: ref.identifier });
      started = performance.now();
      const diff = await hashDiff({ a: await side(adapter, duck, { schema: 'main', identifier: 'a' }, pulled.a), b: await side(pg, session, { schema, identifier: 'b' }, pulled.b), sampleSize: 5, maxRows: 1_000_000 });
      const seconds = (performance.now() - started) / 1000;
      console.log(`cross-engine diff: ${seconds.toFixed(2)} s; A ${diff.rowsA}, B ${diff.rowsB}, only in A ${diff.onlyInA}, only in B ${diff.onlyInB}, changed ${diff.changed} (${JSON.stringify(diff.columns)})`);
      console.log(`rows that reached Node: A ${pulled.a.rows.toLocaleString('en')} in ${pulled.a.queries} queries, B ${pulled.b.rows.toLocaleString('en')} in ${pulled.b.queries} queries (tables of ${diff.rowsA.toLocaleString('en')} and ${diff.rowsB.toLocaleString('en')} rows)`);
      await session.execute(`drop schema ${schema} cascade`);
    }));
  } finally {
    await pg.close();
  }
}

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
