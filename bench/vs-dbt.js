#!/usr/bin/env node
// weir beside dbt-core on the same generated project, in one run:
//
//   node bench/vs-dbt.js [--count 1000] [--style trivial|realistic] [--steps parse,compile,run] [--repeat 1]
//                        [--tools dbt,weir,hand]   (e.g. --tools weir,hand: weir's run overhead without dbt's minutes)
//
// The project is bench/generate.js's wide shape in dbt's format (dbt_project.yml, profiles.yml), which
// weir reads as it is; each tool gets its own copy so neither sees the other's target/. Every step
// starts from an empty target/ (no partial parse, a fresh DuckDB file) and the two tools alternate,
// repeat by repeat, so both see the same load. Reported: wall and CPU seconds (user + system, GNU
// time) of each whole process, start-up included, and the ratios; the load average before and after.
//
//   parse    dbt parse --no-partial-parse       vs  weir compile --no-partial-parse (weir has no
//            separate parse: its compile also renders every model, so the pairing favours dbt)
//   compile  dbt compile --no-partial-parse     vs  weir compile (cold: also writes its cache)
//   run      dbt run (every model a view)       vs  weir run; plus the same SQL by hand (one
//            @duckdb/node-api process creating the views in order), so weir's overhead per model is
//            (weir CPU - by-hand CPU) / count
//
// dbt is not a dependency of weir: install the pinned versions into a venv of their own:
//   python3 -m venv /root/.cache/weir-dev/dbt-venv
//   /root/.cache/weir-dev/dbt-venv/bin/pip install dbt-core==1.10.15 dbt-duckdb==1.10.0 duckdb==2.0.1 dbt-postgres==1.9.1
// or point WEIR_DBT at a dbt executable. Without dbt the benchmark says so and skips (exit 0).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './generate.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repoRoot, 'bin', 'weir.js');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const count = Number(option('--count', '1000'));
const repeat = Number(option('--repeat', '1'));
const style = option('--style', 'trivial');
const steps = option('--steps', 'parse,compile,run').split(',');
const tools = option('--tools', 'dbt,weir,hand').split(',');
const dbt = process.env.WEIR_DBT ?? '/root/.cache/weir-dev/dbt-venv/bin/dbt';

if (tools.includes('dbt') && !existsSync(dbt)) {
  console.log(`SKIPPED: no dbt at ${dbt}. Install dbt-core 1.10 as the header of bench/vs-dbt.js says, or set WEIR_DBT.`);
  process.exit(0);
}
if (!existsSync(join(repoRoot, 'dist', 'cli', 'main.js'))) {
  console.error('weir is not built: run `npm run build` first');
  process.exit(1);
}

const base = join(tmpdir(), `weir-vs-dbt-${count}-${style}`);
const dirs = { dbt: join(base, 'dbt'), weir: join(base, 'weir'), hand: join(base, 'hand') };
for (const dir of Object.values(dirs)) generateProject(dir, count, 'wide', { style, format: 'dbt' });
const env = { ...process.env, DBT_SEND_ANONYMOUS_USAGE_STATS: 'false', DBT_PROFILES_DIR: undefined };

/** One whole process, run from `cwd` after emptying its target/: wall and CPU seconds. */
function timed(cwd, command) {
  rmSync(join(cwd, 'target'), { recursive: true, force: true });
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', ...command], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(result.stderr ?? '');
  if (result.status !== 0 || !cpu) {
    console.error(`failed in ${cwd} (exit ${result.status}): ${command.join(' ')}\n${`${result.stdout}${result.stderr}`.trim().split('\n').slice(-15).join('\n')}`);
    process.exit(1);
  }
  return { wall, cpu: Number(cpu[1]) + Number(cpu[2]) };
}

