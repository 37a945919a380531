import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CompiledNode } from '../compile/types.js';

/**
 * `target/compiled/<project>/<path>` holds the SQL as rendered; `target/run/<project>/<path>` the
 * statements actually run. Both are what a person opens when a model fails.
 */
export function compiledPathFor(node: CompiledNode, kind: 'compiled' | 'run'): string {
  return join(kind, node.packageName, node.path);
}

export async function writeNodeSql(targetDir: string, node: CompiledNode, kind: 'compiled' | 'run', sql: string) {
  const path = join(targetDir, compiledPathFor(node, kind));
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, sql.endsWith('\n') ? sql : `${sql}\n`);
}

/**
 * Writes the compiled SQL of every model. Synchronous on purpose: for 10,000 small files a tight
 * loop beats promise fan-out, and a file whose content is unchanged is left alone (rewriting costs
 * more than reading on most filesystems), so a recompile touches only what changed.
 */
export function writeCompiledSql(targetDir: string, nodes: Iterable<CompiledNode>): void {
  const madeDirs = new Set<string>();
  for (const node of nodes) {
    if (node.resourceType !== 'model') continue;
    const path = join(targetDir, compiledPathFor(node, 'compiled'));
    const dir = dirname(path);
    if (!madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      madeDirs.add(dir);
    }
    const sql = node.compiledCode.endsWith('\n') ? node.compiledCode : `${node.compiledCode}\n`;
    if (readIfExists(path) !== sql) writeFileSync(path, sql);
  }
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
