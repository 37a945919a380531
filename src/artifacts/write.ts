import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Writes a JSON artifact to target/ (compact: manifests of 10,000 nodes are large). */
export async function writeArtifact(targetDir: string, name: string, value: unknown): Promise<string> {
  await mkdir(targetDir, { recursive: true });
  const path = join(targetDir, name);
  await writeFile(path, JSON.stringify(value));
  return path;
}