const weir = (...rest) => [process.execPath, cli, ...rest, '--project-dir', '.'];
const dbtCommand = (...rest) => [dbt, ...rest, '--project-dir', '.', '--profiles-dir', '.'];
// The same views by hand: weir's compiled SQL (written by a weir compile into the hand copy), in model order.
const handScript = `
import { DuckDBInstance } from '@duckdb/node-api';
import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
const root = 'compiled/bench/models';
const files = readdirSync(root).sort().flatMap((g) => readdirSync(join(root, g)).filter((f) => f.endsWith('.sql')).sort().map((f) => join(root, g, f)));
mkdirSync('target');
const db = await DuckDBInstance.create('target/dev.duckdb');
const connection = await db.connect();
for (const file of files) {
  const name = file.slice(file.lastIndexOf('/') + 1, -4);
  await connection.run('create view "main"."' + name + '" as ' + readFileSync(file, 'utf8'));
}
connection.closeSync();
`;
const pairs = {
  parse: { dbt: dbtCommand('parse', '--no-partial-parse'), weir: weir('compile', '--no-partial-parse') },
  compile: { dbt: dbtCommand('compile', '--no-partial-parse'), weir: weir('compile') },
  run: { dbt: dbtCommand('run'), weir: weir('run'), hand: [process.execPath, '--input-type=module', '-e', handScript] },
};

if (steps.includes('run')) {
  // The by-hand step reads compiled SQL kept outside target/ (which every step empties).
  timed(dirs.hand, weir('compile', '--no-partial-parse'));
  rmSync(join(dirs.hand, 'compiled'), { recursive: true, force: true });
  spawnSync('mv', [join(dirs.hand, 'target', 'compiled'), join(dirs.hand, 'compiled')]);
  spawnSync('ln', ['-s', join(repoRoot, 'node_modules'), join(dirs.hand, 'node_modules')]);
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const loadBefore = load();
const results = [];
for (const step of steps) {
  const pair = pairs[step];
  if (!pair) throw new Error(`unknown step '${step}': use parse, compile or run`);
  const runs = { dbt: [], weir: [], hand: [] };
  for (let r = 0; r < repeat; r++) {
    for (const tool of Object.keys(pair).filter((t) => tools.includes(t))) runs[tool].push(timed(dirs[tool], pair[tool]));
  }
  const median = (list, key) => [...list.map((x) => x[key])].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const row = { step, load: load() };
  for (const tool of Object.keys(pair).filter((t) => tools.includes(t))) row[tool] = { wall: median(runs[tool], 'wall'), cpu: median(runs[tool], 'cpu') };
  results.push(row);
  console.error(`${step} done (load ${row.load})`);
}

const dbtVersion = tools.includes('dbt') ? spawnSync(dbt, ['--version'], { encoding: 'utf8', env }).stdout.match(/installed:\s*([\d.]+)/)?.[1] : '(not run)';
const none = { wall: NaN, cpu: NaN };
console.log(`\n${count} models, ${style} style, median of ${repeat}; dbt-core ${dbtVersion}, node ${process.version}; load average before ${loadBefore}, after ${load()}\n`);
console.log('| step | dbt wall s | dbt CPU s | weir wall s | weir CPU s | ratio wall | ratio CPU |\n|---|---|---|---|---|---|---|');
for (const r of results) {
  r.dbt ??= none;
  console.log(`| ${r.step} | ${r.dbt.wall.toFixed(2)} | ${r.dbt.cpu.toFixed(2)} | ${r.weir.wall.toFixed(2)} | ${r.weir.cpu.toFixed(2)} | ${(r.dbt.wall / r.weir.wall).toFixed(1)}x | ${(r.dbt.cpu / r.weir.cpu).toFixed(1)}x |`);
}
const run = results.find((r) => r.step === 'run');
if (run?.hand && run.weir) {
  const overhead = ((run.weir.cpu - run.hand.cpu) / count) * 1000;
  console.log(`\nrun by hand (the same ${count} create view statements, one @duckdb/node-api process): ${run.hand.wall.toFixed(2)} s wall, ${run.hand.cpu.toFixed(2)} s CPU`);
  console.log(`weir overhead per model: ${overhead.toFixed(2)} ms of CPU ((weir CPU - by hand CPU) / ${count}); wall ${(((run.weir.wall - run.hand.wall) / count) * 1000).toFixed(2)} ms`);
}
console.log(`\nprojects in ${base} (dbt/, weir/); each step empties target/ first`);
