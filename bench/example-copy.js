// The example project's parts (the repository root minus the framework), copied for a benchmark.
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const EXAMPLE_PARTS = ['project.yml', 'models', 'seeds', 'macros', 'sources', 'analyses', 'tests', 'data'];

/** Copies the example into `dir` (a new temp folder named after `prefix` when not given); `skip` leaves parts out. */
export function copyExample({ prefix = 'weir-bench-example-', dir = mkdtempSync(join(tmpdir(), prefix)), skip = [] } = {}) {
  for (const part of EXAMPLE_PARTS) {
    if (!skip.includes(part) && existsSync(join(ROOT, part))) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  }
  return dir;
}
