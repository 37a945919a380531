#!/usr/bin/env node
// Times data tests: `node bench/tests.js` (build first: `npm run build`).
// One table of 1,000,000 rows and 1,000 generic tests on it (not_null, unique, accepted_values,
// accepted_range, expression_is_true over ten columns), run on DuckDB with the default 4 threads;
// then 100 unit tests (20 given rows each) on an in-memory DuckDB.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

// 100 unit tests on a small model over `big`: each gives 20 rows and expects the aggregate.
writeFileSync(join(dir, 'models', 'kinds.sql'), "select kind, count(*) as n, sum(c0) as total from {{ ref('big') }} where c1 >= 0 group by kind\n");
const UNIT_TESTS = 100;
const unit = ['unit_tests:'];
for (let t = 0; t < UNIT_TESTS; t++) {
  const rows = Array.from({ length: 20 }, (_, r) => `{id: ${r}, kind: k${r % 4}, c0: ${t + r}, c1: ${r % 3}}`);
  const expected = [0, 1, 2, 3].map((k) => {
    const mine = Array.from({ length: 20 }, (_, r) => r).filter((r) => r % 4 === k);
    return `{kind: k${k}, n: ${mine.length}, total: ${mine.reduce((sum, r) => sum + t + r, 0)}}`;
  });
  unit.push(`  - name: kinds_${t}`, '    model: kinds', "    given: [{input: ref('big'), rows: [" + rows.join(', ') + ']}]', `    expect: {rows: [${expected.join(', ')}]}`);
}
writeFileSync(join(dir, 'models', 'unit.yml'), `${unit.join('\n')}\n`);

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
const test = time(['test', '--exclude', 'test_type:unit']);
console.log(`weir test (${count} tests)             ${test.seconds.toFixed(2)} s   ${test.summary}`);
const test1 = time(['test', '--threads', '1', '--exclude', 'test_type:unit']);
console.log(`weir test --threads 1                 ${test1.seconds.toFixed(2)} s`);
const units = time(['test', '-s', 'test_type:unit']);
console.log(`weir test -s test_type:unit (${UNIT_TESTS} unit tests) ${units.seconds.toFixed(2)} s   ${units.summary}`);
const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')).results;
const times = results.map((r) => r.execution_time * 1000).sort((a, b) => a - b);
console.log(`  per unit test: median ${times[Math.floor(times.length / 2)].toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms (run_results execution_time)`);
