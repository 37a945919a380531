import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Diagnostic } from '../core/diagnostics.js';
import { throwIfErrors } from '../core/diagnostics.js';
import { DEFAULT_PATHS, loadProjectFiles, type LoadOptions } from '../project/load-project.js';
import type { Project, ProjectSettings } from '../project/types.js';
import { runHooksOf } from '../project/run-hooks.js';
import { queryCommentOf } from '../project/query-comment.js';
import { parseYaml, validateYaml, type YamlFile } from '../project/yaml-file.js';
import { dbtFolderConfig, reportUnappliedTree } from './config-trees.js';
import { semanticFolders } from '../project/semantic-folders.js';
import { dbtProjectSchema, pathsOf, renamedPathWarnings, UNSUPPORTED_KEYS, UNSUPPORTED_TREES, type DbtProjectFile } from './dbt-project-schema.js';
import { checkDbtVersion, DBT_COMPATIBLE_VERSION } from './dbt-version.js';
import { profileDirs, readProfile, PROFILES_FILE } from './profiles.js';
import { propertiesRenderer, renderYmlValue } from './render-yml.js';
import { resolveTarget } from '../project/targets.js';
import { targetContext as resolvedTargetContext } from './target-context.js';
import { reportUnsupportedFiles } from './unsupported-files.js';
import { DEFAULT_INSTALL_PATH } from '../packages/installed.js';
import { loadPackages } from './load-packages.js';
import { withPackageNodes } from './package-nodes.js';

export const DBT_PROJECT_FILE = 'dbt_project.yml';

export interface DbtLoadOptions extends LoadOptions {
  /** `--target`: picks the profile output (and is the `target` dbt_project.yml renders with). */
  readonly target?: string | undefined;
  /** `--vars`, which dbt_project.yml's Jinja may read. */
  readonly vars?: Readonly<Record<string, unknown>> | undefined;
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** `--profiles-dir`. */
  readonly profilesDir?: string | undefined;
  /** `--target-path` (else DBT_TARGET_PATH, else dbt_project.yml's target-path). */
  readonly targetPath?: string | undefined;
}

/** Keys whose values dbt renders at run time, not when it reads the file (hooks), or never (vars). */
const DEFERRED = new Set(['vars', 'on-run-start', 'on-run-end', 'query-comment']);
const isDeferred = (path: readonly PropertyKey[]) =>
  (path.length > 0 && DEFERRED.has(String(path[0]))) || path.some((p) => /^\+?(pre|post)[-_]hook$/.test(String(p)));

/**
 * A dbt project, read as it is: dbt_project.yml (rendered as dbt renders it, then validated) and
 * the profile it names in profiles.yml become weir's project settings; from there on it is loaded
 * like any weir project.
 */
