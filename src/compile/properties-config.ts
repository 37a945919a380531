import type { Logger } from '../core/logger.js';
import type { Project } from '../project/types.js';
import { configLocation, configuredNodes, type Config, type ParsedModel } from './config-location.js';

/**
 * `properties` is dbt-trino's config (table properties passed into `create table ... with (...)`).
 * DuckDB and PostgreSQL have no such clause: weir ignores it there as dbt adapters ignore config
 * they do not know, so a project that also builds on Trino keeps building, and says so once at
 * debug level (`-v`), at the first place that sets it.
 */
export function noteIgnoredProperties(
  project: Project,
  parsed: readonly ParsedModel[],
  seeds: ReadonlyArray<{ readonly name: string; readonly config: Config }>,
  adapterType: string,
  logger: Logger,
): void {
  if (adapterType === 'trino') return;
  const configured = configuredNodes(parsed, seeds).filter((n) => n.config.properties && Object.keys(n.config.properties).length > 0);
  if (configured.length === 0) return;
  const first = configured[0]!;
  const others = configured.length - 1;
  const { file, line } = configLocation(project, first, 'properties');
  logger.log({
    level: 'debug', code: 'config_ignored', data: { file, line },
    message: `${file}${line ? `:${line}` : ''}: the 'properties' config is dbt-trino's table properties; ${adapterType} has no table properties, so weir ignores it for ${first.kind} '${first.name}'${others ? ` and ${others} more` : ''}`,
  });
}
