import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Diagnostic } from '../core/diagnostics.js';
import { throwIfErrors } from '../core/diagnostics.js';
import { UsageError } from '../core/errors.js';
import { discoverFiles, fqnParts } from './discover.js';
import { parseFolderConfig } from './folder-config.js';
import { checkAnalysisEntries } from './analysis-entries.js';
import { loadProperties } from './properties.js';
import { projectFileSchema } from './schemas.js';
import type { Project, ProjectFileRef, ProjectPaths, SqlFile } from './types.js';
import { parseYaml, validateYaml } from './yaml-file.js';

export const PROJECT_FILE = 'project.yml';

const DEFAULT_PATHS: ProjectPaths = {
  models: ['models'],
  seeds: ['seeds'],
  macros: ['macros'],
  analyses: ['analyses'],
  sources: ['sources'],
  tests: ['tests'],
};

/**
 * Reads a project from disk into validated definitions. Every mistake found on the way is
 * collected; if there are any, one DiagnosticsError carries them all.
 */
export function loadProject(projectDir: string): Project {
  const root = resolve(projectDir);
  const projectPath = join(root, PROJECT_FILE);
  if (!existsSync(projectPath)) {
    throw new UsageError(`No ${PROJECT_FILE} found in ${root}.`, {
      hint: 'run weir inside a project, pass --project-dir <dir>, or create one with `weir init <name>`',
    });
  }
  const diagnostics: Diagnostic[] = [];
  const parsed = parseYaml(readFileSync(projectPath, 'utf8'), PROJECT_FILE);
  diagnostics.push(...parsed.diagnostics);
  throwIfErrors(diagnostics);
  const yaml = parsed.yaml!;
  const validated = validateYaml(yaml, projectFileSchema);
  diagnostics.push(...validated.diagnostics);
  throwIfErrors(diagnostics);
  const file = validated.data!;

  const paths: ProjectPaths = { ...DEFAULT_PATHS, ...file.paths };
  const modelFolders = parseFolderConfig(yaml, 'models', file.models, diagnostics);
  const seedFolders = parseFolderConfig(yaml, 'seeds', file.seeds, diagnostics);

  const models = readSqlFiles(root, file.name, paths.models, ['.sql']);
  const macros = readSqlFiles(root, file.name, paths.macros, ['.sql']);
  const analyses = readSqlFiles(root, file.name, paths.analyses, ['.sql']);
  // tests/fixtures/ holds unit test fixtures, not singular tests (as in dbt).
  const isFixture = (f: ProjectFileRef) => paths.tests.some((t) => f.path.startsWith(`${t.replace(/\/$/, '')}/fixtures/`));
  const singularTests = readSqlFiles(root, file.name, paths.tests, ['.sql']).filter((f) => !isFixture(f));
  const fixtures = fileRefs(root, file.name, paths.tests, ['.csv', '.sql']).filter(isFixture);
  const seeds = fileRefs(root, file.name, paths.seeds, ['.csv']);
  const properties = loadProperties(root, [...paths.models, ...paths.seeds, ...paths.analyses, ...paths.sources], diagnostics);

  checkDuplicateNames([...models, ...seeds], diagnostics);
  checkDuplicateNames(singularTests, diagnostics);
  checkDuplicateNames(analyses, diagnostics);
  checkAnalysisEntries(analyses, properties.analysisProperties, diagnostics);
  throwIfErrors(diagnostics);

  const targetLines: Record<string, number | undefined> = {};
  for (const name of Object.keys(file.targets ?? {})) targetLines[name] = yaml.lineOf(['targets', name]);
  const targetPath = file.target_path ?? 'target';
  return {
    root,
    name: file.name,
    projectFile: PROJECT_FILE,
    paths,
    targetDir: resolve(root, targetPath),
    defaultTarget: file.default_target ?? 'dev',
    vars: file.vars ?? {},
    // With no targets, a project builds into a local DuckDB file: zero set-up.
    targets: file.targets ?? { dev: { type: 'duckdb', path: `${targetPath}/dev.duckdb` } },
    targetLines,
    modelFolders,
    seedFolders,
    models,
    seeds,
    macros,
    analyses,
    singularTests,
    fixtures,
    ...properties,
  };
}

function fileRefs(root: string, project: string, folders: readonly string[], ext: string[]): ProjectFileRef[] {
  const refs: ProjectFileRef[] = [];
  for (const folder of folders) {
    for (const path of discoverFiles(root, [folder], ext)) {
      const parts = fqnParts(path, folder);
      refs.push({ name: parts[parts.length - 1]!, path, absolutePath: join(root, path), fqn: [project, ...parts] });
    }
  }
  return refs;
}

function readSqlFiles(root: string, project: string, folders: readonly string[], ext: string[]): SqlFile[] {
  return fileRefs(root, project, folders, ext).map((ref) => ({ ...ref, text: readFileSync(ref.absolutePath, 'utf8') }));
}

/** Models and seeds share one `ref()` namespace, so a name may be used once across both. */
function checkDuplicateNames(files: readonly ProjectFileRef[], diagnostics: Diagnostic[]): void {
  const byName = new Map<string, ProjectFileRef[]>();
  for (const f of files) byName.set(f.name, [...(byName.get(f.name) ?? []), f]);
  for (const [name, group] of byName) {
    if (group.length < 2) continue;
    diagnostics.push({
      severity: 'error',
      file: group[1]!.path,
      message: `'${name}' is defined more than once: ${group.map((g) => g.path).join(', ')}`,
      hint: 'names are what ref() looks up, so each model and seed needs its own; rename or delete one of the files',
    });
  }
}
