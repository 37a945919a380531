import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { buildJunit } from '../artifacts/junit.js';
import type { RunOutcome } from '../workflow/run-project.js';

/** `--junit PATH`: relative paths are taken from the current folder, as a CI system passes them. */
export async function writeJunit(path: string, outcome: RunOutcome): Promise<void> {
  const file = resolve(path);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, buildJunit(outcome.results, outcome.opened.compiled.nodes, outcome.elapsedTime));
}
