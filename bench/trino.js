#!/usr/bin/env node
// The example's shopping pipeline on the local Trino cluster beside DuckDB on the same machine (issue 21): the same
// `weir build -s +fct_purchases +dim_customers +dim_items +dim_receipts --exclude test_type:unit` (CSV ingest, seed,
// staging, star schema, data tests) on N generated purchases, once with a DuckDB target and once with a Trino target
// (Iceberg, a fresh schema dropped afterwards). Reports wall time of each whole process, the ingest node and the rest,
// the ratio, and Trino's per-statement overhead (a trivial query, a one-row create-table-as), the figures
// docs/scaling.md reasons with. On one machine DuckDB should win: the ratio is Trino's overhead, not its ceiling.
//
//   eval "$(scripts/services start trino)" && npm run build && node bench/trino.js [--purchases 100000] [--threads 4]
//     [--staged] [--select 'source:shopping.purchases']
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { copyExample, ROOT } from './example-copy.js';

const { values } = parseArgs({ options: {
  purchases: { type: 'string', default: '100000' },
  threads: { type: 'string', default: '4' },
  // Loads through a staged file the cluster reads (the local cluster's Hive catalog and folder) instead of INSERTs.
  staged: { type: 'boolean', default: false },
  // Only these nodes (e.g. source:shopping.purchases for the ingest alone), instead of the whole pipeline.
  select: { type: 'string' },
} });
const url = new URL(process.env.WEIR_TRINO_URL ?? '');
const SELECT = values.select ? values.select.split(' ') : ['+fct_purchases', '+dim_customers', '+dim_items', '+dim_receipts'];
const staging = join(homedir(), '.cache/weir-dev/trino/warehouse/staging');
const schema = `weir_bench_${process.pid}`;

const rows = Number(values.purchases);
const csv = join(tmpdir(), `weir-bench-purchases-${rows}.csv`);
if (!existsSync(csv)) execFileSync(process.execPath, [join(ROOT, 'scripts/generate-example-data.mjs'), '--purchases', String(rows), '--out', csv], { stdio: 'inherit' });

