#!/usr/bin/env node
// Times the partial-parse cache: `node bench/partial-parse.js [--repeat N] [--count 10000] [--check]`.
//
// On a freshly generated project (bench/generate.js) it times, as whole `node bin/weir.js` processes:
// a full compile without the cache (--no-partial-parse), the first compile that writes the cache, a
// compile of the unchanged project (the goal: < 0.5 s), and a compile after one model file changed
// (a different edit each repeat), plus `weir --version` (node start-up and the CLI's own imports).
// Best and median of --repeat runs, with the load average before and after, since the machine's
// load moves these figures more than anything weir does.
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
const repeat = option('--repeat', 5);
const count = option('--count', 10000);
const check = args.includes('--check');
const GOAL_UNCHANGED = 0.5;

if (!existsSync(join(repoRoot, 'dist', 'cli', 'main.js'))) {
  console.error('weir is not built: run `npm run build` first');
  process.exit(1);
}

const project = join(tmpdir(), `weir-bench-${count}`);
generateProject(project, count);
const edited = Math.floor(count / 2);
const editedFile = join(project, 'models', folderName(edited), `${modelName(edited)}.sql`);

/** One weir process: wall and CPU seconds and the partial-parse summary (from -v --log-format json). */
function run(command) {
  const { result, seconds, cpu } = spawnTimed([cli, ...command, ...(command[0] === '--version' ? [] : ['--project-dir', project, '-v', '--log-format', 'json'])]);
  if (result.status !== 0) {
    console.error(`weir ${command.join(' ')} failed (exit ${result.status}):\n${`${result.stdout}${result.stderr}`.trim().split('\n').slice(-20).join('\n')}`);
    process.exit(1);
  }
  const summary = result.stdout.split('\n').filter((l) => l.includes('"weir_code":"partial_parse"')).map((l) => JSON.parse(l).info.msg)[0];
  return { seconds, cpu, summary };
}

function measure(name, command, before) {
  const times = [];
  const cpus = [];
  let summary;
  for (let i = 0; i < repeat; i++) {
    before?.(i);
    const result = run(command);
    times.push(result.seconds);
    if (result.cpu !== undefined) cpus.push(result.cpu);
    summary = result.summary;
  }
  return { name, ...summarise(times, cpus), summary, command: `node bin/weir.js ${command.join(' ')}${command[0] === '--version' ? '' : ` --project-dir ${project}`}` };
}

const removeStamp = () => rmSync(join(project, 'target', 'compile_stamp.json'), { force: true });
const removeTarget = () => rmSync(join(project, 'target'), { recursive: true, force: true });
const loadBefore = loadavg().map((l) => l.toFixed(2)).join(' ');
const rows = [
  measure('weir --version (start-up)', ['--version']),
  // Both from an empty target/: the first compile also writes every compiled SQL file.
  measure(`compile ${count} models, empty target/, no cache (--no-partial-parse)`, ['compile', '--no-partial-parse'], removeTarget),
  measure(`compile ${count} models, empty target/: writes the cache`, ['compile'], removeTarget),
];
run(['compile']); // the cache and artifacts in place
run(['compile']); // a compile that changed nothing: writes target/compile_stamp.json
rows.push(measure(`compile ${count} models, warm cache, unchanged (goal < ${GOAL_UNCHANGED} s)`, ['compile']));
rows.push(measure(`compile ${count} models, warm cache, unchanged, stamp deleted (the partial-parse path)`, ['compile'], removeStamp));
rows.push(measure(`compile ${count} models, warm cache, one model edited`, ['compile'], (i) => appendFileSync(editedFile, `-- edit ${i}\n`)));
const loadAfter = loadavg().map((l) => l.toFixed(2)).join(' ');

console.log(`\nbest and median of ${repeat} runs; load average before: ${loadBefore}, after: ${loadAfter} (${process.platform}, node ${process.version})\n`);
console.log('| step | best s | median s | median CPU s | partial parse |\n|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.name} | ${r.best.toFixed(2)} | ${r.median.toFixed(2)} | ${r.cpu?.toFixed(2) ?? '-'} | ${r.summary ?? ''} |`);
console.log('\ncommands:');
for (const r of rows) console.log(`  ${r.command}`);
const unchanged = rows[3];
if (check && unchanged.best >= GOAL_UNCHANGED) {
  console.log(`\nmissed: unchanged compile took ${unchanged.best.toFixed(2)} s (goal < ${GOAL_UNCHANGED} s)`);
  process.exit(1);
}
