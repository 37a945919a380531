import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The folders this test file made (module state is per test file: vitest isolates files). */
const made: string[] = [];

/**
 * A new folder under os.tmpdir() (`weir-test-abc123`), removed after its test file by
 * temp-dir-cleanup.ts unless a test of the file failed: then they are all kept, to look into.
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes the folders tempDir made so far. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}
