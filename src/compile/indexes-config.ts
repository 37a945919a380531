import type { Diagnostic } from '../core/diagnostics.js';
import type { Project } from '../project/types.js';
import { configLocation, configuredNodes, type Config, type ParsedModel } from './config-location.js';

/**
 * `indexes` is dbt-postgres's config; DuckDB and Trino have no indexes to create. dbt-duckdb ignores
 * it silently; weir ignores it too (a project shared with a PostgreSQL target keeps building) but
 * says so once, at the first place that sets it, so nobody expects an index that is not there.
 */
export function warnIgnoredIndexes(
  project: Project,
  parsed: readonly ParsedModel[],
  seeds: ReadonlyArray<{ readonly name: string; readonly config: Config }>,
  adapterType: string,
  diagnostics: Diagnostic[],
): void {
  if (adapterType === 'postgres') return;
  const indexed = configuredNodes(parsed, seeds).filter((n) => Array.isArray(n.config.indexes) && n.config.indexes.length > 0);
  if (indexed.length === 0) return;
  const first = indexed[0]!;
  const others = indexed.length - 1;
  diagnostics.push({
    severity: 'warning', ...configLocation(project, first, 'indexes'), key: 'config.indexes',
    message: `the 'indexes' config is dbt-postgres's; ${adapterType} has no indexes, so weir ignores it (as dbt-${adapterType} does) for ${first.kind} '${first.name}'${others ? ` and ${others} more` : ''}`,
    hint: 'nothing to do if the project also builds on PostgreSQL; otherwise remove the config',
  });
}
