import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Diagnostic } from '../core/diagnostics.js';
import { readLock } from './lock-file.js';
import { PACKAGE_FILES } from './packages-file.js';

export const DEFAULT_INSTALL_PATH = 'dbt_packages';

/** A package on disk, as weir reads it when it builds (never over the network). */
export interface InstalledFolder {
  readonly name: string;
  readonly dir: string;
}

/**
 * The packages installed under the install folder (each folder holding a dbt_project.yml, as dbt
 * reads them). When packages.yml asks for packages that are not there, an error says to run
 * `weir deps`, naming what is missing.
 */
export function installedPackages(projectDir: string, installPath: string, diagnostics: Diagnostic[]): InstalledFolder[] {
  const root = resolve(projectDir);
  const folder = resolve(root, installPath);
  const found = existsSync(folder)
    ? readdirSync(folder, { withFileTypes: true })
      .filter((e) => (e.isDirectory() || e.isSymbolicLink()) && !e.name.startsWith('.') && existsSync(join(folder, e.name, 'dbt_project.yml')))
      .map((e) => ({ name: e.name, dir: join(folder, e.name) }))
      .sort((a, b) => (a.name < b.name ? -1 : 1))
    : [];
  const file = PACKAGE_FILES.find((f) => existsSync(join(root, f)));
  if (!file) return found;
  const wanted = readLock(root)?.packages.map((p) => p.name).filter((n): n is string => !!n);
  const missing = wanted ? wanted.filter((n) => !found.some((f) => f.name === n)) : found.length === 0 ? ['(all of them)'] : [];
  if (missing.length > 0) {
    diagnostics.push({
      severity: 'error', file, line: 1,
      message: `${file} lists packages that are not installed in ${installPath}/: ${missing.join(', ')}`,
      hint: 'run weir deps to install them (it needs the network for dbt Hub and git packages; local: packages do not)',
    });
  }
  return found;
}
