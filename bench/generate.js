#!/usr/bin/env node
// Writes a synthetic weir project for benchmarks:
//
//   node bench/generate.js <dir> <count> [--shape wide|deep]
//
// Model 0 selects constants; every other model selects from one or two earlier models, chosen
// deterministically. Models live in folders of 100 (models/g000/m00000.sql). Every 10th model
// carries a literal config() call with a tag (t0..t4); the rest are plain views, the default.
//
// Shapes:
//   wide (default)  parents floor(i/3) and floor(i/10): a bushy DAG about log3(count) levels deep,
//                   like a real project. Buildable: DuckDB binds a view by expanding every view
//                   under it, so deep view stacks cost exponential time and hit max_expression_depth.
//   deep            parents i-1 and floor(i*0.7): one chain through every model. For compile only,
//                   to stress graph code (recursion depth, long paths); too deep to build as views.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PER_FOLDER = 100;
export const SHAPES = ['wide', 'deep'];

export function modelName(i) {
  return `m${String(i).padStart(5, '0')}`;
}

export function folderName(i) {
  return `g${String(Math.floor(i / PER_FOLDER)).padStart(3, '0')}`;
}

/** Indexes of the models that model i > 0 selects from (one or two, all smaller than i). */
export function parentsOf(i, shape = 'wide') {
  const candidates = shape === 'deep' ? [i - 1, Math.floor(i * 0.7)] : [Math.floor(i / 3), Math.floor(i / 10)];
  return [...new Set(candidates)];
}

/** The SQL text of model i. Every model returns one row (id 1) with a text column v. */
export function modelSql(i, shape = 'wide') {
  if (i === 0) return "select 1 as id, 'x' as v\n";
  const lines = [];
  if (i % 10 === 0) lines.push(`{{ config(materialized='view', tags=['t${(i / 10) % 5}']) }}`);
  const [first, second] = parentsOf(i, shape).map(modelName);
  if (second === undefined) {
    lines.push(`select id, v from {{ ref('${first}') }}`);
  } else {
    lines.push(
      `select a.id, a.v || coalesce(b.v, '') as v`,
      `from {{ ref('${first}') }} as a`,
      `left join {{ ref('${second}') }} as b on b.id = a.id`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Writes a fresh project with `count` models to `dir`, deleting whatever was there. */
export function generateProject(dir, count, shape = 'wide') {
  if (!SHAPES.includes(shape)) throw new Error(`unknown shape '${shape}': use ${SHAPES.join(' or ')}`);
  const root = resolve(dir);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'models'), { recursive: true });
  writeFileSync(
    join(root, 'project.yml'),
    ['name: bench', 'targets:', '  dev:', '    type: duckdb', '    path: target/dev.duckdb', ''].join('\n'),
  );
  for (let i = 0; i < count; i++) {
    if (i % PER_FOLDER === 0) mkdirSync(join(root, 'models', folderName(i)), { recursive: true });
    writeFileSync(join(root, 'models', folderName(i), `${modelName(i)}.sql`), modelSql(i, shape));
  }
  return root;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const shapeAt = args.indexOf('--shape');
  const shape = shapeAt >= 0 ? args.splice(shapeAt, 2)[1] : 'wide';
  const [dir, countText] = args;
  const count = Number(countText);
  if (!dir || !Number.isInteger(count) || count < 1 || !SHAPES.includes(shape)) {
    console.error('usage: node bench/generate.js <dir> <count> [--shape wide|deep]');
    process.exit(2);
  }
  console.log(`wrote ${count} models (${shape}) to ${generateProject(dir, count, shape)}`);
}
