#!/usr/bin/env node
// Times data tests: `node bench/tests.js` (build first: `npm run build`).
// One table of 1,000,000 rows and 1,000 generic tests on it (not_null, unique, accepted_values,
// accepted_range, expression_is_true over ten columns), run on DuckDB with the default 4 threads.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repoRoot, 'bin', 'weir.js');
const dir = join(tmpdir(), 'weir-bench-tests');
rmSync(dir, { recursive: true, force: true });
mkdirSync(join(dir, 'models'), { recursive: true });
writeFileSync(join(dir, 'project.yml'), 'name: bench_tests\n');
const columns = Array.from({ length: 10 }, (_, c) => `c${c}`);
writeFileSync(
  join(dir, 'models', 'big.sql'),
  `{{ config(materialized='table') }}\nselect i as id, ${columns.map((c, k) => `(i * ${k + 3}) % ${1000 + k} as ${c}`).join(', ')}, 'k' || (i % 5) as kind\nfrom range(1000000) as t(i)\n`,
);
const lines = ['models:', '  - name: big', '    columns:', '      - name: id', '        data_tests: [unique, not_null]', '      - name: kind', "        data_tests: [{accepted_values: {values: [k0, k1, k2, k3, k4]}}]"];
let count = 3;
for (const c of columns) {
  lines.push(`      - name: ${c}`, '        data_tests:', '          - not_null');
  count++;
  for (let k = 1; count < 1000 && k <= 50; k++, count++) lines.push(`          - accepted_range: {min_value: ${-k}}`);
  for (let k = 1; count < 1000 && k <= 49; k++, count++) lines.push(`          - expression_is_true: {expression: '>= ${-k}'}`);
}
writeFileSync(join(dir, 'models', 'big.yml'), `${lines.join('\n')}\n`);

function time(args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [cli, ...args, '--project-dir', dir], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const summary = (result.stdout.match(/Finished .*/g) ?? []).pop() ?? result.stderr.trim();
  if (result.status !== 0) throw new Error(`weir ${args.join(' ')} failed:\n${result.stdout.slice(-2000)}${result.stderr}`);
  return { seconds, summary };
}

console.log(`project: ${dir} (${count} tests on 1,000,000 rows)`);
const run = time(['run']);
console.log(`weir run  (build the 1M-row table)   ${run.seconds.toFixed(2)} s   ${run.summary}`);
const test = time(['test']);
console.log(`weir test (${count} tests)             ${test.seconds.toFixed(2)} s   ${test.summary}`);
const test1 = time(['test', '--threads', '1']);
console.log(`weir test --threads 1                 ${test1.seconds.toFixed(2)} s`);
