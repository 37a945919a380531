#!/usr/bin/env node
// A purchases fact partitioned by day vs the same fact unpartitioned, on the local Trino cluster (issue 21): weir
// builds both as table models from the same generated rows (N purchases with fct_purchases' columns over the
// example's 90 days, in no date order, as a CSV export lands them), one with dbt-trino's `properties={'partitioning': "ARRAY['day(purchase_date)']"}`.
// Reports each build's time, the Iceberg files each table has, and for a query of one day on each (three runs, the
// last reported) what Trino's query stats say it read: rows, bytes, wall and CPU time.
//
//   eval "$(scripts/services start trino)" && npm run build && node bench/trino-partitions.js [--purchases 10000000]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './example-copy.js';

const { values } = parseArgs({ options: { purchases: { type: 'string', default: '10000000' } } });
const rows = Number(values.purchases);
const url = new URL(process.env.WEIR_TRINO_URL ?? '');
const schema = `weir_parts_${process.pid}`;
const DAY = '2024-10-15';

// fct_purchases' columns; ids cross-joined from two sequences (Trino's sequence() stops at 10,000 entries).
const inner = Math.min(rows, 10_000);
// Day, amount and the rest from a hash of the id: as irregular as real purchases (a regular pattern would compress to
// nothing and make a full scan look cheap).
const generated = `select
    lower(to_hex(md5(to_utf8(cast(id as varchar))))) as purchase_key,
    lower(to_hex(md5(to_utf8(cast(h % 50000 as varchar))))) as customer_key,
    lower(to_hex(md5(to_utf8(cast(h % 500 as varchar))))) as item_key,
    lower(to_hex(md5(to_utf8(cast(h % 48 as varchar))))) as receipt_key,
    date_add('day', cast(h % 90 as integer), date '2024-09-01') as purchase_date,
    element_at(array['Winter', 'Spring', 'Summer', 'Fall'], cast(h / 90 % 4 as integer) + 1) as season,
    cast(20 + h / 360 % 81 as double) as purchase_amount_usd,
    case when 20 + h / 360 % 81 < 40 then 'budget' when 20 + h / 360 % 81 < 70 then 'mid-range' else 'premium' end as price_point,
    cast(25 + h / 29160 % 26 as double) / 10 as review_rating
from (
  select id, bitwise_and(from_big_endian_64(xxhash64(to_utf8(cast(id as varchar)))), 9223372036854775807) as h
  from (select a.n * ${inner} + b.n as id from unnest(sequence(0, ${Math.ceil(rows / inner) - 1})) as a(n) cross join unnest(sequence(0, ${inner - 1})) as b(n))
  where id < ${rows}
)`;

const dir = mkdtempSync(join(tmpdir(), 'weir-bench-parts-'));
mkdirSync(join(dir, 'models'));
writeFileSync(join(dir, 'project.yml'), `name: parts\ntargets:\n  dev:\n    type: trino\n    host: ${url.hostname}\n    port: ${url.port}\n    schema: ${schema}\n    threads: 1\n`);
writeFileSync(join(dir, 'models/fct_flat.sql'), `{{ config(materialized='table') }}\n${generated}`);
writeFileSync(join(dir, 'models/fct_by_day.sql'), `{{ config(materialized='table', properties={'partitioning': "ARRAY['day(purchase_date)']"}) }}\n${generated}`);

const { createTrinoAdapter } = await import(join(ROOT, 'dist/adapters/trino/adapter.js'));
const trino = await createTrinoAdapter({ type: 'trino', host: url.hostname, port: Number(url.port), schema, catalog: 'iceberg' }, { projectRoot: ROOT, threads: 1 });
const query = (sql) => trino.withSession((s) => s.query(sql));
const load = loadavg().map((l) => l.toFixed(2)).join(' ');
const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
try {
  const run = spawnSync(process.execPath, [join(ROOT, 'bin/weir.js'), 'run', '--project-dir', dir], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`weir run failed:\n${(run.stdout + run.stderr).slice(-3000)}`);
  const built = Object.fromEntries(JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')).results.map((r) => [r.unique_id.split('.').pop(), r.execution_time]));
  const table = [];
  for (const name of ['fct_flat', 'fct_by_day']) {
    const [files] = (await query(`select count(*) as files, sum(file_size_in_bytes) as bytes from "${schema}"."${name}$files"`)).rows;
    let stats;
    for (let i = 0; i < 3; i++) stats = await oneDay(name, i);
    table.push({ table: name, 'build s': built[name].toFixed(1), files: files.files, 'MB on disk': (files.bytes / 1e6).toFixed(0), ...stats });
  }
  console.log(`${when} UTC, ${rows} purchases, load average before ${load}, after ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.table(table);
} finally {
  await trino.withSession((s) => s.execute(`drop schema if exists "${schema}" cascade`));
  await trino.close();
  rmSync(dir, { recursive: true, force: true });
}

/** One day's count and sum from `name`, and what Trino's query stats (its REST API) say the query read. */
async function oneDay(name, run) {
  const tag = `weir_bench_${name}_${run}_${process.pid}`;
  await query(`select count(*) as n, sum(purchase_amount_usd) as usd from "${schema}"."${name}" where purchase_date = date '${DAY}' and '${tag}' <> ''`);
  const [{ query_id: id }] = (await query(`select query_id from system.runtime.queries where query like '%${tag}%' and query not like '%system.runtime%'`)).rows;
  const info = await (await fetch(`${url.origin}/v1/query/${id}`, { headers: { 'X-Trino-User': 'weir' } })).json();
  const s = info.queryStats;
  return { 'rows read': s.processedInputPositions, 'bytes read': s.physicalInputDataSize, 'wall': s.elapsedTime, 'CPU': s.totalCpuTime };
}
