import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { packageRenderer, type PackageRender } from './render-entries.js';
import type { PackageSpec } from './packages-file.js';

export const LOCK_FILE = 'package-lock.yml';

/** One pinned package as dbt writes it in package-lock.yml (keys sorted, as PyYAML's dump sorts them). */
export type LockEntry = Readonly<Record<string, string>>;

export interface LockFile {
  readonly packages: readonly LockEntry[];
  readonly sha1_hash: string;
}

/** Python's json.dumps(value, sort_keys=True): what dbt hashes. */
function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}: ${pythonJson((value as Record<string, unknown>)[k])}`).join(', ')}}`;
  }
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** dbt's hash of packages.yml's entries: it tells whether the lock still pins what the file asks for. */
export function packagesHash(entries: readonly unknown[]): string {
  return createHash('sha1').update(entries.map(pythonJson).sort().join('\n')).digest('hex');
}

export function readLock(projectDir: string): LockFile | undefined {
  const file = join(projectDir, LOCK_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const value = parse(readFileSync(file, 'utf8')) as Partial<LockFile> | null;
    if (!value || !Array.isArray(value.packages) || typeof value.sha1_hash !== 'string') return undefined;
    return { packages: value.packages.map((p) => Object.fromEntries(Object.entries(p ?? {}).map(([k, v]) => [k, String(v)]))), sha1_hash: value.sha1_hash };
  } catch {
    // A lock that cannot be read is resolved afresh, as if there were none.
    return undefined;
  }
}

export function writeLock(projectDir: string, packages: readonly LockEntry[], hash: string): void {
  const sorted = packages.map((p) => Object.fromEntries(Object.entries(p).sort(([a], [b]) => (a < b ? -1 : 1))));
  writeFileSync(join(projectDir, LOCK_FILE), stringify({ packages: sorted, sha1_hash: hash }, { indentSeq: false, lineWidth: 0 }));
}

/** The lock's entries as specs to install exactly (hub versions and git commits pinned). */
export function lockSpecs(lock: LockFile, projectDir: string, render: PackageRender = packageRenderer(process.env)): PackageSpec[] {
  return lock.packages.map((entry): PackageSpec => {
    const declared = { file: LOCK_FILE, line: undefined, dir: projectDir };
    if (entry.local !== undefined) return { kind: 'local', local: entry.local, declared };
    // The lock keeps a git URL as written ({{ env_var(...) }} and all): rendered again to fetch.
    if (entry.git !== undefined) {
      const git = render(entry.git);
      return { kind: 'git', git, revision: entry.revision, subdirectory: entry.subdirectory, warnUnpinned: false, declared, ...(git !== entry.git ? { shown: entry.git } : {}) };
    }
    if (entry.tarball !== undefined) return { kind: 'tarball', tarball: entry.tarball, name: entry.name ?? '', declared };
    return { kind: 'hub', package: entry.package ?? '', versions: [entry.version ?? ''], installPrerelease: true, declared };
  });
}
