import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../core/diagnostics.js';
import { discoverFiles, fqnParts } from '../project/discover.js';
import type { PackageProject, ProjectPaths, SqlFile } from '../project/types.js';
import { parseYaml, type YamlFile } from '../project/yaml-file.js';
import { installedPackages } from '../packages/installed.js';
import { dbtFolderConfig } from './config-trees.js';
import { pathsOf, renamedPathWarnings } from './dbt-project-schema.js';

/** Renders a package's dbt_project.yml as the project's is rendered (vars, env_var, target), hooks and vars left as written. */
export type PackageFileRenderer = (yaml: YamlFile, vars: Readonly<Record<string, unknown>>, diagnostics: Diagnostic[]) => unknown;

export interface PackageLoadOptions {
  /** The project's `vars:` as written (global ones and `{<package>: {...}}` scopes). */
  readonly rootVars: Readonly<Record<string, unknown>>;
  readonly cliVars: Readonly<Record<string, unknown>>;
  readonly render?: PackageFileRenderer;
}

/**
 * The packages installed under packages-install-path, read from disk (building never needs the
 * network): each package's dbt_project.yml names it and says where its macros, models, seeds...
 * are, its vars and its config trees.
 */
export function loadPackages(root: string, installPath: string, diagnostics: Diagnostic[], options: PackageLoadOptions = { rootVars: {}, cliVars: {} }): PackageProject[] {
  return installedPackages(root, installPath, diagnostics).map((folder) => {
    const path = `${installPath}/${folder.name}`;
    const projectFile = `${path}/dbt_project.yml`;
    const parsed = parseYaml(readFileSync(join(folder.dir, 'dbt_project.yml'), 'utf8'), projectFile);
    diagnostics.push(...parsed.diagnostics);
    const written = (parsed.yaml?.value ?? {}) as Record<string, unknown>;
    const name = typeof written.name === 'string' ? written.name : folder.name;
    const vars = packageVars(name, written.vars, options.rootVars);
    const raw = (parsed.yaml && options.render ? options.render(parsed.yaml, { ...vars, ...options.cliVars }, diagnostics) ?? {} : written) as Record<string, unknown>;
    if (parsed.yaml) diagnostics.push(...renamedPathWarnings(parsed.yaml, raw));
    const list = (key: string, fallback: string[]) => (Array.isArray(raw[key]) ? (raw[key] as unknown[]).map(String) : fallback);
    const macroPaths = list('macro-paths', ['macros']);
    const testPaths = list('test-paths', ['tests', ...(existsSync(join(folder.dir, 'data-tests')) ? ['data-tests'] : [])]);
    // As the project's: `{% test %}` blocks under <test-path>/generic/ are macros too.
    const macroFolders = [...macroPaths, ...testPaths.map((t) => `${t.replace(/\/$/, '')}/generic`)];
    const macros = macroFolders.flatMap((macroPath) => discoverFiles(folder.dir, [macroPath], ['.sql']).map((file): SqlFile => ({
      name: fqnParts(file, macroPath).at(-1)!,
      path: `${path}/${file}`,
      absolutePath: join(folder.dir, file),
      fqn: [name, ...fqnParts(file, macroPath)],
      text: readFileSync(join(folder.dir, file), 'utf8'),
    })));
    const under = (folders: string[]) => folders.map((f) => `${path}/${f.replace(/\/$/, '')}`);
    const paths: ProjectPaths = {
      models: under(pathsOf(raw, 'model-paths', ['models'])),
      seeds: under(pathsOf(raw, 'seed-paths', ['seeds'])),
      macros: under(macroPaths),
      analyses: under(list('analysis-paths', ['analyses'])),
      sources: [],
      tests: under(testPaths),
      snapshots: under(list('snapshot-paths', ['snapshots'])),
    };
    const tree = (key: string) => (parsed.yaml && raw[key] !== undefined ? dbtFolderConfig(parsed.yaml, key, raw[key], []) : undefined);
    const empty = { config: {}, children: new Map() };
    const folders = {
      models: tree('models') ?? empty, seeds: tree('seeds') ?? empty, snapshots: tree('snapshots') ?? empty,
      tests: tree(raw.data_tests !== undefined ? 'data_tests' : 'tests'), sources: tree('sources'),
    };
    return { name, root: folder.dir, macros, path, paths, vars, folders };
  });
}

/**
 * dbt's vars for a package's nodes: the package's global vars, its vars scoped to itself, then the
 * project's global vars and the project's vars scoped to the package (later wins).
 */
function packageVars(name: string, own: unknown, rootVars: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const mapping = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const scoped = (vars: Record<string, unknown>) => {
    const { [name]: mine, ...global } = vars;
    return { ...global, ...mapping(mine) };
  };
  return { ...scoped(mapping(own)), ...scoped(mapping(rootVars)) };
}
