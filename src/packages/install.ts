import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { copyPackage, fetchGit, fetchLocal, fetchTarball, type Fetched } from './fetch-package.js';
import { HubClient, hubUrl } from './hub.js';
import { lockSpecs, packagesHash, readLock, writeLock, LOCK_FILE, type LockEntry } from './lock-file.js';
import { PackageFetchError } from './network.js';
import { describeSpec, placeOf, readPackagesFile, type PackageSpec } from './packages-file.js';
import { packageRenderer } from './render-entries.js';
import type { Requested } from './version-range.js';

export interface DepsOptions {
  readonly projectDir: string;
  /** dbt's packages-install-path, relative to the project (dbt_packages). */
  readonly installPath: string;
  readonly env: NodeJS.ProcessEnv;
  /** `--vars`: packages.yml's `{{ var(...) }}` sees them (and env_var), as dbt renders it. */
  readonly vars?: Readonly<Record<string, unknown>> | undefined;
  /** Whether a Hub release's require-dbt-version admits the dbt version weir follows. */
  readonly dbtVersionOk: (required: string | string[] | undefined) => boolean;
  /** `--upgrade`: resolve the ranges again instead of installing what package-lock.yml pins. */
  readonly upgrade?: boolean;
  readonly log: (message: string) => void;
}

export interface InstalledPackage {
  readonly name: string;
  /** What was installed, in words: `dbt-labs/dbt_utils 1.3.0`, `git ... @ <commit>`. */
  readonly source: string;
  readonly lock: LockEntry;
}

interface Resolved {
  readonly spec: PackageSpec;
  readonly fetched: Fetched;
  readonly lock: LockEntry;
  readonly source: string;
}

/**
 * dbt deps: resolves packages.yml (and every package's own packages.yml) into one version of each
 * package, fetches them into a staging folder, and only then replaces the install folder, so a
 * failed run (offline, a bad revision) leaves the packages installed before as they were.
 */
