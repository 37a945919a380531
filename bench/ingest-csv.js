#!/usr/bin/env node
// CSV ingestion benchmark: `weir ingest` of the example's shopping-behaviour schema (1M and 10M rows by
// default) beside DuckDB's own read_csv on the same file, in the same run. Goal: weir >= 0.8 of read_csv.
//
//   npm run build && node bench/ingest-csv.js [--rows 1000000,10000000] [--repeat N] [--check]
// With --repeat, weir and read_csv alternate N times and the best time of each is reported.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: {
  rows: { type: 'string', default: '1000000,10000000' }, repeat: { type: 'string', default: '1' }, check: { type: 'boolean', default: false },
} });
const REPEAT = Math.max(1, Number(values.repeat));
const GOAL = 0.8;

function csvFor(rows) {
  const path = join(tmpdir(), `weir-bench-purchases-${rows}.csv`);
  if (!existsSync(path)) {
    console.log(`generating ${path} ...`);
    execFileSync(process.execPath, [join(ROOT, 'scripts/generate-example-data.mjs'), '--purchases', String(rows), '--out', path], { stdio: 'inherit' });
  }
  return path;
}

async function duckdbReadCsv(csv) {
  const dir = join(tmpdir(), 'weir-bench-readcsv');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const db = await DuckDBInstance.create(join(dir, 'plain.duckdb'));
  const connection = await db.connect();
  const started = performance.now();
  await connection.run(`create table purchases as select * from read_csv('${csv}')`);
  const seconds = (performance.now() - started) / 1000;
  connection.closeSync();
  db.closeSync();
  return seconds;
}

function weirIngest(csv) {
  const dir = join(tmpdir(), 'weir-bench-ingest-csv');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'sources'), { recursive: true });
  writeFileSync(join(dir, 'project.yml'), 'name: bench\n');
  writeFileSync(join(dir, 'sources/shop.yml'), `sources:\n  - name: shop\n    tables:\n      - name: purchases\n        ingest:\n          file: {path: "${csv}"}\n`);
  const args = [join(ROOT, 'bin/weir.js'), 'ingest', '--project-dir', dir];
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const wall = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`weir ingest failed:\n${run.stdout}${run.stderr}`);
  const results = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8'));
  const node = results.results[0];
  return { command: `node ${args.map((a) => a.replace(ROOT + '/', '')).join(' ')}`, wall, load: node.execution_time, rows: node.adapter_response.rows_affected };
}

let failed = false;
const table = [];
for (const rows of values.rows.split(',').map(Number)) {
  const csv = csvFor(rows);
  const mb = statSync(csv).size / 1e6;
  let weir;
  let plain = Infinity;
  for (let i = 0; i < REPEAT; i++) {
    const run = weirIngest(csv);
    if (!weir || run.load < weir.load) weir = run;
    plain = Math.min(plain, await duckdbReadCsv(csv));
  }
  if (weir.rows !== rows) throw new Error(`weir loaded ${weir.rows} rows, expected ${rows}`);
  const ratio = plain / weir.load;
  if (ratio < GOAL) failed = true;
  table.push({ rows, 'file MB': mb.toFixed(0), 'read_csv s': plain.toFixed(2), 'read_csv rows/s': Math.round(rows / plain),
    'weir load s': weir.load.toFixed(2), 'weir rows/s': Math.round(rows / weir.load), 'weir wall s (CLI)': weir.wall.toFixed(2),
    'ratio (goal >= 0.8)': ratio.toFixed(2) });
  console.log(`  ${weir.command}`);
}
console.table(table);
console.log(`best of ${REPEAT}; weir load s = the ingest node time in run_results.json (load, lake copy, atomic swap); wall = the whole CLI process.`);
if (values.check && failed) process.exit(1);
