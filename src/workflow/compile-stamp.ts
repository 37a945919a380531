import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { WEIR_VERSION } from '../core/version.js';
import { weirBuild } from '../core/build-id.js';
import { envForKey } from '../core/env-key.js';
import type { LogEvent } from '../core/logger.js';
import type { CommonOptions } from './open-project.js';
import type { Project } from '../project/types.js';
import { PARTIAL_PARSE_FILE, partialParseEnabled } from './partial-parse.js';
import { profileDirs } from '../dbt-project/profile-dirs.js';
import type { FileStat, SeenFiles } from '../project/source-reader.js';

/**
 * target/compile_stamp.json: proof that nothing changed since a `weir compile` (cold or not) of the
 * whole project that logged no warning. It holds a hash of everything such a compile depended on: every file under the project's
 * folders (dbt packages' too), the project, package, selector and profiles files (path, size, mtime), partial_parse.json's stat, the environment, the
 * working folder and the options. When all of that still hashes the same, the next compile's
 * output is the same again, so it only rewrites the manifest's metadata, without loading the
 * project, the 7.8 MB cache of a 10,000-model project, or the YAML and schema libraries.
 */
export const COMPILE_STAMP_FILE = 'compile_stamp.json';
// 2: no `events` (a stamped compile logged no warning, so there was nothing to replay).
// 3: dbt projects name relations with their database; a stamp from before would keep two-part names.
const FORMAT = 3;
/** As in source-reader.ts: a file modified this recently cannot be proved unchanged by its stat. */
const RACY_MS = 3000;

export interface StampInputs {
  readonly root: string;
  readonly target: string | undefined;
  readonly vars: Readonly<Record<string, unknown>> | undefined;
  readonly env: NodeJS.ProcessEnv;
  readonly profilesDir: string | undefined;
}

/**
 * The files at the project's root a compile may read: whichever project file exists, dbt's package
 * and selector files. A missing one is hashed as missing, so creating it voids the stamp.
 */
const ROOT_FILES = ['project.yml', 'dbt_project.yml', 'packages.yml', 'dependencies.yml', 'package-lock.yml', 'selectors.yml'];

export interface Stamp {
  readonly weir_version: string;
  readonly format: number;
  readonly key: string;
  readonly folders: readonly string[];
  readonly generation: string;
  readonly projectName: string;
  readonly adapterType: string;
  readonly targetName: string;
  readonly models: number;
}

/** What a compile stamp is keyed on, when this compile may use or write one (no selection, the cache on). */
export function compileStampInputs(common: CommonOptions): StampInputs | undefined {
  const env = common.env ?? process.env;
  if (common.select?.length || common.exclude?.length || common.selector !== undefined || common.state !== undefined || common.empty || !partialParseEnabled(common.partialParse, env)) return undefined;
  // A stamp serves the default target folder only (see stampPath).
  if (common.targetPath !== undefined || env.DBT_TARGET_PATH) return undefined;
  return { root: common.projectDir, target: common.target, vars: common.vars, env, profilesDir: common.profilesDir };
}

/** Every folder a compile reads files from: the project's, and each installed package's whole folder. */
export function stampFolders(project: Pick<Project, 'root' | 'paths' | 'packages'>): string[] {
  const own = Object.values(project.paths).flat();
  const packages = (project.packages ?? []).map((p) => relative(project.root, p.root));
  return [...new Set([...own, ...packages])];
}

/** Where the stamp lives: the default target folder (a stamp only serves a project that uses it). */
const stampPath = (root: string) => join(resolve(root), 'target', COMPILE_STAMP_FILE);

/**
 * A hash of everything a compile reads. With `now`, undefined when a file was modified less than
 * RACY_MS before it (its stat cannot prove a later edit). Throws when target/partial_parse.json is missing.
 */
