#!/usr/bin/env node
// Writes a synthetic weir project for benchmarks:
//
//   node bench/generate.js <dir> <count> [--shape wide|deep] [--style trivial|realistic] [--format weir|dbt]
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
//
// Styles: trivial (default) is the above; realistic makes about a quarter of the models call the
// project's own macros (loops over column lists, adapter.dispatch, config() with several keys) and
// documents every 5th model with column tests (bench/generate-realistic.js).
// Formats: weir (default) writes project.yml; dbt writes dbt_project.yml and profiles.yml, the same
// project as dbt-core reads it (and weir too), for bench/vs-dbt.js.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MACROS, folderProperties, isRealistic, realisticSql } from './generate-realistic.js';

const PER_FOLDER = 100;
export const SHAPES = ['wide', 'deep'];
export const STYLES = ['trivial', 'realistic'];
export const FORMATS = ['weir', 'dbt'];

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
export function modelSql(i, shape = 'wide', style = 'trivial') {
  if (i === 0) return "select 1 as id, 'x' as v\n";
  if (style === 'realistic' && isRealistic(i)) return realisticSql(i, parentsOf(i, shape).map(modelName));
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

/** The project files: weir's project.yml, or dbt's dbt_project.yml and profiles.yml (threads 4, like weir's default). */
function writeProjectFiles(root, format) {
  if (format === 'weir') {
    writeFileSync(join(root, 'project.yml'), ['name: bench', 'targets:', '  dev:', '    type: duckdb', '    path: target/dev.duckdb', ''].join('\n'));
    return;
  }
  writeFileSync(join(root, 'dbt_project.yml'), ['name: bench', "version: '1.0.0'", 'profile: bench', "model-paths: ['models']", "macro-paths: ['macros']", ''].join('\n'));
  // dbt-duckdb resolves a relative path from the working folder: the benchmark runs both tools from the project.
  writeFileSync(join(root, 'profiles.yml'), ['bench:', '  target: dev', '  outputs:', '    dev:', '      type: duckdb', '      path: target/dev.duckdb', '      threads: 4', ''].join('\n'));
}

/** Writes a fresh project with `count` models to `dir`, deleting whatever was there. */
export function generateProject(dir, count, shape = 'wide', { style = 'trivial', format = 'weir' } = {}) {
  if (!SHAPES.includes(shape)) throw new Error(`unknown shape '${shape}': use ${SHAPES.join(' or ')}`);
  if (!STYLES.includes(style)) throw new Error(`unknown style '${style}': use ${STYLES.join(' or ')}`);
  if (!FORMATS.includes(format)) throw new Error(`unknown format '${format}': use ${FORMATS.join(' or ')}`);
  const root = resolve(dir);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'models'), { recursive: true });
  writeProjectFiles(root, format);
  if (style === 'realistic') {
    mkdirSync(join(root, 'macros'));
    writeFileSync(join(root, 'macros', 'bench_utils.sql'), MACROS);
  }
  for (let i = 0; i < count; i += PER_FOLDER) {
    const folder = join(root, 'models', folderName(i));
    mkdirSync(folder, { recursive: true });
    const indexes = Array.from({ length: Math.min(PER_FOLDER, count - i) }, (_, k) => i + k);
    for (const m of indexes) writeFileSync(join(folder, `${modelName(m)}.sql`), modelSql(m, shape, style));
    const properties = style === 'realistic' ? folderProperties(indexes, modelName) : undefined;
    if (properties) writeFileSync(join(folder, '_models.yml'), properties);
  }
  return root;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const take = (name, fallback) => (args.includes(name) ? args.splice(args.indexOf(name), 2)[1] : fallback);
  const shape = take('--shape', 'wide');
  const style = take('--style', 'trivial');
  const format = take('--format', 'weir');
  const [dir, countText] = args;
  const count = Number(countText);
  if (!dir || !Number.isInteger(count) || count < 1 || !SHAPES.includes(shape) || !STYLES.includes(style) || !FORMATS.includes(format)) {
    console.error('usage: node bench/generate.js <dir> <count> [--shape wide|deep] [--style trivial|realistic] [--format weir|dbt]');
    process.exit(2);
  }
  console.log(`wrote ${count} models (${shape}, ${style}, ${format} format) to ${generateProject(dir, count, shape, { style, format })}`);
}
