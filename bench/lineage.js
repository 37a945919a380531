#!/usr/bin/env node
// Times column lineage on the generated project: `node bench/lineage.js [--repeat 3] [--count 10000]`.
//
// As whole `node bin/weir.js` processes (best and median wall seconds, median CPU seconds), with the
// load average before and after: a cold compile (the yardstick: issue 24 asks lineage to add < 20% to
// it, or to answer one column lazily in < 1 s), then `weir lineage` (every model, target/lineage.json)
// without and with target/lineage_cache.json, after one model is edited, and `weir lineage m.col` of a
// leaf right after one cold compile (answered from the stamped manifest), of a leaf and of a root
// without the cache (lazy: only what the column needs), and answered from
// target/lineage_stamp.json. Every lineage run follows a compile, so the partial-parse cache is warm.
import { appendFileSync, existsSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { folderName, generateProject, modelName } from './generate.js';
import { spawnTimed, summarise } from './timed-run.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repoRoot, 'bin', 'weir.js');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) || fallback : fallback);
const repeat = option('--repeat', 3);
const count = option('--count', 10000);

if (!existsSync(join(repoRoot, 'dist', 'cli', 'main.js'))) {
  console.error('weir is not built: run `npm run build` first');
  process.exit(1);
}

const project = join(tmpdir(), `weir-bench-lineage-${count}`);
generateProject(project, count);
// A compile stamps its output only when no file changed in the 3 s before it (see compile-stamp.ts).
const settle = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3100);
settle();
const leaf = `${modelName(count - 1)}.v`;
const root = `${modelName(0)}.v`;
const editedFile = join(project, 'models', folderName(Math.floor(count / 2)), `${modelName(Math.floor(count / 2))}.sql`);

/** One weir process: wall and CPU seconds and its lineage log line. */
function run(command) {
  const { result, seconds, cpu } = spawnTimed([cli, ...command, '--project-dir', project]);
  if (result.status !== 0) {
    console.error(`weir ${command.join(' ')} failed (exit ${result.status}):\n${`${result.stdout}${result.stderr}`.trim().split('\n').slice(-20).join('\n')}`);
    process.exit(1);
  }
  const line = result.stdout.split('\n').find((l) => l.includes('Column lineage'))?.replace(/^\S+\s+/, '');
  return { seconds, cpu, line };
}

function measure(name, command, before) {
  const times = [];
  const cpus = [];
  let line;
  for (let i = 0; i < repeat; i++) {
    before?.(i);
    const result = run(command);
    times.push(result.seconds);
    if (result.cpu !== undefined) cpus.push(result.cpu);
    line = result.line;
  }
  return { name, ...summarise(times, cpus), line, command: `node bin/weir.js ${command.join(' ')} --project-dir ${project}` };
}

const target = (file) => join(project, 'target', file);
const removeTarget = () => rmSync(join(project, 'target'), { recursive: true, force: true });
const removeLineage = () => ['lineage_cache.json', 'lineage_stamp.json', 'lineage.json'].forEach((f) => rmSync(target(f), { force: true }));
const loadBefore = loadavg().map((l) => l.toFixed(2)).join(' ');
const rows = [measure(`compile ${count} models, empty target/ (the yardstick)`, ['compile'], removeTarget)];
run(['compile']);
rows.push(
  measure('lineage of every model, no lineage cache', ['lineage'], removeLineage),
  measure('lineage of every model, cache warm, project unchanged', ['lineage']),
  measure('lineage of every model, one model edited', ['lineage'], (i) => appendFileSync(editedFile, `-- edit ${i}\n`)),
);
settle();
rows.push(measure(`lineage ${leaf} right after one cold compile (reads the stamped manifest)`, ['lineage', leaf], () => (removeTarget(), run(['compile']))));
run(['compile']);
rows.push(
  measure(`lineage ${leaf} (a leaf), no lineage cache`, ['lineage', leaf], removeLineage),
  measure(`lineage ${root} (a root), no lineage cache`, ['lineage', root], removeLineage),
);
run(['lineage']); // every trace cached and stamped
rows.push(measure(`lineage ${leaf}, answered from target/lineage_stamp.json`, ['lineage', leaf]));
const loadAfter = loadavg().map((l) => l.toFixed(2)).join(' ');

console.log(`\nbest and median of ${repeat} runs; load average before: ${loadBefore}, after: ${loadAfter} (${process.platform}, node ${process.version})\n`);
console.log('| step | best s | median s | median CPU s | log line |\n|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.name} | ${r.best.toFixed(2)} | ${r.median.toFixed(2)} | ${r.cpu?.toFixed(2) ?? '-'} | ${r.line ?? ''} |`);
console.log('\ncommands:');
for (const r of rows) console.log(`  ${r.command}`);