export async function installPackages(options: DepsOptions): Promise<InstalledPackage[]> {
  const root = resolve(options.projectDir);
  const render = packageRenderer(options.env, options.vars);
  const declared = readPackagesFile(root, undefined, render);
  if (!declared) {
    options.log('no packages.yml or dependencies.yml: nothing to install');
    return [];
  }
  const hash = packagesHash(declared.entries);
  const lock = options.upgrade ? undefined : readLock(root);
  const pinned = lock?.sha1_hash === hash;
  if (pinned) options.log(`installing the versions ${LOCK_FILE} pins`);
  const target = resolve(root, options.installPath);
  mkdirSync(dirname(target), { recursive: true });
  const staging = mkdtempSync(join(dirname(target), '.weir-deps-'));
  try {
    const resolved = await resolveAll(pinned ? lockSpecs(lock!, root, render) : declared.specs, !pinned, root, staging, options);
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    for (const r of resolved) {
      const dest = join(target, r.fetched.name);
      if (r.spec.kind === 'local') {
        // dbt links a local package rather than copying it, so edits show at once.
        try {
          symlinkSync(r.fetched.dir, dest, 'dir');
        } catch {
          copyPackage(r.fetched.dir, dest);
        }
      } else {
        try {
          renameSync(r.fetched.dir, dest);
          rmSync(join(dest, '.git'), { recursive: true, force: true });
        } catch {
          copyPackage(r.fetched.dir, dest);
        }
      }
      options.log(`installed ${r.fetched.name} (${r.source})`);
    }
    writeLock(root, resolved.map((r) => r.lock), hash);
    return resolved.map((r) => ({ name: r.fetched.name, source: r.source, lock: r.lock }));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function resolveAll(specs: readonly PackageSpec[], transitive: boolean, root: string, staging: string, options: DepsOptions): Promise<Resolved[]> {
  const hub = new HubClient(hubUrl(options.env), options.dbtVersionOk);
  const byKey = new Map<string, Resolved>();
  const hubRequests = new Map<string, Requested[]>();
  const queue = [...specs];
  const follow = (fetched: Fetched) => {
    if (!transitive) return;
    const own = readPackagesFile(fetched.dir, (file) => `${relative(root, fetched.dir) || '.'}/${file}`, packageRenderer(options.env, options.vars));
    if (own) queue.push(...own.specs);
  };
  while (queue.length > 0) {
    const spec = queue.shift()!;
    const key = keyOf(spec);
    const known = byKey.get(key);
    if (spec.kind === 'hub') {
      const requests = [...(hubRequests.get(spec.package) ?? []), ...spec.versions.map((v) => ({ spec: v, by: placeOf(spec) }))];
      hubRequests.set(spec.package, requests);
      const { version, tarball } = await hub.resolve(spec.package, requests, spec.installPrerelease);
      if (known && known.lock.version === version) continue;
      if (known) options.log(`${spec.package}: ${known.lock.version} → ${version} to satisfy ${placeOf(spec)}`);
      const fetched = await fetchTarball(tarball, `${spec.package} ${version}`, placeOf(spec), staging);
      byKey.set(key, { spec, fetched, source: `${spec.package} ${version}`, lock: { package: spec.package, version, name: fetched.name } });
      follow(fetched);
      continue;
    }
    if (known) {
      if (spec.kind === 'git' && known.spec.kind === 'git' && (spec.revision ?? '') !== (known.spec.revision ?? '')) {
        throw new PackageFetchError(`${describeSpec(spec)} is asked for at two revisions: '${known.spec.revision ?? 'default branch'}' (${placeOf(known.spec)}) and '${spec.revision ?? 'default branch'}' (${placeOf(spec)})`,
          'ask for the same revision in both places (dbt installs one copy of each package)');
      }
      continue;
    }
    const resolved = await fetchOne(spec, root, staging, options);
    byKey.set(key, resolved);
    follow(resolved.fetched);
  }
  const byName = new Map<string, Resolved>();
  for (const r of byKey.values()) {
    const other = byName.get(r.fetched.name);
    if (other) {
      throw new PackageFetchError(`two packages are both named '${r.fetched.name}': ${describeSpec(other.spec)} (${placeOf(other.spec)}) and ${describeSpec(r.spec)} (${placeOf(r.spec)})`,
        'keep one of them: dbt installs each package under its name, once');
    }
    byName.set(r.fetched.name, r);
  }
  return [...byName.values()].sort((a, b) => (a.fetched.name < b.fetched.name ? -1 : 1));
}

async function fetchOne(spec: Exclude<PackageSpec, { kind: 'hub' }>, root: string, staging: string, options: DepsOptions): Promise<Resolved> {
  switch (spec.kind) {
    case 'local': {
      const fetched = fetchLocal(spec);
      return { spec, fetched, source: `local ${relative(root, fetched.dir) || '.'}`, lock: { local: relative(root, fetched.dir) || '.', name: fetched.name } };
    }
    case 'git': {
      if (!spec.revision && spec.warnUnpinned) options.log(`warning: ${describeSpec(spec)} (${placeOf(spec)}) has no revision: the default branch is installed; pin a tag or commit with revision:`);
      const fetched = await fetchGit(spec, spec.revision, staging);
      return {
        spec, fetched, source: `git ${spec.shown ?? spec.git}${spec.revision ? ` ${spec.revision}` : ''} @ ${fetched.commit!.slice(0, 10)}`,
        lock: { git: spec.shown ?? spec.git, revision: fetched.commit!, name: fetched.name, ...(spec.subdirectory ? { subdirectory: spec.subdirectory } : {}) },
      };
    }
    case 'tarball': {
      const fetched = await fetchTarball(spec.tarball, describeSpec(spec), placeOf(spec), staging);
      return { spec, fetched, source: `tarball ${spec.tarball}`, lock: { tarball: spec.tarball, name: spec.name } };
    }
  }
}

/** Two specs are the same package when they fetch the same thing. */
function keyOf(spec: PackageSpec): string {
  switch (spec.kind) {
    case 'local': return `local:${resolve(spec.declared.dir, spec.local)}`;
    case 'git': return `git:${spec.git.replace(/\.git$/, '')}:${spec.subdirectory ?? ''}`;
    case 'tarball': return `tarball:${spec.tarball}`;
    case 'hub': return `hub:${spec.package.toLowerCase()}`;
  }
}
