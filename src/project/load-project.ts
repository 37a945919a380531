import { existsSync, type Dirent } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { Diagnostic } from '../core/diagnostics.js';
import { throwIfErrors } from '../core/diagnostics.js';
import { UsageError } from '../core/errors.js';
import { discoverFiles, folderLister, fqnParts, type FolderLister } from './discover.js';
import { parseFolderConfig } from './folder-config.js';
import { checkAnalysisEntries } from './analysis-entries.js';
import { loadProperties } from './properties.js';
import { readDocBlocks, withDocBlocks } from './doc-blocks.js';
import { projectFileSchema } from './schemas.js';
import { runHooksOf } from './run-hooks.js';
import type { Project, ProjectFileRef, ProjectPaths, ProjectSettings, SqlFile, YmlRenderer } from './types.js';
import { parseYaml, validateYaml } from './yaml-file.js';
import { readSelectors } from './selectors-file.js';
import { plainReader, type SourceReader } from './source-reader.js';
import { snapshotBlocks, ymlSnapshots } from './snapshot-files.js';

export const PROJECT_FILE = 'project.yml';

export const DEFAULT_PATHS: ProjectPaths = {
  models: ['models'],
  seeds: ['seeds'],
  macros: ['macros'],
  analyses: ['analyses'],
  sources: ['sources'],
  tests: ['tests'],
  snapshots: ['snapshots'],
};

export interface LoadOptions {
  /**
   * Picks how files are read once project.yml says where the target folder is (the partial-parse
   * cache lives there): by default every file is read.
   */
  readonly reader?: (targetDir: string) => SourceReader;
  /**
   * Renders the Jinja in properties files' values as dbt does (`schema: "{{ target.schema }}"`),
   * given the project's settings (its vars and targets); without it values are taken as written.
   */
  readonly ymlRenderer?: (settings: ProjectSettings) => YmlRenderer;
  /** `--target-path`: the target folder instead of the project file's (dbt's flag). */
  readonly targetPath?: string | undefined;
  /** Folders this command listed already, by absolute path (see SeenFiles). */
  readonly listings?: Map<string, readonly Dirent[]> | undefined;
}

/**
 * Reads a project from disk into validated definitions. Every mistake found on the way is
 * collected; if there are any, one DiagnosticsError carries them all.
 */
export function loadProject(projectDir: string, options: LoadOptions = {}): Project {
  const root = resolve(projectDir);
  const projectPath = join(root, PROJECT_FILE);
  if (!existsSync(projectPath)) {
    throw new UsageError(`No ${PROJECT_FILE} found in ${root}.`, {
      hint: 'run weir inside a project, pass --project-dir <dir>, or create one with `weir init <name>`',
    });
  }
  return loadProjectFiles(root, readProjectFile(root, options.targetPath), options);
}

/** project.yml, validated, as the settings every project file format comes down to. */
function readProjectFile(root: string, targetPathFlag: string | undefined): ProjectSettings {
  const diagnostics: Diagnostic[] = [];
  const parsed = parseYaml(plainReader.read(join(root, PROJECT_FILE), PROJECT_FILE).text, PROJECT_FILE);
  diagnostics.push(...parsed.diagnostics);
  throwIfErrors(diagnostics);
  const yaml = parsed.yaml!;
  const validated = validateYaml(yaml, projectFileSchema);
  diagnostics.push(...validated.diagnostics);
  throwIfErrors(diagnostics);
  const file = validated.data!;
  const targetPath = targetPathFlag ?? file.target_path ?? 'target';
  const targetLines: Record<string, number | undefined> = {};
  for (const name of Object.keys(file.targets ?? {})) targetLines[name] = yaml.lineOf(['targets', name]);
  const modelFolders = parseFolderConfig(yaml, 'models', file.models, diagnostics);
  const seedFolders = parseFolderConfig(yaml, 'seeds', file.seeds, diagnostics);
  const snapshotFolders = parseFolderConfig(yaml, 'snapshots', file.snapshots, diagnostics);
  throwIfErrors(diagnostics);
  return {
    name: file.name,
    projectFile: PROJECT_FILE,
    paths: { ...DEFAULT_PATHS, ...file.paths },
    targetPath,
    defaultTarget: file.default_target ?? 'dev',
    vars: file.vars ?? {},
    // With no targets, a project builds into a local DuckDB file: zero set-up.
    targets: file.targets ?? { dev: { type: 'duckdb', path: `${targetPath}/dev.duckdb` } },
    targetLines,
    targetsFile: PROJECT_FILE,
    targetsKey: 'targets',
    modelFolders,
    seedFolders,
    snapshotFolders,
    warnings: [],
    runHooks: runHooksOf(yaml, file),
  };
}

/**
 * Reads the files a project's settings point at (models, macros, seeds, tests, properties). Shared
 * by project.yml and dbt_project.yml, which differ only in how they spell the settings.
 */
