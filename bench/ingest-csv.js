#!/usr/bin/env node
// CSV ingestion benchmark: `weir ingest` of the example's shopping-behaviour schema (1M and 10M rows by
// default) beside the engine's own bulk path on the same file, in the same run. Goal: weir >= 0.8 of it.
// DuckDB: read_csv into a fresh database. PostgreSQL (--engine postgres, WEIR_PG_URL, needs psql): psql's
// \copy into a table of the types weir chose, in the same schema.
//
//   npm run build && node bench/ingest-csv.js [--rows 1000000,10000000] [--repeat N] [--engine duckdb|postgres] [--check]
// With --repeat, weir and the reference alternate N times and the best time of each is reported.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: {
  rows: { type: 'string', default: '1000000,10000000' }, engine: { type: 'string', default: 'duckdb' }, repeat: { type: 'string', default: '1' }, check: { type: 'boolean', default: false },
} });
const REPEAT = Math.max(1, Number(values.repeat));
const GOAL = 0.8;
const PG = values.engine === 'postgres';
const PG_URL = process.env.WEIR_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PG_SCHEMA = `weir_bench_csv_${process.pid}`;
const psql = (sql) => execFileSync('psql', [PG_URL, '-v', 'ON_ERROR_STOP=1', '-qAtc', sql], { encoding: 'utf8', env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' } });

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

/** psql's \\copy of the file into a table with the columns and types weir's ingest created, timed as a whole process. */
function psqlCopy(csv) {
  const columns = psql(`select string_agg(format('%I %s', column_name, format_type(atttypid, atttypmod)), ', ' order by attnum)
    from pg_attribute a join information_schema.columns c on c.table_schema = '${PG_SCHEMA}_raw' and c.table_name = 'purchases'
      and c.column_name = a.attname
    where a.attrelid = '"${PG_SCHEMA}_raw".purchases'::regclass and a.attnum > 0 and not a.attisdropped and a.attname not like '\\_weir\\_%'`).trim();
  psql(`drop table if exists "${PG_SCHEMA}_raw".purchases_psql; create table "${PG_SCHEMA}_raw".purchases_psql (${columns})`);
  const started = performance.now();
  psql(`\\copy "${PG_SCHEMA}_raw".purchases_psql from '${csv}' with (format csv, header true)`);
  return (performance.now() - started) / 1000;
}

function weirIngest(csv) {
  const dir = join(tmpdir(), 'weir-bench-ingest-csv');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'sources'), { recursive: true });
  writeFileSync(join(dir, 'project.yml'), PG
    ? `name: bench\ntargets:\n  pg:\n    type: postgres\n    url: "{{ env_var('WEIR_PG_URL', '${PG_URL}') }}"\n    schema: ${PG_SCHEMA}\n`
    : 'name: bench\n');
  writeFileSync(join(dir, 'sources/shop.yml'), `sources:\n  - name: shop\n    schema: ${PG ? `${PG_SCHEMA}_raw` : 'raw'}\n    tables:\n      - name: purchases\n        ingest:\n          file: {path: "${csv}"}\n`);
  const args = [join(ROOT, 'bin/weir.js'), 'ingest', '--project-dir', dir, ...(PG ? ['--target', 'pg'] : [])];
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, WEIR_PG_URL: PG_URL } });
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
    plain = Math.min(plain, PG ? psqlCopy(csv) : await duckdbReadCsv(csv));
  }
  if (weir.rows !== rows) throw new Error(`weir loaded ${weir.rows} rows, expected ${rows}`);
  const ratio = plain / weir.load;
  if (ratio < GOAL) failed = true;
  const ref = PG ? 'psql \\copy' : 'read_csv';
  table.push({ rows, 'file MB': mb.toFixed(0), [`${ref} s`]: plain.toFixed(2), [`${ref} rows/s`]: Math.round(rows / plain),
    'weir load s': weir.load.toFixed(2), 'weir rows/s': Math.round(rows / weir.load), 'weir wall s (CLI)': weir.wall.toFixed(2),
    'ratio (goal >= 0.8)': ratio.toFixed(2) });
  console.log(`  ${weir.command}`);
}
if (PG) psql(`drop schema if exists "${PG_SCHEMA}_raw" cascade; drop schema if exists "${PG_SCHEMA}" cascade`);
console.table(table);
console.log(`best of ${REPEAT}; weir load s = the ingest node time in run_results.json (load, lake copy, atomic swap); wall = the whole CLI process.`);
if (values.check && failed) process.exit(1);
