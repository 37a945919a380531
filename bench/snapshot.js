#!/usr/bin/env node
// Times a snapshot of a large source with a few changed rows (issue 20's acceptance): the first
// `weir snapshot` (copies the source), then, after 1% of the rows changed and 0.1% were deleted and
// 0.1% added, the second one (the merge). On DuckDB and, with WEIR_PG_URL, on PostgreSQL.
//   node bench/snapshot.js [--rows 1000000] [--engines duckdb,postgres]   (run `npm run build` first)
// Wall seconds and peak RSS of each `node bin/weir.js snapshot` process (GNU time's %M); on
// PostgreSQL the server's memory is not in that figure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, engines: { type: 'string', default: 'duckdb,postgres' } } });
const rows = Number(values.rows);
const engines = values.engines.split(',').filter((e) => e !== 'postgres' || process.env.WEIR_PG_URL);
const schema = `weir_bench_snap_${process.pid}`;

const TARGETS = {
  duckdb: { yaml: 'targets:\n  dev:\n    type: duckdb\n    path: target/bench.duckdb\n', schema: 'main',
    adapter: async (dir) => (await import('../dist/adapters/duckdb/adapter.js')).createDuckDbAdapter({ type: 'duckdb', path: 'target/bench.duckdb' }, { projectRoot: dir, threads: 1 }) },
  postgres: { yaml: `targets:\n  dev:\n    type: postgres\n    url: "{{ env_var('WEIR_PG_URL') }}"\n    schema: ${schema}\n`, schema,
    adapter: async (dir) => (await import('../dist/adapters/postgres/adapter.js')).createPostgresAdapter({ type: 'postgres', url: process.env.WEIR_PG_URL, schema }, { projectRoot: dir, threads: 1 }) },
};

async function sql(engine, dir, statements) {
  const adapter = await TARGETS[engine].adapter(dir);
  try {
    await adapter.withSession(async (s) => {
      await adapter.ensureSchema(s, TARGETS[engine].schema);
      for (const statement of statements) await s.execute(statement);
    });
  } finally {
    await adapter.close();
  }
}

function snapshot(dir) {
  const started = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', 'peak_kb %M', process.execPath, join(ROOT, 'bin', 'weir.js'), 'snapshot', '--project-dir', dir], { encoding: 'utf8' });
  const wall = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`weir snapshot failed:\n${run.stdout}${run.stderr}`);
  const peak = Number(/peak_kb (\d+)/.exec(run.stderr)?.[1] ?? 0) / 1024;
  const line = run.stdout.split('\n').find((l) => l.includes(' OK ')) ?? '';
  return { wall, peak, line: line.replace(/^.*? OK /, '').replace(/\s*\.+\s*\[.*$/, '').trim() };
}

const results = [];
console.log(`load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const engine of engines) {
  const dir = mkdtempSync(join(tmpdir(), 'weir-bench-snapshot-'));
  const s = TARGETS[engine].schema;
  writeFileSync(join(dir, 'project.yml'), `name: bench\n${TARGETS[engine].yaml}`);
  mkdirSync(join(dir, 'sources'));
  mkdirSync(join(dir, 'snapshots'));
  writeFileSync(join(dir, 'sources', 'raw.yml'), `sources:\n  - name: raw\n    schema: ${s}\n    tables: [{name: customers}]\n`);
  writeFileSync(join(dir, 'snapshots', 'customers.sql'), "{% snapshot customers_history %}\n{{ config(unique_key='id', strategy='timestamp', updated_at='updated_at', hard_deletes='invalidate') }}\nselect * from {{ source('raw', 'customers') }}\n{% endsnapshot %}\n");
  const q = `"${s}"."customers"`;
  await sql(engine, dir, [
    `create table ${q} as select cast(i as integer) as id, 'customer ' || cast(i as varchar) as name, cast(i % 97 as integer) as segment, cast(i * 1.5 as double precision) as balance, cast('2024-01-01 00:00:00' as timestamp) as updated_at from generate_series(1, ${rows}) as g(i)`,
  ]);
  const first = snapshot(dir);
  await sql(engine, dir, [
    `update ${q} set balance = balance + 1, updated_at = cast('2024-01-02 00:00:00' as timestamp) where id % 100 = 0`,
    `delete from ${q} where id % 1000 = 1`,
    `insert into ${q} select cast(i as integer), 'customer ' || cast(i as varchar), 0, 0, cast('2024-01-02 00:00:00' as timestamp) from generate_series(${rows + 1}, ${rows + rows / 1000}) as g(i)`,
  ]);
  const second = snapshot(dir);
  results.push({ engine, rows, first: first.wall.toFixed(2), firstPeakMb: first.peak.toFixed(0), second: second.wall.toFixed(2), secondPeakMb: second.peak.toFixed(0), second_result: second.line });
  if (engine === 'postgres') await sql(engine, dir, [`drop schema "${s}" cascade`]);
  rmSync(dir, { recursive: true, force: true });
}
console.table(results);
console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
