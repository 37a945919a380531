import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { CompiledNode } from '../compile/types.js';

/**
 * `target/compiled/<package>/<path>` holds the SQL as rendered; `target/run/<package>/<path>` the
 * statements actually run. Both are what a person opens when a model fails. The path is the file's
 * within its package, as dbt's: `packageRoots` names each package's folder (dbt_packages/kit), left out.
 */
export function compiledPathFor(node: CompiledNode, kind: 'compiled' | 'run', packageRoots?: ReadonlyMap<string, string>): string {
  const root = packageRoots?.get(node.packageName);
  const path = root && node.path.startsWith(`${root}/`) ? node.path.slice(root.length + 1) : node.path;
  // Generic tests are declared in a yml file that holds many of them: one SQL file each, as dbt does.
  if ((node.resourceType === 'test' || node.resourceType === 'unit_test') && !path.endsWith('.sql')) {
    // A long test name's file is its short alias, as dbt's (compile/test-names.ts).
    const file = typeof node.config.alias === 'string' ? node.config.alias : node.name;
    return join(kind, node.packageName, path, `${file}.sql`);
  }
  // A snapshot file (or yml) may hold several snapshots: one SQL file each unless it is the file's namesake.
  if (node.resourceType === 'snapshot' && basename(path) !== `${node.name}.sql`) return join(kind, node.packageName, path, `${node.name}.sql`);
  return join(kind, node.packageName, path);
}

/** Through the thread pool: a small synchronous write can wait milliseconds behind DuckDB's WAL fsyncs. */
export async function writeNodeSql(targetDir: string, node: CompiledNode, kind: 'compiled' | 'run', sql: string, packageRoots?: ReadonlyMap<string, string>) {
  const path = join(targetDir, compiledPathFor(node, kind, packageRoots));
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, sql.endsWith('\n') ? sql : `${sql}\n`);
}

/**
 * Writes compiled SQL files. Synchronous on purpose: for 10,000 small files a tight
 * loop beats promise fan-out, and a file whose content is unchanged is left alone (rewriting costs
 * more than reading on most filesystems), so a recompile touches only what changed.
 */
export function writeCompiledSqlSync(files: ReadonlyArray<readonly [string, string]>): void {
  // One listing per folder says which files exist, so a fresh target costs no failed reads.
  const existing = new Map<string, Set<string>>();
  for (const [path, sql] of files) {
    const dir = dirname(path);
    let names = existing.get(dir);
    if (!names) {
      mkdirSync(dir, { recursive: true });
      names = new Set(readdirSync(dir));
      existing.set(dir, names);
    }
    if (!names.has(basename(path)) || readFileSync(path, 'utf8') !== sql) writeFileSync(path, sql);
  }
}

/**
 * The compiled SQL files of every model: absolute path and content. `written`: nodes whose file the
 * last compile wrote with this same SQL (see workflow/manifest-fragments.ts); such a file is left
 * out while it is there at its size, instead of being read back to compare.
 */
export function compiledSqlFiles(
  targetDir: string,
  nodes: Iterable<CompiledNode>,
  packageRoots?: ReadonlyMap<string, string>,
  written?: (node: CompiledNode) => boolean,
): Array<[string, string]> {
  const files: Array<[string, string]> = [];
  for (const node of nodes) {
    if (node.resourceType !== 'model' && node.resourceType !== 'snapshot' && node.resourceType !== 'test' && node.resourceType !== 'unit_test' && node.resourceType !== 'analysis') continue;
    const sql = node.compiledCode.endsWith('\n') ? node.compiledCode : `${node.compiledCode}\n`;
    const path = join(targetDir, compiledPathFor(node, 'compiled', packageRoots));
    if (written?.(node) && statSync(path, { throwIfNoEntry: false })?.size === Buffer.byteLength(sql)) continue;
    files.push([path, sql]);
  }
  return files;
}

/**
 * Writes compiled SQL on a worker thread, so 10,000 file writes overlap with building the
 * manifest on the main thread. Falls back to writing in-line where the worker script is not
 * built (running from TypeScript sources in tests).
 */
export async function writeCompiledSql(
  targetDir: string,
  nodes: Iterable<CompiledNode>,
  packageRoots?: ReadonlyMap<string, string>,
  written?: (node: CompiledNode) => boolean,
): Promise<void> {
  const files = compiledSqlFiles(targetDir, nodes, packageRoots, written);
  const script = new URL('./write-sql-worker.js', import.meta.url);
  if (files.length < 500 || !existsSync(script)) {
    writeCompiledSqlSync(files);
    return;
  }
  const worker = new Worker(script, { workerData: files });
  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writing compiled SQL failed (worker exit ${code})`))));
  });
}
