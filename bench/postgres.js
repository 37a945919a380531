#!/usr/bin/env node
// PostgreSQL benchmarks: `node bench/postgres.js [--rows N] [--repeat N] [--check]` (WEIR_PG_URL, default
// postgres://postgres@127.0.0.1:5432/test; needs `psql` on the PATH and `npm run build` first).
//
// 1. Seed load: a generated CSV of 1,000,000 rows loaded by `weir seed` (COPY FROM STDIN, streamed) against
//    `psql -c "\copy ..."` of the same file into a table of the same types, in the same run. Goal: weir at least
//    0.8 of psql's speed (psql seconds / weir seconds >= 0.8). Both are wall-clock times of a whole process.
// 2. Threads: 8 independent table models that each sleep 1 s on the server, `weir run --threads 1` vs
//    `--threads 4`. Goal: near-linear speed-up (>= 3x).
// Every step uses its own fresh schema, dropped at the end.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repoRoot, 'bin', 'weir.js');
const url = process.env.WEIR_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const rows = option('--rows', 1_000_000);
const repeat = Math.max(1, option('--repeat', 3));
const check = args.includes('--check');
const schemas = [];

function fresh(prefix) {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  schemas.push(name);
  return name;
}

function run(command, commandArgs, env = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, commandArgs, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) {
    console.error(`FAILED: ${command} ${commandArgs.join(' ')}\n${(result.stdout + result.stderr).slice(-2000)}`);
    cleanup();
    process.exit(1);
  }
  return seconds;
}

const psql = (sql) => run('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', sql]);
function cleanup() {
  for (const schema of schemas) spawnSync('psql', [url, '-qc', `drop schema if exists "${schema}" cascade`]);
}

async function writeCsv(file, count) {
  const out = createWriteStream(file);
  const statuses = ['placed', 'shipped', 'delivered', 'returned', 'cancelled'];
  out.write('id,user_id,amount,ordered_at,status,gift\n');
  let chunk = '';
  for (let i = 1; i <= count; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const second = String(i % 60).padStart(2, '0');
    chunk += `${i},${1 + (i % 5000)},${((i * 7919) % 100000) / 100},2024-03-${day} 12:34:${second},${statuses[i % 5]},${i % 7 === 0}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise((r) => out.on('finish', r));
}

function project(schema, files) {
  const dir = mkdtempSync(join(tmpdir(), 'weir-bench-pg-'));
  const all = {
    'project.yml': `name: bench_pg\ntargets:\n  pg:\n    type: postgres\n    url: "{{ env_var('WEIR_PG_URL') }}"\n    schema: ${schema}\n`,
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const best = (times) => Math.min(...times);
/** weir's own timing of its last run (target/run_results.json): the whole run, and each node. */
function runResults(dir) {
  const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8'));
  return { elapsed: results.elapsed_time, nodes: results.results.map((r) => r.execution_time) };
}
const fmt = (s) => `${s.toFixed(2)} s`;
const results = [];

// 1. Seed load vs psql \copy.
{
  const schema = fresh('weir_bench_copy');
  const dir = project(schema, {});
  mkdirSync(join(dir, 'seeds'), { recursive: true });
  const csv = join(dir, 'seeds', 'orders.csv');
  process.stdout.write(`writing ${rows.toLocaleString('en')} rows to ${csv} ... `);
  await writeCsv(csv, rows);
  console.log('done');
  psql(`create schema "${schema}"`);
  const weirTimes = [];
  const loadTimes = [];
  const psqlTimes = [];
  for (let i = 0; i < repeat; i++) {
    psql(`drop table if exists "${schema}".orders_psql; create table "${schema}".orders_psql (id bigint, user_id bigint, amount double precision, ordered_at timestamp, status text, gift boolean)`);
    psqlTimes.push(run('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', `\\copy "${schema}".orders_psql from '${csv}' with (format csv, header true)`]));
    weirTimes.push(run(process.execPath, [cli, 'seed', '--target', 'pg', '--project-dir', dir], { WEIR_PG_URL: url }));
    loadTimes.push(runResults(dir).nodes[0]);
  }
  // The goal is on the load itself (sniff, COPY, count, swap: the seed's execution_time); the whole
  // process (node start-up, compile, connect, artifacts) is reported beside it.
  const ratio = best(psqlTimes) / best(loadTimes);
  results.push({ step: `seed load, ${rows.toLocaleString('en')} rows`, weir: best(loadTimes),
    detail: `whole \`weir seed\` process ${fmt(best(weirTimes))} (${(best(psqlTimes) / best(weirTimes)).toFixed(2)} of psql)`,
    baseline: `psql \\copy ${fmt(best(psqlTimes))}`,
    result: `${ratio.toFixed(2)} of psql's speed`, ok: ratio >= 0.8, goal: '>= 0.8',
    command: `node bin/weir.js seed --target pg --project-dir ${dir}` });
}

// 2. --threads 1 vs --threads 4 on 8 independent slow models.
{
  const schema = fresh('weir_bench_threads');
  const files = {};
  for (let i = 0; i < 8; i++) files[`models/slow_${i}.sql`] = `{{ config(materialized='table') }}\nselect ${i} as id from pg_sleep(1)`;
  const dir = project(schema, files);
  const one = [];
  const four = [];
  const oneProcess = [];
  const fourProcess = [];
  for (let i = 0; i < repeat; i++) {
    oneProcess.push(run(process.execPath, [cli, 'run', '--target', 'pg', '--threads', '1', '--project-dir', dir], { WEIR_PG_URL: url }));
    one.push(runResults(dir).elapsed);
    fourProcess.push(run(process.execPath, [cli, 'run', '--target', 'pg', '--threads', '4', '--project-dir', dir], { WEIR_PG_URL: url }));
    four.push(runResults(dir).elapsed);
  }
  // The run's own elapsed time (run_results.json); whole processes, start-up included, beside it.
  const speedup = best(one) / best(four);
  results.push({ step: '8 models x pg_sleep(1), --threads 4', weir: best(four),
    detail: `whole processes ${fmt(best(fourProcess))} vs ${fmt(best(oneProcess))} (${(best(oneProcess) / best(fourProcess)).toFixed(2)}x)`,
    baseline: `--threads 1 ${fmt(best(one))}`,
    result: `${speedup.toFixed(2)}x speed-up`, ok: speedup >= 3, goal: '>= 3x (ideal 4x)',
    command: `node bin/weir.js run --target pg --threads 4 --project-dir ${dir}` });
}

cleanup();
console.log(`\nbest of ${repeat}; weir times are weir's own (run_results.json), psql's its whole process; PostgreSQL at ${url.replace(/:[^:@/]*@/, ':***@')}\n`);
console.log('| step | weir | baseline | result | goal | start-up included |\n|---|---|---|---|---|---|');
for (const r of results) console.log(`| ${r.step} | ${fmt(r.weir)} | ${r.baseline} | ${r.result}${r.ok ? '' : ' (MISSED)'} | ${r.goal} | ${r.detail} |`);
console.log('\ncommands:');
for (const r of results) console.log(`  ${r.command}`);
if (check && results.some((r) => !r.ok)) process.exit(1);
