import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of the weir package this CLI runs from (dist/cli/ is two levels down). */
const WEIR_ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/[\\/]$/, '');

/**
 * What `weir init` tells to run next. `npx weir` finds weir only where it is installed (or inside
 * weir's own checkout); elsewhere npx would fetch an unrelated package of that name from the
 * registry. So the advice is `npx weir build` where that works, and otherwise how to install this
 * weir into the new project, with a command that works meanwhile.
 */
export function initNextSteps(dir: string, cwd: string): string {
  const cd = `cd ${relative(cwd, dir) || '.'}`;
  if (npxFindsWeir(dir)) return `Next: ${cd} && npx weir build`;
  return [
    `Next: ${cd} && npm install --save-dev ${shellWord(WEIR_ROOT)} && npx weir build`,
    `(weir is not installed there: that adds it as a dev dependency; without it, run node ${shellWord(join(WEIR_ROOT, 'bin', 'weir.js'))} build)`,
  ].join('\n');
}

/** True when `dir` or a folder above it is weir's own package or has weir in node_modules. */
function npxFindsWeir(dir: string): boolean {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, 'node_modules', 'weir', 'package.json')) || packageName(join(at, 'package.json')) === 'weir') return true;
    if (dirname(at) === at) return false;
  }
}

/** A path as one word for a POSIX shell. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

function packageName(path: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown }).name as string | undefined;
  } catch {
    return undefined;
  }
}
