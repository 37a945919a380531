import type { Diagnostic } from '../core/diagnostics.js';
import { throwIfErrors } from '../core/diagnostics.js';
import { checkDuplicateNames, loadProjectFiles, type LoadOptions } from '../project/load-project.js';
import { folderConfigFor, mergeConfig, type FolderConfigNode } from '../project/folder-config.js';
import type { PackageProject, Project, ProjectFileRef, ProjectSettings, YmlRenderer } from '../project/types.js';

/**
 * An installed package's own models, seeds, snapshots, singular tests, analyses, sources and
 * properties, read as the project's are (from the paths its dbt_project.yml names), joined to the
 * project's. Their paths start with the package's folder (`dbt_packages/<pkg>/models/x.sql`), their
 * fqn with the package's name. As in dbt, a name may be defined once across the project and its
 * packages: ref() finds it by name alone.
 */
export function withPackageNodes(
  project: Project,
  settings: ProjectSettings,
  options: LoadOptions,
  ymlRenderer: (pkg: PackageProject) => YmlRenderer,
): Project {
  const packages = (project.packages ?? []).filter((p) => p.path !== undefined && p.paths !== undefined && p.name !== project.name);
  if (packages.length === 0) return project;
  const loaded = packages.map((pkg) => loadProjectFiles(project.root, {
    ...settings,
    name: pkg.name,
    projectFile: `${pkg.path}/dbt_project.yml`,
    paths: pkg.paths!,
    vars: pkg.vars ?? {},
    docsPaths: undefined,
    packages: undefined,
    warnings: [],
  }, { ...options, ymlRenderer: () => ymlRenderer(pkg) }));
  const all = [project, ...loaded.map((p, i) => withoutDisabledClashes(p, project, settings, packages[i]!))];
  const merged: Project = {
    ...project,
    models: all.flatMap((p) => p.models),
    seeds: all.flatMap((p) => p.seeds),
    snapshots: all.flatMap((p) => p.snapshots),
    singularTests: all.flatMap((p) => p.singularTests),
    analyses: all.flatMap((p) => p.analyses),
    sources: all.flatMap((p) => p.sources),
    docBlocks: all.flatMap((p) => p.docBlocks),
    // Names are unique across packages (checked below): the project's entry is kept when both describe one.
    modelProperties: new Map(all.toReversed().flatMap((p) => [...p.modelProperties])),
    seedProperties: new Map(all.toReversed().flatMap((p) => [...p.seedProperties])),
    snapshotProperties: new Map(all.toReversed().flatMap((p) => [...p.snapshotProperties])),
    analysisProperties: new Map(all.toReversed().flatMap((p) => [...p.analysisProperties])),
    warnings: [...project.warnings, ...loaded.flatMap((p) => p.warnings)],
  };
  const diagnostics: Diagnostic[] = [];
  checkDuplicateNames([...merged.models, ...merged.seeds, ...merged.snapshots], diagnostics);
  throwIfErrors(diagnostics);
  return merged;
}

/**
 * A package's nodes less those that clash by name with a project node and that config trees disable:
 * dbt checks name clashes among enabled nodes only, and disabling a package's node in the project's
 * dbt_project.yml (`models: {pkg: {x: {+enabled: false}}}`) is how a project replaces it.
 */
function withoutDisabledClashes(loaded: Project, project: Project, settings: ProjectSettings, pkg: PackageProject): Project {
  const taken = new Set([...project.models, ...project.seeds, ...project.snapshots].map((f) => f.name));
  const keep = <T extends ProjectFileRef>(files: readonly T[], own: FolderConfigNode | undefined, root: FolderConfigNode | undefined): T[] =>
    files.filter((f) => {
      if (!taken.has(f.name)) return true;
      const config = mergeConfig(own ? folderConfigFor(own, f.fqn) : {}, root ? folderConfigFor(root, f.fqn) : {});
      return config.enabled !== false;
    });
  return {
    ...loaded,
    models: keep(loaded.models, pkg.folders?.models, settings.modelFolders),
    seeds: keep(loaded.seeds, pkg.folders?.seeds, settings.seedFolders),
    snapshots: keep(loaded.snapshots, pkg.folders?.snapshots, settings.snapshotFolders),
  };
}
