import { compileProject } from '../../src/compile/index.js';
import type { CompiledProject } from '../../src/compile/types.js';
import { DiagnosticsError, type Diagnostic } from '../../src/core/index.js';
import { collectingLogger } from '../../src/core/logger.js';
import { duckdbDialect } from '../../src/adapters/duckdb/dialect.js';
import { loadProject } from '../../src/project/index.js';
import { makeProject } from './project.js';

export const TARGET = { name: 'dev', type: 'duckdb', schema: 'main' };

export function compileFiles(files: Record<string, string>, vars: Record<string, unknown> = {}): CompiledProject {
  const project = loadProject(makeProject({ 'project.yml': 'name: shop\n', ...files }));
  return compileProject(project, {
    target: TARGET,
    quoteRelation: (r) => duckdbDialect.relation(r),
    vars,
    env: { WEIR_SET: 'from-env' },
    runStartedAt: new Date('2026-01-02T03:04:05Z'),
    logger: collectingLogger(),
  });
}

export function compileErrors(files: Record<string, string>): readonly Diagnostic[] {
  try {
    compileFiles(files);
  } catch (error) {
    if (error instanceof DiagnosticsError) return error.diagnostics;
    throw error;
  }
  throw new Error('expected compilation to fail');
}

export function sqlOf(project: CompiledProject, name: string): string {
  const node = [...project.nodes.values()].find((n) => n.name === name);
  if (!node) throw new Error(`no node ${name}`);
  return node.compiledCode;
}
