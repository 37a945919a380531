import { httpGet, PackageFetchError } from './network.js';
import type { Requested } from './version-range.js';
import { conflictingPair, rangeOf, resolveVersion } from './version-range.js';

/** dbt Hub, or the registry `DBT_PACKAGE_HUB_URL` names (as dbt reads it; a test serves one locally). */
export const DEFAULT_HUB_URL = 'https://hub.getdbt.com/';

export function hubUrl(env: NodeJS.ProcessEnv): string {
  const url = env.DBT_PACKAGE_HUB_URL || DEFAULT_HUB_URL;
  return url.endsWith('/') ? url : `${url}/`;
}

interface HubVersion {
  readonly downloads?: { readonly tarball?: string };
  readonly require_dbt_version?: string | string[];
}

interface HubPackage {
  readonly versions?: Record<string, HubVersion>;
}

/** One package's entry in the Hub index (`api/v1/<namespace>/<name>.json`), fetched once per run. */
export class HubClient {
  private readonly cache = new Map<string, Promise<HubPackage>>();
  constructor(private readonly base: string, private readonly dbtVersionOk: (required: string | string[] | undefined) => boolean) {}

  private index(name: string): Promise<HubPackage> {
    let found = this.cache.get(name);
    if (!found) {
      found = httpGet(`${this.base}api/v1/${name}.json`, `the dbt Hub index of '${name}'`).then((bytes) => JSON.parse(bytes.toString('utf8')) as HubPackage)
        .catch((error: unknown) => {
          if (error instanceof PackageFetchError && /HTTP 404/.test(error.message)) {
            throw new PackageFetchError(`'${name}' is not a package on dbt Hub (${this.base})`, 'check the spelling on https://hub.getdbt.com (namespace/name, e.g. dbt-labs/dbt_utils), or install it with git:');
          }
          throw error;
        });
      this.cache.set(name, found);
    }
    return found;
  }

  /**
   * The version dbt would install: the newest release within every requested range whose
   * require-dbt-version admits the dbt version weir follows; and where to download it.
   */
  async resolve(name: string, requested: readonly Requested[], installPrerelease: boolean): Promise<{ version: string; tarball: string }> {
    const conflict = conflictingPair(requested);
    if (conflict) {
      throw new PackageFetchError(
        `package '${name}' is asked for in versions that cannot both hold: ${rangeOf([conflict[0]])} (${conflict[0].by}) and ${rangeOf([conflict[1]])} (${conflict[1].by})`,
        'widen one of the version ranges so they overlap (dbt needs one version of each package)',
      );
    }
    const versions = (await this.index(name)).versions ?? {};
    const compatible = Object.keys(versions).filter((v) => this.dbtVersionOk(versions[v]!.require_dbt_version));
    const version = resolveVersion(compatible, requested, installPrerelease);
    if (!version) {
      const range = rangeOf(requested);
      const newest = Object.keys(versions).slice(-8).join(', ');
      throw new PackageFetchError(
        `no release of '${name}' matches ${range} (asked by ${requested.map((r) => r.by).join(', ')})`,
        `releases on the Hub: ${newest || 'none'}${compatible.length < Object.keys(versions).length ? ' (some need another dbt version)' : ''}; change version: in packages.yml`,
      );
    }
    const tarball = versions[version]!.downloads?.tarball;
    if (!tarball) throw new PackageFetchError(`the dbt Hub entry of '${name}' ${version} has no download`, 'install it with git: instead');
    return { version, tarball };
  }
}
