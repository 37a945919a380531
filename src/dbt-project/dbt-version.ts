import semver from 'semver';

/** The dbt release whose project conventions weir follows; require-dbt-version is checked against it. */
export const DBT_COMPATIBLE_VERSION = '1.10.15';

/**
 * Whether DBT_COMPATIBLE_VERSION meets every `require-dbt-version` spec (`>=1.8.0`, `<2.0.0`,
 * `1.10.0`, or a list of them; dbt also reads `>=1.8.0,<2.0.0`). Returns the specs it fails, or
 * an error for one that is not a version spec.
 */
export function checkDbtVersion(required: string | readonly string[]): { failed: string[]; invalid: string[] } {
  const specs = (typeof required === 'string' ? [required] : required).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  const failed: string[] = [];
  const invalid: string[] = [];
  for (const spec of specs) {
    const range = semver.validRange(spec.replace(/^=+(?=\d)/, ''), { loose: true });
    if (range === null) invalid.push(spec);
    else if (!semver.satisfies(DBT_COMPATIBLE_VERSION, range, { includePrerelease: true })) failed.push(spec);
  }
  return { failed, invalid };
}
