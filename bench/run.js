#!/usr/bin/env node
// Times weir on generated projects: `node bench/run.js [--repeat N] [--check]` (or `npm run bench`).
//
// Generates fresh projects in the temp folder, then runs the built CLI (`node bin/weir.js`, so run
// `npm run build` first) and reports wall-clock seconds, process start-up included. With --repeat N
// each step runs N times and the best time counts; with --check the exit code is 1 when a goal is
// missed (it is always 1 when a command fails).
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './generate.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repoRoot, 'bin', 'weir.js');

const args = process.argv.slice(2);
const repeatAt = args.indexOf('--repeat');
const repeat = repeatAt >= 0 ? Math.max(1, Number(args[repeatAt + 1]) || 1) : 1;
const check = args.includes('--check');

if (!existsSync(join(repoRoot, 'dist', 'cli', 'main.js'))) {
  console.error('weir is not built: run `npm run build` first');
  process.exit(1);
}

const tmp = tmpdir();
const projects = {
  small: join(tmp, 'weir-bench-1000'),
  large: join(tmp, 'weir-bench-10000'),
  deep: join(tmp, 'weir-bench-10000-deep'),
};
process.stdout.write('generating projects ... ');
generateProject(projects.small, 1000);
generateProject(projects.large, 10000);
generateProject(projects.deep, 10000, 'deep');
console.log('done');

const steps = [
  // A full parse each time: bench/partial-parse.js times the cache.
  { name: 'compile', models: '10,000', project: projects.large, command: ['compile', '--no-partial-parse'], goal: 2 },
  { name: 'compile (deep DAG)', models: '10,000', project: projects.deep, command: ['compile', '--no-partial-parse'], goal: 2 },
  { name: 'compile', models: '1,000', project: projects.small, command: ['compile', '--no-partial-parse'] },
  {
    name: 'docs generate (catalog of 10,000 views)',
    models: '10,000',
    project: projects.large,
    command: ['docs', 'generate'],
    goal: 10,
    // Untimed, once: build the views so the catalog has 10,000 relations to read.
    prepare: ['run', '--threads', '4'],
  },
  {
    name: 'run (views, fresh db)',
    models: '1,000',
    project: projects.small,
    command: ['run'],
    goal: 5,
    // A fresh database each time: the first run of a project creates every view.
    before: () => rmSync(join(projects.small, 'target', 'dev.duckdb'), { force: true }),
  },
];

/** Runs one step and returns its wall-clock seconds, or the failure. */
function time(step) {
  step.before?.();
  const start = process.hrtime.bigint();
  const result = weir(step.command, step.project);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`;
    return { seconds, failure: `exit ${result.status}\n${output.trim().split('\n').slice(-20).join('\n')}` };
  }
  return { seconds };
}

function weir(command, project) {
  return spawnSync(process.execPath, [cli, ...command, '--project-dir', project], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
}

const rows = [];
let failed = false;
let missed = false;
for (const step of steps) {
  let best = Infinity;
  let failure;
  if (step.prepare) {
    const prepared = weir(step.prepare, step.project);
    if (prepared.status !== 0) failure = `preparing with weir ${step.prepare.join(' ')}: exit ${prepared.status}\n${`${prepared.stdout}${prepared.stderr}`.trim().split('\n').slice(-20).join('\n')}`;
  }
  for (let i = 0; i < repeat && !failure; i++) {
    const result = time(step);
    failure = result.failure;
    best = Math.min(best, result.seconds);
  }
  const status = failure ? 'FAILED' : step.goal === undefined ? '' : best < step.goal ? 'ok' : 'MISSED';
  if (failure) {
    failed = true;
    console.error(`\n${step.name} on ${step.models} models failed: ${failure}\n`);
  }
  if (status === 'MISSED') missed = true;
  const command = `node ${relative(process.cwd(), cli) || cli} ${step.command.join(' ')} --project-dir ${step.project}`;
  rows.push([step.name, step.models, best.toFixed(2), step.goal === undefined ? '' : `< ${step.goal} s`, status, command]);
}

const header = ['step', 'models', 'seconds', 'goal', 'status', 'command'];
const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
const line = (cells) => cells.map((cell, c) => (c === 2 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
console.log();
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of rows) console.log(line(row));
console.log(`\nnode ${process.version}, ${repeat === 1 ? 'one run per step' : `best of ${repeat} runs per step`}`);

process.exitCode = failed || (check && missed) ? 1 : 0;
