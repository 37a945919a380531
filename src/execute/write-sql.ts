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

/** Writes the compiled SQL of every model, a bounded number of files at a time. */
export async function writeCompiledSql(targetDir: string, nodes: Iterable<CompiledNode>): Promise<void> {
  const models = [...nodes].filter((n) => n.resourceType === 'model');
  const dirs = new Set(models.map((n) => dirname(join(targetDir, compiledPathFor(n, 'compiled')))));
  await Promise.all([...dirs].map((d) => mkdir(d, { recursive: true })));
  const queue = [...models];
  const worker = async () => {
    for (let node = queue.pop(); node; node = queue.pop()) {
      const sql = node.compiledCode.endsWith('\n') ? node.compiledCode : `${node.compiledCode}\n`;
      await writeFile(join(targetDir, compiledPathFor(node, 'compiled')), sql);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}
