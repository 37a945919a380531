#!/usr/bin/env node
// The example's shopping pipeline at scale (issue 6): `weir build` of the shopping part of the example project
// (CSV ingest, us_states seed, staging, the star schema, their data tests) on a generated CSV of N purchases,
// beside the same SQL run by hand through DuckDB in the same run: load the CSV, build the same relations with
// the same materializations, run the same tests. Both get the same DuckDB settings (memory_limit, threads).
// Reports wall time and peak memory (RSS of the process tree, DuckDB is in-process) of each, and the ratio.
// Goals: weir within 1.2x of the hand-run SQL, weir's peak under 1.5 GB.
//
//   npm run build && node bench/example-shopping.js [--purchases 10000000] [--memory-limit 1GB] [--threads 2] [--repeat 1] [--check]
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { copyExample } from './example-copy.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: {
  purchases: { type: 'string', default: '10000000' },
  'memory-limit': { type: 'string', default: '1GB' },
  threads: { type: 'string', default: '2' },
  repeat: { type: 'string', default: '1' },
  check: { type: 'boolean', default: false },
  'by-hand': { type: 'string' },
} });
const GOAL_RATIO = 1.2;
const GOAL_PEAK_MB = 1500;
// The shopping part of the example: the star schema and everything it is built from, with the data tests.
// Unit tests are left out: they run on their own in-memory sandbox, not on the data.
const SELECT = ['+fct_purchases', '+dim_customers', '+dim_items', '+dim_receipts'];

if (values['by-hand']) await runByHand(JSON.parse(readFileSync(values['by-hand'], 'utf8')));
else await main();

async function main() {
  const rows = Number(values.purchases);
  const csv = join(tmpdir(), `weir-bench-purchases-${rows}.csv`);
  if (!existsSync(csv)) {
    console.log(`generating ${csv} ...`);
    execFileSync(process.execPath, [join(ROOT, 'scripts/generate-example-data.mjs'), '--purchases', String(rows), '--out', csv], { stdio: 'inherit' });
  }
  // preserve_insertion_order off: DuckDB need not keep rows in file order, which bounds the memory of big
  // create-table-as statements (the order of rows in a table means nothing to the star schema).
  const settings = { memory_limit: values['memory-limit'], threads: Number(values.threads), preserve_insertion_order: false };
  const table = [];
  let failed = false;
  for (let run = 1; run <= Number(values.repeat); run++) {
    const load = loadavg().map((l) => l.toFixed(2)).join(' ');
    const weir = await weirBuild(csv, settings);
    const hand = await byHand(weir.plan, weir.planFile, settings);
    const ratio = weir.wall / hand.wall;
    if (ratio > GOAL_RATIO || weir.peakMb > GOAL_PEAK_MB) failed = true;
    table.push({
      purchases: rows, 'CSV MB': (statSync(csv).size / 1e6).toFixed(0), 'load avg before': load,
      'weir s': weir.wall.toFixed(1), 'weir peak MB': weir.peakMb, 'by hand s': hand.wall.toFixed(1), 'by hand peak MB': hand.peakMb,
      [`ratio (goal <= ${GOAL_RATIO})`]: ratio.toFixed(2), relations: weir.plan.models.length, tests: weir.plan.tests.length,
    });
    console.log(`  weir:    ${weir.command}`);
    console.log(`  by hand: node bench/example-shopping.js --by-hand ${weir.planFile}   (DuckDB ${JSON.stringify(settings)})`);
    console.log(`  weir's slowest nodes: ${weir.slowest}`);
  }
  console.table(table);
  console.log(`weir s = the whole \`weir build\` process (start-up, compile, ingest incl. the lake copy, models, tests, artifacts); by hand = the same statements one after another on a fresh database. Peak = highest RSS of the process (goal: weir < ${GOAL_PEAK_MB} MB).`);
  if (values.check && failed) process.exit(1);
}

/** The example copied with the big CSV in place of the fixture, and a target with the given DuckDB settings. */
function benchProject(csv, settings) {
  const dir = join(tmpdir(), 'weir-bench-example-shopping');
  rmSync(dir, { recursive: true, force: true });
  copyExample({ dir, skip: ['data'] });
  mkdirSync(join(dir, 'data'), { recursive: true });
  symlinkSync(csv, join(dir, 'data/shopping_behavior.csv'));
  const target = `  bench:\n    type: duckdb\n    path: target/bench.duckdb\n    threads: ${settings.threads}\n    memory_limit: ${settings.memory_limit}\n`
    + `    settings: {preserve_insertion_order: ${settings.preserve_insertion_order}}\n`;
  const project = readFileSync(join(dir, 'project.yml'), 'utf8');
  if (!/^targets:\n/m.test(project)) throw new Error('project.yml has no targets: block to add the bench target to');
  writeFileSync(join(dir, 'project.yml'), project.replace(/^targets:\n/m, `targets:\n${target}`));
  return dir;
}

async function weirBuild(csv, settings) {
  const dir = benchProject(csv, settings);
  const args = [join(ROOT, 'bin/weir.js'), 'build', '--target', 'bench', '-s', ...SELECT, '--exclude', 'test_type:unit', '--project-dir', dir];
  const { wall, peakMb, code, output } = await measure(args);
  if (code !== 0) throw new Error(`weir build failed:\n${output.slice(-4000)}`);
  const results = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')).results;
  const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8'));
  const plan = handPlan(manifest, results, dir, csv, settings);
  const planFile = join(dir, 'target/by-hand-plan.json');
  writeFileSync(planFile, JSON.stringify(plan, null, 2));
  const slowest = [...results].sort((a, b) => b.execution_time - a.execution_time).slice(0, 4)
    .map((r) => `${r.unique_id.split('.').slice(2).join('.')} ${r.execution_time.toFixed(1)}s`).join(', ');
  return { wall, peakMb, plan, planFile, slowest, command: `node ${args.map((a) => a.replace(ROOT + '/', '')).join(' ')}` };
}

