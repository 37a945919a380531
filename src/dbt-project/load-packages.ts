import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../core/diagnostics.js';
import { discoverFiles, fqnParts } from '../project/discover.js';
import type { PackageProject, SqlFile } from '../project/types.js';
import { parseYaml } from '../project/yaml-file.js';
import { installedPackages } from '../packages/installed.js';

/**
 * The packages installed under packages-install-path, read from disk (building never needs the
 * network): each package's dbt_project.yml names it and says where its macros are.
 */
export function loadPackages(root: string, installPath: string, diagnostics: Diagnostic[]): PackageProject[] {
  return installedPackages(root, installPath, diagnostics).map((folder) => {
    const projectFile = `${installPath}/${folder.name}/dbt_project.yml`;
    const parsed = parseYaml(readFileSync(join(folder.dir, 'dbt_project.yml'), 'utf8'), projectFile);
    diagnostics.push(...parsed.diagnostics);
    const raw = (parsed.yaml?.value ?? {}) as Record<string, unknown>;
    const name = typeof raw.name === 'string' ? raw.name : folder.name;
    const macroPaths = Array.isArray(raw['macro-paths']) ? raw['macro-paths'].map(String) : ['macros'];
    const macros = macroPaths.flatMap((macroPath) => discoverFiles(folder.dir, [macroPath], ['.sql']).map((path): SqlFile => ({
      name: fqnParts(path, macroPath).at(-1)!,
      path: `${installPath}/${folder.name}/${path}`,
      absolutePath: join(folder.dir, path),
      fqn: [name, ...fqnParts(path, macroPath)],
      text: readFileSync(join(folder.dir, path), 'utf8'),
    })));
    return { name, root: folder.dir, macros };
  });
}
