import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WEIR_VERSION } from './version.js';

let cached: string | undefined;

/**
 * weir's version and its build: the stat of this module's file, which every build writes again
 * (a development checkout rebuilt keeps its version). Caches of compiled output are keyed on it, so
 * a rebuilt weir never serves what the previous build compiled.
 */
export function weirBuild(): string {
  if (cached === undefined) {
    const self = statSync(fileURLToPath(import.meta.url));
    cached = `${WEIR_VERSION}\0${self.size}\0${self.mtimeMs}`;
  }
  return cached;
}
