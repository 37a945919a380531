#!/usr/bin/env node
// Times the edit-and-rebuild loop of `weir build --watch` (or `weir compile --watch`); run `npm run build` first.
//
//   node bench/watch.js [--saves N]                      the example project, whole build
//   node bench/watch.js --count 10000 [--style realistic] [--dir DIR] [--compile] [--weir BIN] [--saves N]
//
// The example: copies the repository root's project (project.yml, models, seeds, macros) to a temp
// folder and saves models/ecommerce/marts/cart_details.sql. --count: generates that many models with
// bench/generate.js into DIR (default /dev/shm/weir-bench-watch-COUNT, kept between runs) and saves
// models/g005/m00504.sql; the build is `--select +m00504+` (33 nodes: a person working on one model;
// every save still compiles and selects over the whole project). --compile: `weir compile --watch`
// (no database). --weir: another checkout's bin/weir.js, to compare builds on the same project.
//
// Each save appends a new comment (so the SQL changes). Per save: the time from the write to the
// edited model's rebuild, to the rebuild's summary (goal < 100 ms at 10,000 models), to the compile
// (--compile), and to `watch_ready` (the manifest and compiled SQL written); and the watch process's
// CPU time over the save (from /proc, 10 ms ticks).
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyExample, ROOT as repoRoot } from './example-copy.js';
import { generateProject } from './generate.js';

const arg = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const saves = Number(arg('--saves', 10));
const count = arg('--count') === undefined ? undefined : Number(arg('--count'));
const compileOnly = process.argv.includes('--compile');
const weir = arg('--weir', join(repoRoot, 'bin', 'weir.js'));
const GOAL_MS = count === undefined ? 300 : 100;

let dir;
let model;
let modelId;
let select = [];
if (count === undefined) {
  dir = copyExample({ prefix: 'weir-bench-watch-' });
  model = join(dir, 'models', 'ecommerce', 'marts', 'cart_details.sql');
  modelId = 'model.shop.cart_details';
} else {
  const style = arg('--style', 'trivial');
  dir = arg('--dir', join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), `weir-bench-watch-${count}${style === 'trivial' ? '' : `-${style}`}`));
  if (!existsSync(join(dir, 'project.yml'))) generateProject(dir, count, 'wide', { style });
  model = join(dir, 'models', 'g005', 'm00504.sql');
  modelId = 'model.bench.m00504';
  select = compileOnly ? [] : ['--select', '+m00504+'];
}

const command = compileOnly ? 'compile' : 'build';
const child = spawn(process.execPath, [weir, command, '--watch', '--log-format', 'json', '--project-dir', dir, ...select],
  { stdio: ['ignore', 'pipe', 'inherit'] });
const cpuMs = () => {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
};
let buffered = '';
let listener = () => {};
child.stdout.on('data', (chunk) => {
  buffered += chunk;
  const lines = buffered.split('\n');
  buffered = lines.pop();
  // dbt's event shape: weir's own code and data are in info.extra.
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    const { extra } = JSON.parse(line).info;
    if (extra.weir_code) listener({ code: extra.weir_code, data: extra.weir_data ? JSON.parse(extra.weir_data) : {} }, performance.now());
  }
});
const next = (test) => new Promise((resolve) => (listener = (event, at) => test(event) && resolve(at)));

await next((e) => e.code === 'watch_ready');
const rows = [];
for (let i = 0; i < saves; i++) {
  await new Promise((r) => setTimeout(r, 300));
  const row = {};
  const whole = new Promise((resolve) => (listener = (event, at) => {
    if (event.code === 'watch_change') row.seen = at - saved;
    if (event.code === 'run_start') row.started = at - saved;
    if (event.code === 'node_finish' && event.data?.uniqueId === modelId) row.model = at - saved;
    if (event.code === 'summary' || event.code === 'watch_compiled' || event.code === 'watch_nothing') row.rebuilt = at - saved;
    if (event.code === 'watch_ready') resolve(at);
  }));
  const cpuBefore = cpuMs();
  const saved = performance.now();
  appendFileSync(model, `\n-- save ${i} ${Date.now()}\n`);
  row.ready = (await whole) - saved;
  row.cpu = cpuMs() - cpuBefore;
  rows.push(row);
}
child.kill('SIGINT');
await new Promise((resolve) => child.on('exit', resolve));
if (count === undefined) rmSync(dir, { recursive: true, force: true });

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const line = (label, key) => {
  const values = rows.map((r) => r[key]).filter((v) => v !== undefined);
  if (values.length > 0) console.log(`${label}: median ${median(values).toFixed(0)} ms, min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)}`);
};
console.log(`${weir} ${command} --watch on ${count ?? 'the example'} models, saves: ${saves}`);
line('save -> seen (fs.watch, the 50 ms debounce)', 'seen');
if (!compileOnly) line('save -> run started (compiled, selected)', 'started');
if (!compileOnly) line(`save -> ${modelId} rebuilt`, 'model');
line(compileOnly ? 'save -> compiled' : 'save -> rebuild reported (downstream and tests)', 'rebuilt');
line('save -> manifest and compiled SQL written (watch_ready)', 'ready');
line('CPU of the watch process per save', 'cpu');
// The example's goal is the edited model's rebuild; the generated project's, the whole rebuild (or compile).
const checked = median(rows.map((r) => (count === undefined && !compileOnly ? r.model : r.rebuilt)));
process.exitCode = process.argv.includes('--check') && checked >= GOAL_MS ? 1 : 0;