export function projectStateKey(inputs: StampInputs, folders: readonly string[], now: number | undefined, seen?: SeenFiles): string | undefined {
  const root = resolve(inputs.root);
  const hash = createHash('sha256');
  const env = envForKey(inputs.env);
  // weir's build too: its version does not change with every build of a development checkout.
  hash.update(JSON.stringify([weirBuild(), root, process.cwd(), inputs.target ?? null, inputs.vars ?? null, env, folders]));
  const add = (path: string, absolute: string, optional = false): boolean => {
    let stat: FileStat | undefined = seen?.stats.get(absolute);
    if (stat === undefined) {
      stat = statSync(absolute, { throwIfNoEntry: !optional });
      if (stat !== undefined) seen?.stats.set(absolute, { size: stat.size, mtimeMs: stat.mtimeMs });
    }
    if (stat === undefined) return hash.update(`${path}\0absent\n`), true;
    if (now !== undefined && now - stat.mtimeMs < RACY_MS) return false;
    hash.update(`${path}\0${stat.size}\0${stat.mtimeMs}\n`);
    return true;
  };
  // weir replaces the cache by renaming a new file over it: a new inode, so no racy check is needed.
  const cache = statSync(join(root, 'target', PARTIAL_PARSE_FILE));
  hash.update(`${cache.ino}\0${cache.size}\0${cache.mtimeMs}\n`);
  const files = [...ROOT_FILES.map((f) => join(root, f)), ...profileDirs({ root, profilesDir: inputs.profilesDir, env: inputs.env }).map((d) => join(d, 'profiles.yml'))];
  for (const file of files) if (!add(file, file, true)) return undefined;
  for (const folder of folders) {
    const dir = join(root, folder);
    hash.update(`[${folder}]\n`);
    let entries;
    try {
      entries = seen?.listings.get(dir) ?? readdirSync(dir, { recursive: true, withFileTypes: true });
      seen?.listings.set(dir, entries);
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) continue;
      const absolute = join(entry.parentPath, entry.name);
      if (!add(absolute, absolute)) return undefined;
    }
  }
  return hash.digest('hex');
}

/**
 * Answers `weir compile` from the stamp when nothing it depends on changed: rewrites the manifest's
 * metadata and returns the number of models; else
 * undefined (and the compile runs as usual).
 */
export async function compileFromStamp(inputs: StampInputs, log: (event: LogEvent) => void, seen?: SeenFiles): Promise<number | undefined> {
  const stamp = freshCompileStamp(inputs, undefined, seen);
  if (!stamp) return undefined;
  // Loaded here, not with the module: `weir lineage` reads the stamp without building any manifest. Only
  // the metadata's module: manifest.js would load the compiler, its schemas and Jinja (~0.1-0.2 s).
  const { manifestMetadata, rewriteManifestMetadata, weirManifestMetadata } = await import('../artifacts/manifest-metadata.js');
  const fresh = { invocationId: randomUUID(), generatedAt: new Date(), adapterType: stamp.adapterType, targetName: stamp.targetName, partialParse: stamp.generation };
  const metadata = { manifest: manifestMetadata(stamp.projectName, fresh), weir: weirManifestMetadata(fresh) };
  if (!(await rewriteManifestMetadata(join(resolve(inputs.root), 'target'), stamp.generation, metadata))) return undefined;
  log({ level: 'debug', code: 'compile_stamp', message: `compile: no input changed since the last compile (${COMPILE_STAMP_FILE}); manifest metadata rewritten` });
  return stamp.models;
}

/**
 * The compile stamp when nothing it depends on changed since (its manifest is the project's as it
 * is); with `now`, also undefined when a file was modified less than RACY_MS before it.
 */
export function freshCompileStamp(inputs: StampInputs, now: number | undefined, seen?: SeenFiles): Stamp | undefined {
  try {
    const stamp = JSON.parse(readFileSync(stampPath(inputs.root), 'utf8')) as Stamp;
    if (stamp.weir_version !== WEIR_VERSION || stamp.format !== FORMAT || !Array.isArray(stamp.folders)) return undefined;
    if (projectStateKey(inputs, stamp.folders, now, seen) !== stamp.key) return undefined;
    statSync(join(resolve(inputs.root), 'target', 'compiled', stamp.projectName));
    return stamp;
  } catch {
    return undefined;
  }
}

/**
 * After a compile: writes the stamp, unless a file was modified less than RACY_MS before the compile
 * started (`startedAt`): the compile may have read it before a change its stat cannot show.
 */
export function writeCompileStamp(
  inputs: StampInputs,
  compile: Omit<Stamp, 'weir_version' | 'format' | 'key'> & { readonly targetDir: string },
  startedAt: number,
  /** What the compile saw of the files (its stamp check's view): the stamp vouches for exactly that. */
  seen?: SeenFiles,
): void {
  const path = stampPath(inputs.root);
  try {
    const { targetDir, ...rest } = compile;
    const stampKey = targetDir === resolve(inputs.root, 'target') ? projectStateKey(inputs, compile.folders, startedAt, seen) : undefined;
    if (stampKey === undefined) return;
    const stamp: Stamp = { weir_version: WEIR_VERSION, format: FORMAT, key: stampKey, ...rest };
    writeFileSync(`${path}.${process.pid}.tmp`, JSON.stringify(stamp));
    renameSync(`${path}.${process.pid}.tmp`, path);
  } catch {
    // Only an optimisation: without a stamp the next compile takes the usual way.
  }
}
