#!/usr/bin/env node
// Seed memory: `weir seed` of one large generated CSV on DuckDB and on PostgreSQL, printing the peak RSS of the
// weir process (GNU time's maximum resident set size; DuckDB runs inside it). Goal: flat, under 300 MB, whatever
// the file's size.
//
//   npm run build && node bench/seed-memory.js [--mb 500] [--engines duckdb,postgres] [--memory-limit 300MB] [--check]
// The CSV is cached in the temp folder (weir-bench-seed-<mb>MB.csv). PostgreSQL: WEIR_PG_URL (default
// postgres://postgres@127.0.0.1:5432/test); the bench uses its own schema and drops it at the end.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: {
  mb: { type: 'string', default: '500' },
  engines: { type: 'string', default: 'duckdb,postgres' },
  'memory-limit': { type: 'string', default: '300MB' },
  check: { type: 'boolean', default: false },
} });
const GOAL_MB = 300;
const url = process.env.WEIR_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A CSV of about `mb` megabytes: six columns of ids, amounts, timestamps, words and booleans. */
async function csvOf(mb) {
  const path = join(tmpdir(), `weir-bench-seed-${mb}MB.csv`);
  if (existsSync(path)) return path;
  console.log(`generating ${path} ...`);
  const partial = `${path}.partial`;
  const out = createWriteStream(partial);
  const words = ['placed', 'shipped', 'delivered', 'returned', 'cancelled'];
  out.write('id,user_id,amount,ordered_at,status,gift\n');
  let written = 0;
  let chunk = '';
  for (let i = 1; written < mb * 1e6; i++) {
    chunk += `${i},${1 + (i % 5000)},${((i * 7919) % 100000) / 100},2024-03-${String(1 + (i % 28)).padStart(2, '0')} 12:34:${String(i % 60).padStart(2, '0')},${words[i % 5]},${i % 7 === 0}\n`;
    if (chunk.length > 1 << 20) {
      written += chunk.length;
      if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise((r) => out.on('finish', r));
  renameSync(partial, path);
  return path;
}

function project(csv, schema) {
  const dir = mkdtempSync(join(tmpdir(), 'weir-bench-seed-'));
  mkdirSync(join(dir, 'seeds'));
  // A symlink would do, but a copy-free hard link keeps the seed a plain file inside the project.
  spawnSync('ln', [csv, join(dir, 'seeds', 'big.csv')]);
  if (!existsSync(join(dir, 'seeds', 'big.csv'))) spawnSync('cp', [csv, join(dir, 'seeds', 'big.csv')]);
  writeFileSync(join(dir, 'project.yml'), `name: bench_seed
targets:
  duckdb:
    type: duckdb
    path: target/bench.duckdb
    memory_limit: ${values['memory-limit']}
  pg:
    type: postgres
    url: "{{ env_var('WEIR_PG_URL') }}"
    schema: ${schema}
`);
  return dir;
}

function seed(dir, target) {
  const args = [join(ROOT, 'bin/weir.js'), 'seed', '--project-dir', dir, '--target', target];
  const started = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', 'weir-peak-kb %M', process.execPath, ...args], {
    encoding: 'utf8', env: { ...process.env, WEIR_PG_URL: url, NO_COLOR: '1' },
  });
  const wall = (performance.now() - started) / 1000;
  const output = `${run.stdout}${run.stderr}`;
  const peakKb = Number(/weir-peak-kb (\d+)/.exec(output)?.[1]);
  if (run.status !== 0 || !peakKb) throw new Error(`weir seed --target ${target} failed:\n${output.slice(-3000)}`);
  const rows = /(\d[\d,]*) rows?/.exec(run.stdout)?.[1] ?? '?';
  return { command: `/usr/bin/time -f %M node ${args.map((a) => a.replace(`${ROOT}/`, '')).join(' ')}`, wall, peakMb: Math.round(peakKb / 1024), rows };
}

const csv = await csvOf(Number(values.mb));
const schema = `bench_seed_${randomBytes(4).toString('hex')}`;
const dir = project(csv, schema);
const table = [];
let failed = false;
try {
  for (const engine of values.engines.split(',')) {
    const result = seed(dir, engine === 'postgres' ? 'pg' : 'duckdb');
    if (result.peakMb >= GOAL_MB) failed = true;
    table.push({ engine, 'file MB': Math.round(statSync(csv).size / 1e6), 'wall s': result.wall.toFixed(1), 'peak RSS MB (goal < 300)': result.peakMb });
    console.log(`  ${result.command}`);
  }
} finally {
  if (values.engines.includes('postgres')) spawnSync('psql', [url, '-qc', `drop schema if exists "${schema}" cascade`]);
  rmSync(dir, { recursive: true, force: true });
}
console.table(table);
console.log(`DuckDB memory_limit ${values['memory-limit']}; peak = maximum resident set size of the weir process (GNU time).`);
if (values.check && failed) process.exit(1);