export function loadDbtProject(projectDir: string, options: DbtLoadOptions = {}): Project {
  const root = resolve(projectDir);
  const env = options.env ?? process.env;
  const cliVars = options.vars ?? {};
  const diagnostics: Diagnostic[] = [];
  const parsed = parseYaml(readFileSync(join(root, DBT_PROJECT_FILE), 'utf8'), DBT_PROJECT_FILE);
  diagnostics.push(...parsed.diagnostics);
  throwIfErrors(diagnostics);
  const yaml = parsed.yaml!;
  const raw = (yaml.value ?? {}) as Record<string, unknown>;

  const profileName = String(raw.profile ?? raw.name ?? '');
  const profile = readProfile(profileName, { root, profilesDir: options.profilesDir, target: options.target, vars: cliVars, env }, diagnostics);
  const targetPath = typeof raw['target-path'] === 'string' ? raw['target-path'] : 'target';
  const targets = profile?.targets ?? { dev: { type: 'duckdb', path: `${targetPath}/dev.duckdb` } };
  const defaultTarget = profile?.defaultTarget ?? 'dev';
  if (!profile) {
    diagnostics.push({
      severity: 'warning', file: DBT_PROJECT_FILE, line: yaml.lineOf(['profile']),
      message: `no ${PROFILES_FILE} found (looked in ${profileDirs({ root, env }).join(', ')}); building into the local DuckDB file ${targetPath}/dev.duckdb`,
      hint: `to build elsewhere, write a ${PROFILES_FILE} with a '${profileName}' profile, or pass --profiles-dir`,
    });
  }
  const chosen = targets[options.target ?? defaultTarget] ?? {};
  const rendered = renderYmlValue(yaml, raw, [], { vars: cliVars, env, target: rawTargetContext(options.target ?? defaultTarget, profileName, chosen) }, diagnostics, isDeferred);
  throwIfErrors(diagnostics);
  const validated = validateYaml(yaml, dbtProjectSchema, [], rendered);
  diagnostics.push(...validated.diagnostics);
  throwIfErrors(diagnostics);
  const file = validated.data!;

  checkRequiredVersion(yaml, file, diagnostics);
  reportUnsupportedKeys(yaml, file, diagnostics);
  diagnostics.push(...renamedPathWarnings(yaml, file));
  const paths = {
    models: pathsOf(file, 'model-paths', DEFAULT_PATHS.models),
    seeds: pathsOf(file, 'seed-paths', DEFAULT_PATHS.seeds),
    macros: file['macro-paths'] ?? DEFAULT_PATHS.macros,
    analyses: file['analysis-paths'] ?? DEFAULT_PATHS.analyses,
    // dbt declares sources in properties files under the model paths: no folder of their own.
    sources: [],
    // dbt 1.8 calls them data tests; a data-tests/ folder is read like tests/ unless test-paths says otherwise.
    tests: file['test-paths'] ?? ['tests', ...(existsSync(join(root, 'data-tests')) ? ['data-tests'] : [])],
    snapshots: file['snapshot-paths'] ?? ['snapshots'],
  };
  reportUnsupportedFiles(root, paths, diagnostics);
  const targetName = options.target ?? defaultTarget;
  const packages = loadPackages(root, file['packages-install-path'] ?? DEFAULT_INSTALL_PATH, diagnostics, {
    rootVars: file.vars ?? {}, cliVars,
    render: (packageYaml, vars, found) => renderYmlValue(packageYaml, packageYaml.value, [], { vars, env, target: rawTargetContext(targetName, profileName, chosen) }, found, isDeferred),
  });
  const settings: ProjectSettings = {
    name: file.name,
    projectFile: DBT_PROJECT_FILE,
    dbtProject: true,
    paths,
    targetPath: options.targetPath ?? env.DBT_TARGET_PATH ?? file['target-path'] ?? 'target',
    defaultTarget,
    vars: projectVars(file.name, file.vars ?? {}),
    targets,
    targetLines: profile?.lines ?? {},
    targetsFile: profile?.file ?? DBT_PROJECT_FILE,
    targetsKey: profile ? `${profile.profile}.outputs` : 'profile',
    modelFolders: dbtFolderConfig(yaml, 'models', file.models, diagnostics),
    seedFolders: dbtFolderConfig(yaml, 'seeds', file.seeds, diagnostics),
    snapshotFolders: dbtFolderConfig(yaml, 'snapshots', file.snapshots, diagnostics),
    // dbt 1.8 renamed `tests:` to `data_tests:`; it reads either.
    testFolders: dbtFolderConfig(yaml, file.data_tests ? 'data_tests' : 'tests', file.data_tests ?? file.tests, diagnostics),
    sourceFolders: dbtFolderConfig(yaml, 'sources', file.sources, diagnostics),
    exposureFolders: dbtFolderConfig(yaml, 'exposures', file.exposures, diagnostics),
    semanticFolders: semanticFolders(yaml, file, diagnostics),
    analysisFolders: dbtFolderConfig(yaml, 'analyses', file.analyses, diagnostics),
    warnings: [],
    cleanTargets: file['clean-targets'] ?? [],
    packages,
    ...(file.dispatch ? { dispatch: file.dispatch } : {}),
    runHooks: runHooksOf(yaml, file),
    queryComment: queryCommentOf(yaml, file['query-comment'], 'query-comment' in file),
    ...(file['docs-paths'] ? { docsPaths: file['docs-paths'] } : {}),
  };
  throwIfErrors(diagnostics);
  const ymlContext = (vars: Readonly<Record<string, unknown>>) => () => ({
    vars: { ...vars, ...cliVars }, env, target: resolvedTargetContext(resolveTarget(settings, options.target, env), profileName),
  });
  const ymlRenderer = () => propertiesRenderer(ymlContext(settings.vars));
  const project = loadProjectFiles(root, { ...settings, warnings: diagnostics.filter((d) => d.severity === 'warning') }, { ...options, ymlRenderer });
  return withPackageNodes(project, settings, options, (pkg) => propertiesRenderer(ymlContext(pkg.vars ?? {})));
}

