import type { CompiledNode } from './types.js';
import { packageOfPath, pathsOf } from '../project/package-scope.js';
import type { Project, ProjectPaths } from '../project/types.js';

/**
 * dbt's names for a node's files, as its manifest writes them. weir's paths are relative to the project's
 * root (`dbt_packages/kit/models/staging/x.sql`); dbt's `original_file_path` is relative to the root of
 * the node's own package (`models/staging/x.sql`), its `path` to the resource folder (`staging/x.sql`;
 * an analysis's starts `analysis/`, a generic test's is its file name), and `patch_path` names the
 * package (`kit://models/staging/schema.yml`).
 */
export interface DbtPaths {
  readonly path: string;
  readonly originalFilePath: string;
  readonly patchPath: string | null;
}

type Scoped = Pick<Project, 'name' | 'paths' | 'packages' | 'vars'>;

const FOLDERS: Readonly<Record<string, keyof ProjectPaths>> = {
  model: 'models', seed: 'seeds', snapshot: 'snapshots', analysis: 'analyses', test: 'tests',
};

/** `path` relative to the root of the package that holds it (the project's own files are already). */
export function packageRelative(project: Scoped, path: string): string {
  const pkg = packageOfPath(project, path);
  return pkg?.path ? path.slice(pkg.path.length + 1) : path;
}

/** Each package's folder relative to the project's root, by package name (compiled SQL goes under the name). */
export function packageRoots(project: Scoped): ReadonlyMap<string, string> {
  return new Map((project.packages ?? []).flatMap((p) => (p.path ? [[p.name, p.path] as const] : [])));
}

/** What a node's dbt paths are made from (a compiled node, or one still being compiled). */
export type PathFacts = Pick<CompiledNode, 'path' | 'resourceType' | 'name' | 'config' | 'packageName'> & { readonly patchPath?: string | undefined };

export function dbtNodePaths(project: Scoped, node: PathFacts): DbtPaths {
  const originalFilePath = packageRelative(project, node.path);
  // dbt patches models, seeds, snapshots and analyses from yml; a generic test is made by one, not patched.
  const patchPath = node.patchPath && node.resourceType !== 'test' ? `${node.packageName}://${packageRelative(project, node.patchPath)}` : null;
  if (node.resourceType === 'test' && !node.path.endsWith('.sql')) {
    return { path: `${typeof node.config.alias === 'string' ? node.config.alias : node.name}.sql`, originalFilePath, patchPath };
  }
  const kind = FOLDERS[node.resourceType];
  const folder = kind && pathsOf(project, node.path)[kind].find((f) => node.path.startsWith(`${f}/`));
  if (!folder) return { path: originalFilePath, originalFilePath, patchPath };
  const inFolder = node.path.slice(folder.length + 1);
  return { path: node.resourceType === 'analysis' ? `analysis/${inFolder}` : inFolder, originalFilePath, patchPath };
}
