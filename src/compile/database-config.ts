import { basename } from 'node:path';
import type { Diagnostic } from '../core/diagnostics.js';
import type { Project } from '../project/types.js';
import { configLocation, configuredNodes, type Config, type ParsedModel } from './config-location.js';

interface Target {
  readonly name: string;
  readonly type: string;
  readonly database?: string | undefined;
  readonly config?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * dbt's `database` config on a model or seed. The target's own database (catalog on Trino) is
 * accepted as it is; another is an error at the place that sets it, in dbt's terms: PostgreSQL
 * cannot build across databases (dbt-postgres: "Cross-db references not allowed"), and weir builds
 * into the target's DuckDB database only, attached or not. A project's own generate_database_name
 * is checked where it is called (relation-naming.ts).
 */
export function checkDatabaseConfig(
  project: Project,
  parsed: readonly ParsedModel[],
  seeds: ReadonlyArray<{ readonly name: string; readonly config: Config }>,
  target: Target,
  diagnostics: Diagnostic[],
): void {
  if (target.database === undefined || project.macros.some((m) => m.name === 'generate_database_name')) return;
  const reported = new Set<string>();
  for (const node of configuredNodes(parsed, seeds)) {
    const database = node.config.database;
    if (typeof database !== 'string' || sameDatabase(database, target.database)) continue;
    const where = configLocation(project, node, 'database');
    if (reported.has(`${where.file}:${where.line}:${database}`)) continue;
    reported.add(`${where.file}:${where.line}:${database}`);
    diagnostics.push({ severity: 'error', ...where, key: 'config.database', ...otherDatabase(database, node, target) });
  }
}

/** dbt-postgres's verify_database: quotes aside, database names compare without case. */
function sameDatabase(a: string, b: string): boolean {
  const bare = (name: string) => name.replace(/^"|"$/g, '').toLowerCase();
  return bare(a) === bare(b);
}

function otherDatabase(database: string, node: { kind: string; name: string }, target: Target): { message: string; hint: string } {
  const what = `${node.kind} '${node.name}'`;
  const own = target.database!;
  if (target.type === 'postgres') {
    return {
      message: `Cross-db references not allowed in postgres (${database} vs ${own}): ${what} sets database '${database}'`,
      hint: `a PostgreSQL target builds into its own dbname only: remove the 'database' config or set it to '${own}'; to build into '${database}', use a target (profiles.yml output) with dbname: ${database}`,
    };
  }
  if (target.type === 'duckdb') {
    const attached = attachedAliases(target.config).some((alias) => sameDatabase(alias, database));
    return attached
      ? {
        message: `${what} sets database '${database}', which target '${target.name}' attaches, but weir builds into the target's own database '${own}' only (building into an attached database is not supported yet)`,
        hint: `remove the 'database' config (or set it to '${own}'); the model can still read '${database}' through a source with database: ${database}`,
      }
      : {
        message: `${what} sets database '${database}', which is neither target '${target.name}''s database '${own}' nor attached to it`,
        hint: `set it to '${own}' or remove it; a DuckDB database other than the target's must be attached in profiles.yml (attach: [{path: ${database}.duckdb, alias: ${database}}])`,
      };
  }
  return {
    message: `${what} sets database '${database}', but target '${target.name}' builds into ${target.type === 'trino' ? 'catalog' : 'database'} '${own}' only`,
    hint: `remove the 'database' config or set it to '${own}'; to build into '${database}', use a target with ${target.type === 'trino' ? 'catalog' : 'database'}: ${database}`,
  };
}

/** dbt-duckdb's attach aliases: `alias`, else the file name without its extension. */
function attachedAliases(config: Readonly<Record<string, unknown>> | undefined): string[] {
  const attach = Array.isArray(config?.attach) ? (config.attach as Array<{ path?: unknown; alias?: unknown }>) : [];
  return attach.map((a) => (typeof a.alias === 'string' ? a.alias : basename(String(a.path ?? '')).replace(/\.[^.]*$/, '')));
}
