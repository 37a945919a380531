import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, dirname, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/project.js';

const SRC = join(REPO_ROOT, 'src');

/** Which layers each layer may import (besides itself). Lower layers never import higher ones. */
const ALLOWED: Record<string, string[]> = {
  core: [],
  // dbt's Jinja dialect (Jinja2's grammar and Python's semantics on nunjucks): knows no project.
  jinja: [],
  // dbt's runtime context (run_query, statement, adapter.*, the agate table): Jinja values, no project.
  'dbt-context': ['core', 'jinja'],
  graph: ['core'],
  adapters: ['core'],
  testing: ['core', 'adapters'],
  analyses: ['core', 'adapters', 'project', 'compile'],
  ingest: ['core', 'adapters'],
  project: ['core', 'adapters', 'ingest', 'jinja'],
  // dbt_project.yml and profiles.yml, read into weir's project settings (renders their Jinja with compile's engine).
  // dbt packages: packages.yml (rendered with env_var, as dbt does), weir deps (fetching over git and HTTP) and the installed folder.
  packages: ['core', 'project', 'jinja'],
  'dbt-project': ['core', 'adapters', 'project', 'compile', 'ingest', 'jinja', 'packages'],
  compile: ['core', 'project', 'graph', 'testing', 'ingest', 'jinja', 'dbt-context'],
  execute: ['core', 'adapters', 'compile', 'graph', 'testing', 'ingest', 'dbt-context'],
  // Column lineage from compiled SQL; gets its parser (an adapter service) passed in.
  lineage: ['core', 'adapters'],
  artifacts: ['core', 'compile', 'execute'],
  workflow: ['core', 'adapters', 'project', 'dbt-project', 'packages', 'compile', 'dbt-context', 'graph', 'execute', 'artifacts', 'analyses', 'ingest', 'lineage'],
  // The site is built from target/*.json only; its browser app reuses the CLI's selector code and lineage's column walks.
  docs: ['core', 'graph', 'lineage'],
  cli: ['core', 'adapters', 'project', 'dbt-project', 'packages', 'compile', 'graph', 'execute', 'artifacts', 'workflow', 'testing', 'docs', 'ingest', 'lineage'],
};

function sourceFiles(): string[] {
  return readdirSync(SRC, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

describe('architecture', () => {
  it('keeps layers one-way', () => {
    const violations: string[] = [];
    for (const file of sourceFiles()) {
      const layer = relative(SRC, file).split(sep)[0]!;
      const allowed = ALLOWED[layer];
      if (!allowed) {
        violations.push(`${relative(REPO_ROOT, file)}: layer '${layer}' is not in the dependency rules`);
        continue;
      }
      for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
        const target = relative(SRC, join(dirname(file), spec)).split(sep)[0]!;
        if (target !== layer && !allowed.includes(target)) violations.push(`${relative(REPO_ROOT, file)} imports ${spec} (${layer} -> ${target})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('has no import cycles between files (type-only and lazy imports included), in cli/ or anywhere', () => {
    expect(importCycles(sourceFiles())).toEqual([]);
  });

  it('imports database drivers only inside src/adapters/<engine>/', () => {
    const violations = sourceFiles()
      .filter((file) => importsOf(file).some((s) => s === '@duckdb/node-api' || s === 'pg' || s.startsWith('pg-')))
      .map((file) => relative(SRC, file).split(sep).join('/'))
      .filter((path) => !/^adapters\/[a-z]+\//.test(path));
    expect(violations).toEqual([]);
  });
});

/**
 * The groups of files that import each other, directly or around a loop (strongly connected
 * components of the relative imports among `files`, by Tarjan's algorithm), as paths under src/.
 */
function importCycles(files: readonly string[]): string[][] {
  const known = new Set(files);
  const edges = new Map(files.map((file) => [file, importsOf(file).filter((s) => s.startsWith('.'))
    .map((s) => join(dirname(file), s.replace(/\.js$/, '.ts'))).filter((target) => known.has(target))]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    for (const next of edges.get(file)!) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (stack.includes(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    let member: string;
    do group.push((member = stack.pop()!)); while (member !== file);
    if (group.length > 1 || edges.get(file)!.includes(file)) cycles.push(group.map((f) => relative(SRC, f)).sort());
  };
  for (const file of files) if (!index.has(file)) visit(file);
  return cycles;
}
