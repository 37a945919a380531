import { folderConfigFor, type FolderConfigNode } from './folder-config.js';
import type { NodeConfigInput } from './schemas.js';
import type { PackageFolders, PackageProject, ProjectPaths } from './types.js';

interface Scoped {
  readonly name: string;
  readonly paths: ProjectPaths;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly packages?: readonly PackageProject[] | undefined;
}

/** The installed package a file (a path relative to the project's root) belongs to; none for the project's own. */
export function packageOfPath(project: Scoped, path: string): PackageProject | undefined {
  return project.packages?.find((p) => p.path !== undefined && path.startsWith(`${p.path}/`));
}

/** dbt's package_name of a node defined in `path`: the package's name, or the project's. */
export function packageNameOf(project: Scoped, path: string): string {
  return packageOfPath(project, path)?.name ?? project.name;
}

/** The folders `path`'s package keeps its models, seeds... in (for yml fqns). */
export function pathsOf(project: Scoped, path: string): ProjectPaths {
  return packageOfPath(project, path)?.paths ?? project.paths;
}

/**
 * `var()`'s values for a node defined in `path`, command-line vars over all: one object per package,
 * made once (templates are rendered many times, so this stays off their path).
 */
export function varsByPath(project: Scoped, cliVars: Readonly<Record<string, unknown>> = {}): (path: string) => Readonly<Record<string, unknown>> {
  const root = { ...project.vars, ...cliVars };
  if (!project.packages?.some((p) => p.path !== undefined)) return () => root;
  const byPackage = new Map<string, Readonly<Record<string, unknown>>>();
  return (path) => {
    const pkg = packageOfPath(project, path);
    if (!pkg) return root;
    let vars = byPackage.get(pkg.name);
    if (!vars) byPackage.set(pkg.name, (vars = { ...pkg.vars, ...cliVars }));
    return vars;
  };
}

/**
 * Config from dbt_project.yml files for a node: `own` is its project's (for a package node, the
 * package's dbt_project.yml), applied first; `root` is the project's over a package node, which
 * dbt applies last, over the package's properties and config() calls (so a project may disable
 * or re-schema a package's models).
 */
export function projectConfigLayers(
  project: Scoped,
  rootTree: FolderConfigNode | undefined,
  kind: keyof PackageFolders,
  path: string,
  fqn: readonly string[],
): { own: NodeConfigInput; root: NodeConfigInput } {
  const pkg = packageOfPath(project, path);
  const rootConfig = rootTree ? folderConfigFor(rootTree, fqn) : {};
  if (!pkg) return { own: rootConfig, root: {} };
  const tree = pkg.folders?.[kind];
  return { own: tree ? folderConfigFor(tree, fqn) : {}, root: rootConfig };
}