/** dbt's `target` while it renders dbt_project.yml: the output's settings, never its password. */
function rawTargetContext(name: string, profileName: string, output: Record<string, unknown>): Record<string, unknown> {
  const { password: _p, pass: _q, ...visible } = output;
  const type = String(output.type ?? 'duckdb');
  return { ...visible, name, profile_name: profileName, type, schema: output.schema ?? (type === 'postgres' ? 'public' : 'main') };
}

/** Global vars, then the ones scoped to this project (`vars: {my_project: {...}}`), which win. */
function projectVars(name: string, vars: Record<string, unknown>): Record<string, unknown> {
  const { [name]: scoped, ...global } = vars;
  return scoped && typeof scoped === 'object' && !Array.isArray(scoped) ? { ...global, ...(scoped as Record<string, unknown>) } : vars;
}

function checkRequiredVersion(yaml: YamlFile, file: DbtProjectFile, diagnostics: Diagnostic[]): void {
  const required = file['require-dbt-version'];
  if (required === undefined) return;
  const { failed, invalid } = checkDbtVersion(required);
  const place = { file: yaml.file, line: yaml.lineOf(['require-dbt-version']), key: 'require-dbt-version' };
  for (const spec of invalid) diagnostics.push({ severity: 'error', ...place, message: `'${spec}' is not a version spec`, hint: "write it as dbt does: '>=1.8.0' or ['>=1.8.0', '<2.0.0']" });
  if (failed.length > 0) {
    diagnostics.push({
      severity: 'error', ...place,
      message: `this project requires dbt ${failed.join(', ')}; weir follows dbt ${DBT_COMPATIBLE_VERSION}`,
      hint: `widen require-dbt-version if the project works with dbt ${DBT_COMPATIBLE_VERSION}`,
    });
  }
}

/** Keys weir reads but does not act on, each named with its line (never silently ignored). */
function reportUnsupportedKeys(yaml: YamlFile, file: DbtProjectFile, diagnostics: Diagnostic[]): void {
  const warn = (path: PropertyKey[], message: string) =>
    diagnostics.push({ severity: 'warning', file: yaml.file, line: yaml.lineOf(path), key: path.join('.'), message });
  for (const [key, message] of Object.entries(UNSUPPORTED_KEYS)) {
    const value = (file as Record<string, unknown>)[key];
    if (value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0)) warn([key], message);
  }
  for (const [key, what] of Object.entries(UNSUPPORTED_TREES)) {
    reportUnappliedTree(yaml, key, what, (file as Record<string, unknown>)[key], diagnostics);
  }
  for (const [key, value] of Object.entries(file.quoting ?? {})) {
    if (value === false) warn(['quoting', key], `weir always quotes relation names; quoting.${key}: false is ignored`);
  }
  for (const key of Object.keys(file.flags ?? {})) {
    if (!NO_EFFECT_FLAGS.has(key)) warn(['flags', key], `weir does not read the dbt flag '${key}'; it is ignored`);
  }
}

/** dbt flags that change nothing weir builds (logging, telemetry, dbt's own behaviour-change switches weir already follows). */
const NO_EFFECT_FLAGS = new Set([
  'send_anonymous_usage_stats', 'use_colors', 'printer_width', 'partial_parse', 'static_parser', 'use_experimental_parser',
  'write_json', 'log_format', 'log_level', 'quiet', 'cache_selected_only', 'populate_cache', 'introspect',
  'require_explicit_package_overrides_for_builtin_materializations', 'require_resource_names_without_spaces',
  'source_freshness_run_project_hooks', 'skip_nodes_if_on_run_start_fails', 'state_modified_compare_more_unrendered_values',
  'require_yaml_configuration_for_mf_time_spines', 'require_batched_execution_for_custom_microbatch_strategy',
  'require_nested_cumulative_type_params', 'validate_macro_args', 'require_generic_test_arguments_property',
]);
