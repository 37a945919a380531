import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toJson } from '../core/json.js';

/** Writes a JSON artifact to target/ (compact: manifests of 10,000 nodes are large). */
export async function writeArtifact(targetDir: string, name: string, value: unknown): Promise<string> {
  await mkdir(targetDir, { recursive: true });
  const path = join(targetDir, name);
  await writeAtomically(path, toJson(value));
  return path;
}

/** Readers (and the next weir) see the old file or the new one, never half of one. */
export async function writeAtomically(path: string, data: string | Buffer): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, path);
}
