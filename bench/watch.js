#!/usr/bin/env node
// Times the edit-and-rebuild loop: `node bench/watch.js [--saves N]` (run `npm run build` first).
//
// Copies the example project (the repository root's project.yml, models, seeds, macros) to a temp
// folder, starts `weir build --watch --log-format json` on it, and after the first build saves
// models/ecommerce/marts/cart_details.sql N times (a new comment each time, so its SQL changes). For each save it
// reports the time from the write to the end of cart_details' rebuild (goal: under 300 ms) and to the
// end of the whole rebuild (cart_details, its downstream models and their tests).
import { spawn } from 'node:child_process';
import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { copyExample, ROOT as repoRoot } from './example-copy.js';

const savesAt = process.argv.indexOf('--saves');
const saves = savesAt >= 0 ? Number(process.argv[savesAt + 1]) : 10;
const GOAL_MS = 300;

const dir = copyExample({ prefix: 'weir-bench-watch-' });
const model = join(dir, 'models', 'ecommerce', 'marts', 'cart_details.sql');

const child = spawn(process.execPath, [join(repoRoot, 'bin', 'weir.js'), 'build', '--watch', '--log-format', 'json', '--project-dir', dir],
  { stdio: ['ignore', 'pipe', 'inherit'] });
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
  await new Promise((r) => setTimeout(r, 200));
  let modelDone;
  const whole = new Promise((resolve) => (listener = (event, at) => {
    if (event.code === 'node_finish' && event.data?.uniqueId === 'model.shop.cart_details') modelDone = at;
    if (event.code === 'watch_ready') resolve(at);
  }));
  const saved = performance.now();
  appendFileSync(model, `\n-- save ${i}\n`);
  const done = await whole;
  rows.push({ model: modelDone - saved, whole: done - saved });
}
child.kill('SIGINT');
await new Promise((resolve) => child.on('exit', resolve));
rmSync(dir, { recursive: true, force: true });

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const modelMedian = median(rows.map((r) => r.model));
console.log(`saves: ${saves}`);
console.log(`save -> cart_details rebuilt: median ${modelMedian.toFixed(0)} ms, min ${Math.min(...rows.map((r) => r.model)).toFixed(0)} ms, max ${Math.max(...rows.map((r) => r.model)).toFixed(0)} ms (goal < ${GOAL_MS} ms)`);
console.log(`save -> whole rebuild done (downstream and tests): median ${median(rows.map((r) => r.whole)).toFixed(0)} ms`);
process.exitCode = process.argv.includes('--check') && modelMedian >= GOAL_MS ? 1 : 0;
