import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { CliRun } from './project.js';
import { REPO_ROOT } from './project.js';

/** Starts the real CLI without waiting, so a test can signal it or run another one beside it. */
export function startWeir(args: readonly string[], projectDir: string, env: Record<string, string> = {}): { child: ChildProcess; done: Promise<CliRun> } {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'weir.js'), ...args, '--project-dir', projectDir], {
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => void (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => void (stderr += d.toString()));
  const done = new Promise<CliRun>((resolve) => {
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? -1 : 0), stdout, stderr, output: `${stdout}${stderr}` }));
  });
  return { child, done };
}

/** Polls `check` until it returns true or `ms` pass. */
export async function waitFor(check: () => Promise<boolean>, ms = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}