export function loadProjectFiles(root: string, settings: ProjectSettings, options: LoadOptions = {}): Project {
  const diagnostics: Diagnostic[] = [];
  const { paths, name } = settings;
  const reader = options.reader?.(resolve(root, settings.targetPath)) ?? plainReader;
  reader.read(join(root, settings.projectFile), settings.projectFile);
  const list = folderLister(options.listings);

  const readSqlFiles = (folders: readonly string[]) =>
    fileRefs(root, name, folders, ['.sql'], list).map((ref): SqlFile => {
      const { text, hash } = reader.read(ref.absolutePath, ref.path);
      return hash === undefined ? { ...ref, text } : { ...ref, text, hash };
    });
  const models = readSqlFiles(paths.models);
  const analyses = readSqlFiles(paths.analyses);
  // tests/fixtures/ holds unit test fixtures, not singular tests (as in dbt).
  const under = (f: ProjectFileRef, folder: string) => paths.tests.some((t) => f.path.startsWith(`${t.replace(/\/$/, '')}/${folder}/`));
  const isFixture = (f: ProjectFileRef) => under(f, 'fixtures');
  const testFiles = readSqlFiles(paths.tests).filter((f) => !isFixture(f));
  // tests/generic/ holds `{% test %}` blocks: dbt reads them as macros, not as singular tests.
  const macros = [...readSqlFiles(paths.macros), ...testFiles.filter((f) => under(f, 'generic'))];
  const singularTests = testFiles.filter((f) => !under(f, 'generic'));
  const fixtures = fileRefs(root, name, paths.tests, ['.csv', '.sql'], list).filter(isFixture);
  const seeds = fileRefs(root, name, paths.seeds, ['.csv'], list);
  for (const ref of [...seeds, ...fixtures]) reader.stat?.(ref.absolutePath, ref.path);
  // macro-paths too: dbt reads a macro's properties (`macros:`) beside it.
  const loaded = loadProperties(root, [...paths.models, ...paths.seeds, ...paths.analyses, ...paths.sources, ...paths.snapshots, ...paths.macros], diagnostics, reader, options.ymlRenderer?.(settings), list);
  // dbt reads doc blocks from every resource folder unless docs-paths names others.
  const docBlocks = readDocBlocks(root, settings.docsPaths ?? [...paths.models, ...paths.seeds, ...paths.macros, ...paths.analyses, ...paths.sources, ...paths.tests, ...paths.snapshots], reader, diagnostics, list);
  const properties = withDocBlocks(loaded, docBlocks, name, diagnostics);
  const selectors = readSelectors(root, reader, diagnostics);
  const blocks = readSqlFiles(paths.snapshots).flatMap((f) => snapshotBlocks(f, name, paths.snapshots, diagnostics));
  const snapshots = [
    ...blocks,
    ...ymlSnapshots(root, name, [...paths.snapshots, ...paths.models], properties.snapshotProperties, new Set(blocks.map((b) => b.name)), diagnostics),
  ];

  checkDuplicateNames([...models, ...seeds, ...snapshots], diagnostics);
  checkDuplicateNames(singularTests, diagnostics);
  checkDuplicateNames(analyses, diagnostics);
  checkAnalysisEntries(analyses, properties.analysisProperties, diagnostics);
  throwIfErrors(diagnostics);

  const { targetPath: _targetPath, ...rest } = settings;
  return {
    ...rest,
    root,
    warnings: [...settings.warnings, ...diagnostics.filter((d) => d.severity === 'warning')],
    targetDir: resolve(root, settings.targetPath),
    snapshotFolders: settings.snapshotFolders ?? { config: {}, children: new Map() },
    snapshots,
    models,
    seeds,
    macros,
    analyses,
    singularTests,
    fixtures,
    docBlocks,
    selectors,
    ...properties,
  };
}

function fileRefs(root: string, project: string, folders: readonly string[], ext: string[], list: FolderLister): ProjectFileRef[] {
  const refs: ProjectFileRef[] = [];
  for (const folder of folders) {
    for (const path of discoverFiles(root, [folder], ext, list)) {
      const parts = fqnParts(path, folder);
      // `path` is already normal (discoverFiles made it): no need for join's normalising per file.
      const absolutePath = sep === '/' ? `${root}/${path}` : join(root, path);
      refs.push({ name: parts[parts.length - 1]!, path, absolutePath, fqn: [project, ...parts] });
    }
  }
  return refs;
}

/** Models, seeds and snapshots share one `ref()` namespace, so a name may be used once across both. */
export function checkDuplicateNames(files: readonly ProjectFileRef[], diagnostics: Diagnostic[]): void {
  const byName = new Map<string, ProjectFileRef[]>();
  for (const f of files) {
    const group = byName.get(f.name);
    if (group) group.push(f);
    else byName.set(f.name, [f]);
  }
  for (const [name, group] of byName) {
    if (group.length < 2) continue;
    diagnostics.push({
      severity: 'error',
      file: group[1]!.path,
      message: `'${name}' is defined more than once: ${group.map((g) => g.path).join(', ')}`,
      hint: 'names are what ref() looks up, so each model, seed and snapshot needs its own; rename or delete one of the files',
    });
  }
}
