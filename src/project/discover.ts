import { existsSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ProjectPaths } from './types.js';

/** Everything under a folder, recursively. */
export type FolderLister = (dir: string) => readonly Dirent[];

const listFolder: FolderLister = (dir) => readdirSync(dir, { recursive: true, withFileTypes: true });

/**
 * A lister that reads each folder once: one project load looks under models/ for SQL, properties
 * and doc files (three listings of 10,000 files). Made per load, so a later load sees new files;
 * `known`: listings this command took already (see SeenFiles); the lister adds its own, so the compile
 * stamp written after the compile vouches for what it listed.
 */
export function folderLister(known?: Map<string, readonly Dirent[]>): FolderLister {
  const listed = new Map<string, readonly Dirent[]>(known);
  return (dir) => {
    let entries = listed.get(dir);
    if (entries === undefined) {
      listed.set(dir, (entries = listFolder(dir)));
      known?.set(dir, entries);
    }
    return entries;
  };
}

/**
 * Files under the given project folders with one of the extensions, sorted, as root-relative POSIX
 * paths. Hidden files and folders (`.git`, `.ipynb_checkpoints`) are skipped.
 */
export function discoverFiles(root: string, folders: readonly string[], extensions: readonly string[], list: FolderLister = listFolder): string[] {
  const found: string[] = [];
  for (const folder of folders) {
    const dir = join(root, folder);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
    // Paths relative to the root, computed once per folder rather than per file (10,000 models).
    const relativeDir = new Map<string, string>();
    for (const entry of list(dir)) {
      if (!entry.isFile() || !extensions.some((ext) => entry.name.toLowerCase().endsWith(ext))) continue;
      let parent = relativeDir.get(entry.parentPath);
      if (parent === undefined) relativeDir.set(entry.parentPath, (parent = relative(root, entry.parentPath).split(sep).join('/')));
      const rel = parent === '' ? entry.name : `${parent}/${entry.name}`;
      if (entry.name.startsWith('.') || parent.split('/').some((part) => part.startsWith('.'))) continue;
      found.push(rel);
    }
  }
  return found.sort();
}

/** `models/staging/stg_users.sql` under folder `models` -> `['staging', 'stg_users']`. */
export function fqnParts(path: string, folder: string): string[] {
  const inside = path.slice(folder.replace(/\/+$/, '').length + 1);
  const parts = inside.split('/');
  const last = parts.pop() ?? '';
  return [...parts, last.replace(/\.[^.]+$/, '')];
}

/**
 * dbt's fqn prefix of a properties file: the project, then the file's folders inside whichever
 * resource folder holds it (`models/staging/_sources.yml` -> `['shop', 'staging']`).
 */
export function ymlFqnPrefix(project: string, path: string, folders: readonly string[]): string[] {
  const folder = folders.map((f) => f.replace(/\/+$/, '')).find((f) => path.startsWith(`${f}/`));
  const parts = (folder === undefined ? path : path.slice(folder.length + 1)).split('/');
  return [project, ...parts.slice(0, -1)];
}

/** Folders whose properties files dbt reads (models, seeds, snapshots, analyses; weir's sources). */
export function propertiesFolders(paths: ProjectPaths): string[] {
  return [...paths.models, ...paths.seeds, ...paths.snapshots, ...paths.sources, ...paths.analyses];
}
