import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The options that say where profiles.yml is looked for. */
export interface ProfileDirOptions {
  readonly root: string;
  /** `--profiles-dir`. */
  readonly profilesDir?: string | undefined;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Where dbt looks for profiles.yml, in its order: --profiles-dir, DBT_PROFILES_DIR, the project (and
 * working) folder, ~/.dbt. Its own module, free of YAML, so the compile stamp can hash these files.
 */
export function profileDirs(options: ProfileDirOptions): string[] {
  if (options.profilesDir !== undefined) return [resolve(options.profilesDir)];
  if (options.env.DBT_PROFILES_DIR) return [resolve(options.env.DBT_PROFILES_DIR)];
  return [...new Set([options.root, process.cwd(), join(options.env.HOME ?? homedir(), '.dbt')])];
}
