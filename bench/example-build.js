#!/usr/bin/env node
// Times the README's main job: the default `weir build` of the example project (ingest from the
// recordings and files, seeds, models, data and unit tests, analyses), goal under 3 s on the 2-core
// machine. `node bench/example-build.js [--repeat 5] [--check]` (run `npm run build` first).
//
// Each repeat copies the example (the repository root's project.yml, models, seeds, macros, sources,
// analyses, tests, data) to a fresh temp folder, so every build starts from an empty target/: no
// database, no partial-parse cache. Then once more on the last copy, warm (target/ kept), which is
// what a second `npx weir build` does. Times are whole `node bin/weir.js build` processes: wall
// seconds from spawn to exit, and CPU seconds (user + system) from the kernel's accounting.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { copyExample, ROOT } from './example-copy.js';

const GOAL_S = 3;
const { values } = parseArgs({ options: { repeat: { type: 'string', default: '5' }, check: { type: 'boolean', default: false } } });
const repeat = Number(values.repeat);

/** One `weir build` process: its wall seconds and summary line (CPU: see childrenCpu). */
function build(dir) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'weir.js'), 'build', '--project-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`weir build exited with ${code}:\n${output.slice(-3000)}`));
      const summary = output.trim().split('\n').filter((l) => l.includes('Finished')).pop() ?? '';
      resolve({ wall, summary });
    });
  });
}

/** CPU seconds of this process's waited-for children (user + system): /proc/self/stat's cutime and cstime. */
function childrenCpu() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  // After "pid (comm) ", field 3 is state; cutime and cstime are fields 16 and 17 (1-based), in clock
  // ticks of 1/100 s (USER_HZ, 100 on Linux: `getconf CLK_TCK`).
  const ticks = Number(fields[16 - 3]) + Number(fields[17 - 3]);
  return ticks / 100;
}

const rows = [];
const before = loadavg().map((l) => l.toFixed(2)).join(' ');
let last;
for (let i = 0; i < repeat; i++) {
  const dir = copyExample();
  const cpu0 = childrenCpu();
  const run = await build(dir);
  rows.push({ run: `fresh ${i + 1}`, 'wall s': run.wall, 'cpu s': (childrenCpu()) - cpu0, summary: run.summary.replace(/^\S+\s+/, '') });
  if (last) rmSync(last, { recursive: true, force: true });
  last = dir;
}
const cpu0 = childrenCpu();
const warm = await build(last);
rows.push({ run: 'warm (target/ kept)', 'wall s': warm.wall, 'cpu s': (childrenCpu()) - cpu0, summary: warm.summary.replace(/^\S+\s+/, '') });
rmSync(last, { recursive: true, force: true });

const fresh = rows.slice(0, repeat).map((r) => r['wall s']).sort((a, b) => a - b);
const median = fresh[Math.floor(fresh.length / 2)];
console.log(`  node bin/weir.js build --project-dir <a fresh copy of the example>   (load average before: ${before}, after: ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
console.table(rows.map((r) => ({ ...r, 'wall s': r['wall s'].toFixed(2), 'cpu s': r['cpu s'].toFixed(2) })));
console.log(`fresh builds: best ${fresh[0].toFixed(2)} s, median ${median.toFixed(2)} s (goal < ${GOAL_S} s)`);
process.exitCode = values.check && median >= GOAL_S ? 1 : 0;
