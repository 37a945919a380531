import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tempDir } from './temp-dir.js';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(REPO_ROOT, 'bin', 'weir.js');

/** Writes a throwaway project (path -> content) and returns its folder. */
export function makeProject(files: Record<string, string>): string {
  const dir = tempDir('weir-test-');
  for (const [path, content] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly output: string;
}

/** Runs the real CLI (the compiled bin) in a child process, as a user would. */
export function weir(args: readonly string[], projectDir: string, env: Record<string, string> = {}): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args, '--project-dir', projectDir], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return {
    code: result.status ?? -1,
    stdout: result.stdout,
    stderr: result.stderr,
    output: `${result.stdout}${result.stderr}`,
  };
}

/** Backdates a project's files (not target/): old enough that their stat proves them unchanged (see compile-stamp.ts). */
export function age(dir: string, seconds = 60): void {
  const when = new Date(Date.now() - seconds * 1000);
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.parentPath.includes('target')) utimesSync(join(entry.parentPath, entry.name), when, when);
  }
}
