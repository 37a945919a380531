import type { ResolvedTarget } from '../project/targets.js';

/** dbt's `target` in yml Jinja: the target's name, type, schema, database and threads, never its connection secrets. */
export function targetContext(target: ResolvedTarget, profileName: string): Record<string, unknown> {
  return { name: target.name, type: target.type, schema: target.schema, database: target.database, threads: target.threads, profile_name: profileName };
}
