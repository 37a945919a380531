#!/usr/bin/env node
// dbt_utils' own integration test project, built by weir as dbt's CI builds it (deps, then build).
//
//   node bench/dbt-utils.js [--engine duckdb|postgres] [--package-dir DIR] [--json]
//
// Copies the package (default ../shared/dbt-packages/dbt_utils, never changed) into a temporary
// folder, writes a profiles.yml for the engine (postgres: WEIR_PG_URL, in a schema of its own),
// runs `weir deps` and `weir build`, and prints what passed per resource type from
// target/run_results.json, with each failure's message.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const engine = option('--engine', 'duckdb');
const packageDir = resolve(option('--package-dir', join(repo, '..', 'shared', 'dbt-packages', 'dbt_utils')));
if (!existsSync(join(packageDir, 'integration_tests', 'dbt_project.yml'))) {
  console.error(`no dbt_utils package with integration_tests/ in ${packageDir} (pass --package-dir)`);
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'weir-dbt-utils-'));
cpSync(packageDir, join(work, 'dbt_utils'), { recursive: true });
const project = join(work, 'dbt_utils', 'integration_tests');
const schema = `dbt_utils_${process.pid}`;
let output;
if (engine === 'postgres') {
  const url = new URL(process.env.WEIR_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  output = [
    'type: postgres', `host: ${url.hostname}`, `port: ${url.port || 5432}`, `user: ${decodeURIComponent(url.username)}`,
    // The password stays in the environment, never in a file.
    ...(url.password ? ["password: \"{{ env_var('WEIR_DBT_UTILS_PG_PASSWORD') }}\""] : []),
    `dbname: ${url.pathname.slice(1)}`, `schema: ${schema}`, 'threads: 4',
  ];
  if (url.password) process.env.WEIR_DBT_UTILS_PG_PASSWORD = decodeURIComponent(url.password);
} else {
  output = ['type: duckdb', 'path: target/integration.duckdb', 'schema: main', 'threads: 4'];
}
writeFileSync(join(project, 'profiles.yml'), `integration_tests:\n  target: ci\n  outputs:\n    ci:\n${output.map((l) => `      ${l}`).join('\n')}\n`);

const weir = (...command) => spawnSync(process.execPath, [join(repo, 'bin', 'weir.js'), ...command, '--project-dir', project, '--profiles-dir', project], {
  encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' },
});
const deps = weir('deps');
if (deps.status !== 0) {
  console.error(`weir deps failed:\n${deps.stdout}${deps.stderr}`);
  process.exit(1);
}
const started = Date.now();
const build = weir('build');
const seconds = (Date.now() - started) / 1000;
const resultsFile = join(project, 'target', 'run_results.json');
const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')).results : [];
const counts = {};
const failures = [];
for (const r of results) {
  const type = r.unique_id.split('.')[0];
  counts[type] ??= { pass: 0, fail: 0, skip: 0 };
  const ok = r.status === 'success' || r.status === 'pass' || r.status === 'warn';
  if (ok) counts[type].pass++;
  else if (r.status === 'skipped') counts[type].skip++;
  else {
    counts[type].fail++;
    failures.push(`${r.unique_id}: ${String(r.message ?? r.status).split('\n').slice(1, 2).join('') || r.status}`);
  }
}
const summary = { engine, seconds, exitCode: build.status, counts, failures };
if (results.length === 0) summary.compileError = `${build.stdout}${build.stderr}`.split('\n').filter((l) => /Error/.test(l)).slice(0, 20);
if (args.includes('--json')) console.log(JSON.stringify(summary));
else {
  console.log(`dbt_utils integration_tests on ${engine}: weir build exit ${build.status} in ${seconds.toFixed(1)} s`);
  for (const [type, c] of Object.entries(counts)) console.log(`  ${type.padEnd(10)} ${c.pass} passed, ${c.fail} failed, ${c.skip} skipped`);
  for (const f of failures) console.log(`  FAIL ${f}`);
  for (const e of summary.compileError ?? []) console.log(`  ${e}`);
}
if (engine === 'postgres') {
  try {
    const url = process.env.WEIR_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    execFileSync('psql', [url, '-qc', `drop schema if exists ${schema} cascade; drop schema if exists ${schema}_events cascade`], { stdio: 'ignore' });
  } catch { /* psql missing: the schema stays, named after this run */ }
}
rmSync(work, { recursive: true, force: true });
