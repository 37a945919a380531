import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Diagnostic } from '../core/diagnostics.js';
import { readLock } from './lock-file.js';
import { PACKAGE_FILES, readPackagesFile } from './packages-file.js';

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
  const lock = readLock(root);
  if (!lock) warnMissingDependencies(found, installPath, diagnostics);
  const wanted = lock?.packages.map((p) => p.name).filter((n): n is string => !!n);
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

/**
 * Without a lock file weir cannot tell what `weir deps` would have installed, but an installed
 * package's own packages.yml says what it needs: a dbt Hub package there that is not installed is
 * named (its templates would only say "'dbt_utils' is undefined"). A warning, since a package may
 * need it only in macros the project never calls.
 */
function warnMissingDependencies(found: readonly InstalledFolder[], installPath: string, diagnostics: Diagnostic[]): void {
  const names = new Set(found.map((f) => f.name));
  for (const pkg of found) {
    let specs;
    try {
      specs = readPackagesFile(pkg.dir, (f) => `${installPath}/${pkg.name}/${f}`)?.specs ?? [];
    } catch {
      continue; // A package's broken packages.yml is its own business until it is installed again.
    }
    for (const spec of specs) {
      if (spec.kind !== 'hub') continue;
      const name = spec.package.split('/')[1]!;
      if (names.has(name)) continue;
      names.add(name);
      diagnostics.push({
        severity: 'warning', file: spec.declared.file, line: spec.declared.line,
        message: `package '${pkg.name}' needs ${spec.package}, which is not installed in ${installPath}/`,
        hint: `run weir deps; until then templates that call ${name}.<macro> fail with '${name}' is undefined`,
      });
    }
  }
}
