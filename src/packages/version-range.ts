import semver from 'semver';

/**
 * dbt's version specifiers for Hub packages: `1.1.0` (exactly), `>=1.0.0`, `>1.0.0`, `<2.0.0`,
 * `<=2.0.0`, `=1.1.0`, always with major.minor.patch (dbt/clients/semver.py).
 */
const SPEC = /^(>=|>|<=|<|=)?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$/;

export interface Requested {
  readonly spec: string;
  /** Who asked, for messages: `packages.yml:3`. */
  readonly by: string;
}

/** Why a version spec is not one dbt reads, or undefined when it is fine. */
export function badVersionSpec(spec: string): string | undefined {
  if (SPEC.test(spec.trim())) return undefined;
  return `'${spec}' is not a version dbt understands: write 1.2.0, or a range as a list: [">=1.0.0", "<2.0.0"] (operators >=, >, <=, <, =; always major.minor.patch)`;
}

/** The specs as one npm range: every spec must hold, as dbt intersects them. */
export function rangeOf(specs: readonly Requested[]): string {
  return specs.map((s) => {
    const m = SPEC.exec(s.spec.trim())!;
    return `${m[1] ?? '='}${m[2]}`;
  }).join(' ');
}

/**
 * The newest available version within every requested spec (dbt's resolve_to_specific_version);
 * prereleases only with install-prerelease, as dbt filters them.
 */
export function resolveVersion(available: readonly string[], specs: readonly Requested[], installPrerelease: boolean): string | undefined {
  const installable = available.filter((v) => semver.valid(v) && (installPrerelease || semver.prerelease(v) === null));
  return semver.maxSatisfying(installable, rangeOf(specs), { includePrerelease: installPrerelease }) ?? undefined;
}

/** Two requests no version can satisfy together (dbt's "Versions not compatible"), if any. */
export function conflictingPair(specs: readonly Requested[]): [Requested, Requested] | undefined {
  for (let i = 0; i < specs.length; i++) {
    for (let j = i + 1; j < specs.length; j++) {
      if (!semver.intersects(rangeOf([specs[i]!]), rangeOf([specs[j]!]), { includePrerelease: true })) return [specs[i]!, specs[j]!];
    }
  }
  // Each pair may meet while all of them do not (>=1 and <2 and >=3): name the whole set.
  const all = new semver.Range(rangeOf(specs), { includePrerelease: true });
  const min = semver.minVersion(all);
  return min && all.test(min) ? undefined : specs.length >= 2 ? [specs[0]!, specs[specs.length - 1]!] : undefined;
}
