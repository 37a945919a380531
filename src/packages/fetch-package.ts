import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { x as untar } from 'tar';
import { parse } from 'yaml';
import { git, httpGet, PackageFetchError } from './network.js';
import { describeSpec, placeOf, type PackageSpec } from './packages-file.js';

/** A package's files, fetched into the staging folder (or, for `local:`, where they are). */
export interface Fetched {
  /** The package's folder: the one holding its dbt_project.yml. */
  readonly dir: string;
  /** Its dbt_project.yml name: the folder it is installed as. */
  readonly name: string;
  /** git: the commit the revision named (what package-lock.yml pins). */
  readonly commit?: string;
}

/** The project name in a package's dbt_project.yml; a folder without one is not a dbt package. */
export function packageName(dir: string, what: string, place: string): string {
  const file = join(dir, 'dbt_project.yml');
  if (!existsSync(file)) {
    throw new PackageFetchError(`${what} (${place}) has no dbt_project.yml at ${dir}`, 'point it at the folder of a dbt package (for git, set subdirectory: to the package folder)');
  }
  const name = (parse(readFileSync(file, 'utf8')) as { name?: unknown } | null)?.name;
  if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new PackageFetchError(`${what} (${place}): its dbt_project.yml has no valid name`, 'a dbt package names itself with name: in dbt_project.yml');
  }
  return name;
}

export function fetchLocal(spec: Extract<PackageSpec, { kind: 'local' }>): Fetched {
  const dir = resolve(spec.declared.dir, spec.local);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new PackageFetchError(`${describeSpec(spec)} (${placeOf(spec)}): there is no folder ${dir}`, 'local: is a path to the package folder, relative to the project that lists it');
  }
  return { dir, name: packageName(dir, describeSpec(spec), placeOf(spec)) };
}

/**
 * Clones a git package and checks out its revision (a branch, tag or commit; the default branch
 * without one), keeping `subdirectory` if given. The commit is what the lock file pins.
 */
export async function fetchGit(spec: Extract<PackageSpec, { kind: 'git' }>, revision: string | undefined, staging: string): Promise<Fetched> {
  if (!spec.shown) return fetchGitAsWritten(spec, revision, staging);
  try {
    return await fetchGitAsWritten(spec, revision, staging);
  } catch (error) {
    // git may repeat the URL it was given: a rendered one may hold a token, so the error shows it as written.
    const hide = (text: string) => text.replaceAll(spec.git, spec.shown!);
    if (error instanceof PackageFetchError) throw new PackageFetchError(hide(error.message), hide(error.hint ?? ''));
    throw error;
  }
}

async function fetchGitAsWritten(spec: Extract<PackageSpec, { kind: 'git' }>, revision: string | undefined, staging: string): Promise<Fetched> {
  const what = `${describeSpec(spec)} (${placeOf(spec)})`;
  const clone = join(staging, `git-${readdirSync(staging).length}`);
  await git(['clone', '--quiet', spec.git, clone], undefined, what);
  if (revision) {
    try {
      await git(['-c', 'advice.detachedHead=false', 'checkout', '--quiet', revision], clone, what);
    } catch {
      const branches = await git(['for-each-ref', '--format=%(refname:short)', 'refs/remotes/origin', 'refs/tags'], clone, what).catch(() => '');
      const known = branches.split('\n').filter((b) => b && b !== 'origin/HEAD' && b !== 'origin').map((b) => b.replace(/^origin\//, '')).slice(0, 10);
      throw new PackageFetchError(`${what}: revision '${revision}' is not a branch, tag or commit of ${spec.git}`, `set revision: to one of: ${known.join(', ') || '(the repository has no branches or tags)'}`);
    }
  }
  const commit = await git(['rev-parse', 'HEAD'], clone, what);
  const dir = spec.subdirectory ? join(clone, spec.subdirectory) : clone;
  if (spec.subdirectory && !existsSync(dir)) {
    throw new PackageFetchError(`${what}: subdirectory '${spec.subdirectory}' does not exist at revision ${revision ?? 'HEAD'}`, 'subdirectory: is the package folder inside the repository');
  }
  return { dir, name: packageName(dir, describeSpec(spec), placeOf(spec)), commit };
}

/**
 * Downloads and unpacks a .tar.gz (a tarball: package, or a dbt Hub release). GitHub's archives
 * hold one top folder, which is the package.
 */
export async function fetchTarball(url: string, what: string, place: string, staging: string): Promise<Fetched> {
  const archive = join(staging, `tarball-${readdirSync(staging).length}`);
  mkdirSync(archive, { recursive: true });
  const bytes = await httpGet(url, what);
  writeFileSync(`${archive}.tar.gz`, bytes);
  try {
    await untar({ file: `${archive}.tar.gz`, cwd: archive, strict: true });
  } catch (error) {
    throw new PackageFetchError(`${what} (${place}): ${url} is not a .tar.gz archive (${(error as Error).message})`, 'tarball: must point at a gzipped tar of the package', error);
  }
  const entries = readdirSync(archive);
  const single = entries.length === 1 && statSync(join(archive, entries[0]!)).isDirectory() && !existsSync(join(archive, 'dbt_project.yml'));
  const dir = single ? join(archive, entries[0]!) : archive;
  return { dir, name: packageName(dir, what, place) };
}

/** Copies a fetched package into its place under the install folder, without git's metadata. */
export function copyPackage(from: string, to: string): void {
  cpSync(from, to, { recursive: true, filter: (src) => !/[\\/]\.git$/.test(src), verbatimSymlinks: true });
}
