import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './project.js';
import { tempDir } from './temp-dir.js';

/** A JSON file of the example project, by path from the repository root. */
export const readExampleJson = (path: string): any => JSON.parse(readFileSync(join(REPO_ROOT, path), 'utf8'));

/** Every record of a recorded dummyjson listing, page after page, as `weir ingest` replays it. */
export function recordedListing<T>(table: string): T[] {
  const dir = `data/recordings/dummyjson/${table}`;
  return readFileSync(join(REPO_ROOT, dir, 'index.jsonl'), 'utf8').trim().split('\n')
    .flatMap((line) => readExampleJson(`${dir}/${(JSON.parse(line) as { file: string }).file}`)[table] as T[]);
}

/** The example project (the repository root) copied to a scratch folder, so its target/ is the test's own. */
export function copyExample(prefix = 'weir-example-'): string {
  const dir = tempDir(prefix);
  for (const entry of ['project.yml', 'models', 'seeds', 'macros', 'sources', 'analyses', 'tests', 'data']) {
    if (existsSync(join(REPO_ROOT, entry))) cpSync(join(REPO_ROOT, entry), join(dir, entry), { recursive: true });
  }
  return dir;
}