/**
 * The statements weir ran, as a person would write them: the CSV loaded with read_csv (same column names and
 * types as sources/shopping.yml), the seed with read_csv, each model as `create view|table ... as <its SQL>`
 * in dependency order, each data test as a count of its failing rows.
 */
function handPlan(manifest, results, dir, csv, settings) {
  const ran = new Set(results.map((r) => r.unique_id));
  const nodes = Object.values(manifest.nodes).filter((n) => ran.has(n.unique_id));
  const source = Object.values(manifest.sources).find((s) => s.source_name === 'shopping' && s.name === 'purchases');
  const pins = loadPins(join(dir, 'sources/shopping.yml'));
  const q = (s) => `'${s.replace(/'/g, "''")}'`;
  const id = (s) => `"${s.replace(/"/g, '""')}"`;
  const setup = [
    `create schema if not exists ${id(source.schema)}`,
    `create table ${source.relation_name} as select ${pins.map((p) => `${id(p.field)} as ${id(p.name)}`).join(', ')} from read_csv(${q(csv)}, header = true, types = {${pins.map((p) => `${q(p.field)}: ${q(p.type)}`).join(', ')}})`,
  ];
  for (const seed of nodes.filter((n) => n.resource_type === 'seed')) {
    setup.push(`create schema if not exists ${id(seed.schema)}`);
    setup.push(`create table ${seed.relation_name} as select * from read_csv(${q(join(dir, seed.original_file_path))}, header = true)`);
  }
  const models = topological(nodes.filter((n) => n.resource_type === 'model')).map((n) =>
    `create ${n.config.materialized === 'view' ? 'view' : 'table'} ${n.relation_name} as ${n.compiled_code}`);
  const tests = nodes.filter((n) => n.resource_type === 'test').map((n) => `select count(*) as failures from (${n.compiled_code}) as t`);
  return { database: join(dir, 'target/by-hand/bench.duckdb'), settings, setup, models, tests };
}

function topological(models) {
  const byId = new Map(models.map((m) => [m.unique_id, m]));
  const done = new Set();
  const out = [];
  const visit = (m) => {
    if (done.has(m.unique_id)) return;
    done.add(m.unique_id);
    for (const dep of m.depends_on.nodes) if (byId.has(dep)) visit(byId.get(dep));
    out.push(m);
  };
  for (const m of models) visit(m);
  return out;
}

/** The `columns:` pins of the shopping source: CSV header -> {name, data_type}. */
function loadPins(path) {
  const pins = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^\s+([^:{]+):\s*\{name:\s*([a-z_]+),\s*data_type:\s*'?([^'}]+)'?\}/.exec(line);
    if (m) pins.push({ field: m[1].trim(), name: m[2], type: m[3].trim() });
  }
  if (pins.length < 19) throw new Error(`expected the 19 column pins in ${path}, found ${pins.length}`);
  return pins;
}

async function byHand(plan, planFile, settings) {
  rmSync(dirname(plan.database), { recursive: true, force: true });
  mkdirSync(dirname(plan.database), { recursive: true });
  const { wall, peakMb, code, output } = await measure([fileURLToPath(import.meta.url), '--by-hand', planFile]);
  if (code !== 0) throw new Error(`the hand-run SQL failed (settings ${JSON.stringify(settings)}):\n${output.slice(-4000)}`);
  const failures = JSON.parse(output.trim().split('\n').pop()).failures;
  if (failures > 0) throw new Error(`the hand-run tests found ${failures} failing rows`);
  return { wall, peakMb };
}

/** Child process: opens a fresh DuckDB with the settings and runs the plan, one statement at a time. */
async function runByHand(plan) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const options = Object.fromEntries(Object.entries(plan.settings).map(([k, v]) => [k, String(v)]));
  const db = await DuckDBInstance.create(plan.database, options);
  const connection = await db.connect();
  for (const sql of [...plan.setup, ...plan.models]) await connection.run(sql);
  let failures = 0;
  for (const sql of plan.tests) failures += Number((await connection.runAndReadAll(sql)).getRowObjectsJS()[0].failures);
  connection.closeSync();
  db.closeSync();
  console.log(JSON.stringify({ failures }));
}

/** Runs `node args`, sampling the RSS of it and its descendants every 50 ms; its own VmHWM too. */
function measure(args) {
  return new Promise((resolvePromise) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    let peakKb = 0;
    const sample = () => {
      let total = 0;
      for (const pid of tree(child.pid)) {
        const status = readStatus(pid);
        total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
        if (pid === child.pid) peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      }
      peakKb = Math.max(peakKb, total);
    };
    const timer = setInterval(sample, 50);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolvePromise({ wall: (performance.now() - started) / 1000, peakMb: Math.round(peakKb / 1024), code, output });
    });
  });
}

function readStatus(pid) {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return '';
  }
}

/** A process and its descendants, from /proc/<pid>/task/<tid>/children. */
function tree(pid) {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    let tasks = [];
    try {
      tasks = readdirSync(`/proc/${out[i]}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        for (const c of readFileSync(`/proc/${out[i]}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) out.push(Number(c));
      } catch {
        // the task ended
      }
    }
  }
  return out;
}