const load = loadavg().map((l) => l.toFixed(2)).join(' ');
const started = new Date().toISOString().slice(0, 16).replace('T', ' ');
const { createTrinoAdapter } = await import(join(ROOT, 'dist/adapters/trino/adapter.js'));
const trino = await createTrinoAdapter({ type: 'trino', host: url.hostname, port: Number(url.port), schema, catalog: 'iceberg' }, { projectRoot: ROOT, threads: 1 });
try {
  const overhead = await perStatement(trino);
  const duck = build('duckdb', `  bench:\n    type: duckdb\n    path: target/bench.duckdb\n    threads: ${values.threads}\n`);
  const since = (await trino.withSession((s) => s.query('select cast(now() as varchar) as t'))).rows[0].t;
  const onTrino = build('trino', `  bench:\n    type: trino\n    host: ${url.hostname}\n    port: ${url.port}\n    schema: ${schema}\n    threads: ${values.threads}\n${values.staged ? `    staging: {path: "${staging}", location: "local:///staging"}\n` : ''}`);
  console.log(`${started} UTC, load average before ${load}, after ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.table([duck, onTrino].map((r) => ({ engine: r.engine, purchases: rows, 'wall s': r.wall.toFixed(1), 'ingest s': r.ingest.toFixed(1), 'models+tests s': r.rest.toFixed(1), 'weir CPU s': r.cpu.toFixed(1), 'Trino JVMs CPU s': r.trinoCpu.toFixed(1), nodes: r.nodes })));
  console.log(`Trino / DuckDB wall: ${(onTrino.wall / duck.wall).toFixed(1)}x; ingest ${(onTrino.ingest / duck.ingest).toFixed(1)}x (${Math.round(rows / onTrino.ingest)} rows/s on Trino); models+tests ${(onTrino.rest / duck.rest).toFixed(1)}x`);
  // Statements weir sent to the cluster for the build (the coordinator keeps recent queries in system.runtime.queries).
  const [{ n }] = (await trino.withSession((s) => s.query(`select count(*) as n from system.runtime.queries where source = 'weir' and created > cast('${since}' as timestamp(3) with time zone) and query not like '%system.runtime.queries%'`))).rows;
  console.log(`Trino statements for the build: ${n} (${(onTrino.wall / Number(n) * 1000).toFixed(0)} ms of wall time each, at ${values.threads} threads)`);
  console.log(`Trino per statement (median of 20): select 1 ${overhead.select} ms, one-row create table as + drop ${overhead.ctas} ms`);
} finally {
  await trino.withSession(async (s) => {
    for (const r of await trino.relations(s, (await s.query(`select schema_name from information_schema.schemata where schema_name like '${schema}%'`)).rows.map((x) => String(x.schema_name)))) {
      await s.execute(trino.dialect.drop(r.kind, r.ref));
    }
    for (const { schema_name: name } of (await s.query(`select schema_name from information_schema.schemata where schema_name like '${schema}%'`)).rows) await s.execute(`drop schema if exists "${name}"`);
  });
  await trino.close();
}

/** One `weir build` of the shopping pipeline with the given `bench` target; times from the process and run_results. */
function build(engine, target) {
  const dir = join(tmpdir(), `weir-bench-trino-${engine}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyExample({ dir, skip: ['data'] });
  mkdirSync(join(dir, 'data'), { recursive: true });
  symlinkSync(csv, join(dir, 'data/shopping_behavior.csv'));
  writeFileSync(join(dir, 'project.yml'), readFileSync(join(dir, 'project.yml'), 'utf8').replace(/^targets:\n/m, `targets:\n${target}`));
  const started = process.hrtime.bigint();
  const [cpuBefore, trinoBefore] = [childrenCpu(), trinoCpu()];
  const run = spawnSync(process.execPath, [join(ROOT, 'bin/weir.js'), 'build', '--target', 'bench', '-s', ...SELECT, '--exclude', 'test_type:unit', '--project-dir', dir], { encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`weir build on ${engine} failed:\n${(run.stdout + run.stderr).slice(-3000)}`);
  const results = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')).results;
  const ingest = results.filter((r) => r.unique_id.startsWith('ingest.')).reduce((t, r) => t + r.execution_time, 0);
  return { engine, wall, ingest, rest: wall - ingest, nodes: results.length, cpu: childrenCpu() - cpuBefore, trinoCpu: trinoCpu() - trinoBefore };
}

/** CPU seconds of the waited-for child processes (the weir builds), from /proc/self/stat's cutime and cstime. */
function childrenCpu() {
  const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** CPU seconds of the local cluster's JVMs so far (their launcher.pid files; 0 when they are elsewhere). */
function trinoCpu() {
  let total = 0;
  for (const node of ['coordinator', 'worker']) {
    try {
      const pid = readFileSync(join(homedir(), '.cache/weir-dev/trino/run', node, 'data/var/run/launcher.pid'), 'utf8').trim();
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch { /* not local */ }
  }
  return total;
}

/** Median milliseconds of a trivial query and of a one-row table created and dropped (Iceberg commits). */
async function perStatement(adapter) {
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const time = async (work) => { const t = process.hrtime.bigint(); await work(); return Number(process.hrtime.bigint() - t) / 1e6; };
  return adapter.withSession(async (s) => {
    await adapter.ensureSchema(s, schema);
    const select = [];
    const ctas = [];
    for (let i = 0; i < 20; i++) {
      select.push(await time(() => s.query('select 1')));
      const ref = { schema, identifier: `probe_${i}` };
      ctas.push(await time(async () => { await s.execute(adapter.dialect.createTableAs(ref, 'select 1 as x')); await s.execute(adapter.dialect.drop('table', ref)); }));
    }
    return { select: Math.round(median(select)), ctas: Math.round(median(ctas)) };
  });
}
