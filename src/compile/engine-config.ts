import type { Diagnostic } from '../core/diagnostics.js';
import type { Project } from '../project/types.js';
import { configLocation, configuredNodes, type Config, type ParsedModel } from './config-location.js';

/**
 * Config that only one engine's dbt adapter reads: dbt-postgres's `indexes`, dbt-trino's table
 * `properties` and its `file_format` / `table_format` shorthands. Elsewhere dbt's adapters ignore
 * them silently; weir ignores them too (a project shared between engines keeps building) but says
 * so once per key, as a warning at the first place that sets it, so nobody expects a partitioning
 * or an index that is not there.
 */
const ENGINE_KEYS: ReadonlyArray<{ key: string; engine: string; adapter: string; what: string; lacks: string }> = [
  { key: 'indexes', engine: 'postgres', adapter: 'dbt-postgres', what: "dbt-postgres's", lacks: 'has no indexes' },
  { key: 'properties', engine: 'trino', adapter: 'dbt-trino', what: "dbt-trino's table properties", lacks: 'has no table properties' },
  { key: 'file_format', engine: 'trino', adapter: 'dbt-trino', what: "dbt-trino's table file format", lacks: 'has no table properties' },
  { key: 'table_format', engine: 'trino', adapter: 'dbt-trino', what: "dbt-trino's table format", lacks: 'has no table properties' },
];
/** dbt-trino's `with (name = value)` pairs; the adapters' TableProperties has the same shape. */
type TableProperties = Readonly<Record<string, string | number | boolean>>;
const ENGINE_NAMES: Readonly<Record<string, string>> = { postgres: 'PostgreSQL', trino: 'Trino' };

export function checkEngineConfig(
  project: Project,
  parsed: readonly ParsedModel[],
  seeds: ReadonlyArray<{ readonly name: string; readonly config: Config }>,
  adapterType: string,
  diagnostics: Diagnostic[],
): void {
  const nodes = configuredNodes(parsed, seeds);
  for (const { key, engine, what, lacks } of ENGINE_KEYS) {
    if (engine === adapterType) continue;
    const setting = nodes.filter((n) => isSet(n.config[key]));
    if (setting.length === 0) continue;
    const first = setting[0]!;
    const others = setting.length - 1;
    diagnostics.push({
      severity: 'warning', ...configLocation(project, first, key), key: `config.${key}`,
      message: `the '${key}' config is ${what}; ${adapterType} ${lacks}, so weir ignores it (as dbt-${adapterType} does) for ${first.kind} '${first.name}'${others ? ` and ${others} more` : ''}`,
      hint: `nothing to do if the project also builds on ${ENGINE_NAMES[engine]}; otherwise remove the config`,
    });
  }
  if (adapterType !== 'trino') return;
  for (const node of nodes) {
    const clash = formatClash(node.config);
    if (clash) diagnostics.push({ severity: 'error', ...configLocation(project, node, clash.key), key: `config.${clash.key}`, message: `${node.kind} '${node.name}': ${clash.message}`, hint: clash.hint });
  }
}

function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

const SHORTHANDS = [
  { key: 'file_format', property: 'format' },
  { key: 'table_format', property: 'type' },
] as const;

function formatClash(config: Config): { key: string; message: string; hint: string } | undefined {
  const properties = (config.properties ?? {}) as TableProperties;
  for (const { key, property } of SHORTHANDS) {
    if (isSet(config[key]) && properties[property] !== undefined) {
      return {
        key,
        // dbt-trino's own words for the same mistake.
        message: `You can specify either '${key}' or 'properties.${property}' configurations, but not both.`,
        hint: `keep one: ${key}: ${String(config[key])}, or properties: {${property}: "${String(properties[property])}"}`,
      };
    }
  }
  return undefined;
}

/**
 * The table properties a Trino table is created with, as dbt-trino's properties() macro builds
 * them: the `properties` config, plus `file_format: parquet` as format = 'parquet' and
 * `table_format: iceberg` as type = 'iceberg' (the shorthands take a bare name, quoted here).
 */
export function tableProperties(config: Config): TableProperties | undefined {
  const properties: Record<string, string | number | boolean> = { ...((config.properties ?? {}) as TableProperties) };
  for (const { key, property } of SHORTHANDS) {
    const value = config[key];
    if (isSet(value) && properties[property] === undefined) properties[property] = `'${String(value).replace(/'/g, "''")}'`;
  }
  return Object.keys(properties).length > 0 ? properties : undefined;
}
