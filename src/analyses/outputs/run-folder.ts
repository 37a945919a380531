import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const ANALYSES_DIR = 'analyses';
export const LATEST = 'latest';

/** A run's folder name: its start time in UTC, with '-' for ':' so it is a valid name everywhere. */
export function runStamp(date: Date): string {
  return date.toISOString().replace(/:/g, '-');
}

export interface RunFiles {
  readonly 'result.json': string;
  readonly 'chart.svg': string;
  readonly 'data.csv': string;
  readonly 'chart.png'?: Buffer | undefined;
}

/**
 * Writes target/analyses/<name>/<stamp>/ and replaces target/analyses/<name>/latest/ with a copy
 * (a copy, not a symlink, so it opens the same on every system and in a zip of target/).
 */
export async function writeRunFolder(targetDir: string, name: string, stamp: string, files: RunFiles, keepRuns: number): Promise<string> {
  const base = join(targetDir, ANALYSES_DIR, name);
  const dir = join(base, stamp);
  await mkdir(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) if (content !== undefined) await writeFile(join(dir, file), content);
  const latest = join(base, LATEST);
  await rm(latest, { recursive: true, force: true });
  await cp(dir, latest, { recursive: true });
  await pruneRuns(base, stamp, keepRuns);
  return dir;
}

/**
 * Deletes the oldest run folders of an analysis beyond the newest `keep` (stamps sort as times do);
 * latest/ and the run just written always stay. Only folders named like a stamp are touched.
 */
export async function pruneRuns(base: string, current: string, keep: number): Promise<string[]> {
  const runs = (await readdir(base, { withFileTypes: true }))
    .filter((e) => e.isDirectory() && STAMP.test(e.name) && e.name !== current).map((e) => e.name).sort();
  const doomed = runs.slice(0, Math.max(0, runs.length - (keep - 1)));
  for (const run of doomed) await rm(join(base, run), { recursive: true, force: true });
  return doomed;
}

const STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}Z$/;
