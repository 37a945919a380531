import type { Diagnostic } from '../core/diagnostics.js';
import { projectConfigLayers } from '../project/package-scope.js';
import type { NodeConfigInput } from '../project/schemas.js';
import { SNAPSHOT_META_COLUMNS } from '../project/snapshot-schema.js';
import type { Project, SqlFile } from '../project/types.js';
import { lineOfMatch, resolveConfig } from './resolve-config.js';
import type { Relation, ResolvedConfig, SnapshotSpec } from './types.js';

/** A snapshot's config: project.yml's `snapshots:` folders, then its yml entry, then `config()`. */
export function snapshotConfig(project: Project, file: SqlFile, inline: readonly NodeConfigInput[]): ResolvedConfig {
  const props = project.snapshotProperties.get(file.name);
  const { own, root } = projectConfigLayers(project, project.snapshotFolders, 'snapshots', file.path, file.fqn);
  const config = resolveConfig([own, props?.value.config ?? {}, ...inline, root], { materialized: 'snapshot' });
  return { ...config, materialized: 'snapshot' };
}

/**
 * What the snapshot materialization needs from the config, checked: a strategy with its columns
 * and a unique_key. Mistakes are diagnostics on the config's line (or the yml entry's).
 */
export function snapshotSpec(project: Project, file: SqlFile, config: ResolvedConfig, diagnostics: Diagnostic[], targetDatabase?: string): SnapshotSpec | undefined {
  const props = project.snapshotProperties.get(file.name);
  const where = props?.value.config && file.path === props.file
    ? { file: props.file, line: props.line }
    : { file: file.path, line: lineOfMatch(file.text, /\bconfig\s*\(/) };
  const problems: Array<[string, string]> = [];
  const strategy = config.strategy as SnapshotSpec['strategy'] | undefined;
  const uniqueKey = config.unique_key ?? [];
  if (!strategy) problems.push([`snapshot '${file.name}' has no strategy`, "set strategy='timestamp' (with updated_at) or strategy='check' (with check_cols)"]);
  if (uniqueKey.length === 0) problems.push([`snapshot '${file.name}' has no unique_key`, "set unique_key='id' (a column, an expression or a list of columns)"]);
  if (strategy === 'timestamp' && !config.updated_at) problems.push([`snapshot '${file.name}' uses strategy 'timestamp' without updated_at`, "set updated_at='<column that changes with every update>'"]);
  if (strategy === 'check' && !config.check_cols) problems.push([`snapshot '${file.name}' uses strategy 'check' without check_cols`, "set check_cols='all' or a list of columns"]);
  if (config.hard_deletes !== undefined && config.invalidate_hard_deletes !== undefined) {
    problems.push([`snapshot '${file.name}' sets both hard_deletes and invalidate_hard_deletes`, 'keep hard_deletes (invalidate_hard_deletes: true is hard_deletes: invalidate)']);
  }
  // weir builds into the target's database only: another one would be ignored silently.
  const database = config.target_database as string | undefined;
  if (database !== undefined && targetDatabase !== undefined && database.toLowerCase() !== targetDatabase.toLowerCase()) {
    problems.push([`snapshot '${file.name}' sets target_database '${database}', but weir builds into the target's database '${targetDatabase}' only`,
      `remove target_database, or build with a target whose database is '${database}' (DuckDB: the file's name; PostgreSQL: the database of the URL; Trino: the catalog)`]);
  }
  for (const [message, hint] of problems) diagnostics.push({ severity: 'error', ...where, message, hint });
  if (problems.length > 0 || !strategy) return undefined;
  const names = (config.snapshot_meta_column_names ?? {}) as Partial<Record<string, string>>;
  return {
    strategy,
    uniqueKey,
    updatedAt: config.updated_at as string | undefined,
    checkCols: config.check_cols as SnapshotSpec['checkCols'],
    hardDeletes: (config.hard_deletes as SnapshotSpec['hardDeletes'] | undefined) ?? (config.invalidate_hard_deletes ? 'invalidate' : 'ignore'),
    validToCurrent: config.dbt_valid_to_current as string | undefined,
    columns: Object.fromEntries(SNAPSHOT_META_COLUMNS.map((c) => [c, names[c] ?? c])) as SnapshotSpec['columns'],
  };
}

/**
 * Where a snapshot lands: the older `target_schema` is used as written (as dbt does); otherwise it
 * is named like a model (`schema` appended to the target's, or the project's naming macros).
 */
export function snapshotRelation(name: string, config: ResolvedConfig, named: () => Relation, database: string | undefined): Relation {
  const target = config.target_schema as string | undefined;
  return target ? { ...(database === undefined ? {} : { database }), schema: target, identifier: config.alias ?? name } : named();
}
