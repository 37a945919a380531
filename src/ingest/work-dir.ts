import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Ingestion's scratch folders: `target/ingest-work/<pid>-<source>.<table>-<batch>`, deleted after
 * each load. The pid says which process owns one, so a run can tell a killed run's folders from
 * those of another weir writing to the same target/ now.
 */
export function ingestWorkDir(targetDir: string, sourceName: string, tableName: string, batchId: string): string {
  return join(targetDir, 'ingest-work', `${process.pid}-${sourceName}.${tableName}-${batchId}`);
}

/** Removes the folders of processes that are gone; returns their names. */
export function removeStaleWorkDirs(targetDir: string): string[] {
  const root = join(targetDir, 'ingest-work');
  if (!existsSync(root)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(root)) {
    const pid = Number(/^(\d+)-/.exec(name)?.[1]);
    if (Number.isInteger(pid) && (pid === process.pid || isAlive(pid))) continue;
    rmSync(join(root, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
