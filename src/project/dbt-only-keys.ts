import type { Diagnostic } from '../core/diagnostics.js';
import { formatKeyPath, type YamlFile } from './yaml-file.js';

/**
 * Config names dbt 1.10 knows for models, seeds and tests (core and the postgres/duckdb adapters)
 * that weir does not apply yet. A bare key with one of these names in a config tree is config, not
 * a folder, as in dbt; weir says it is ignored instead of refusing the project.
 */
export const DBT_ONLY_CONFIG_KEYS: ReadonlySet<string> = new Set([
  'on_configuration_change', 'quoting', 'unlogged', 'packages',
  'docs_url', 'fail_calc', 'store_failures_as', 'copy_grants', 'labels', 'external_location', 'location', 'format',
  'partition_by', 'options', 'glue_register', 'plugin', 'predicates',
  'snapshot_meta_column_names', 'strategy', 'updated_at', 'check_cols', 'target_schema', 'target_database',
  'invalidate_hard_deletes', 'hard_deletes', 'dbt_valid_to_current', 'loaded_at_field', 'freshness', 'quote',
]);

/** Top-level sections of a dbt properties file weir does not read yet. */
const SECTIONS: Readonly<Record<string, string>> = {
  data_tests: 'generic test properties',
};
/** Keys of a model entry weir does not read yet. */
const MODEL_KEYS: Readonly<Record<string, string>> = {};
/** Keys only models take (model-versions.ts reads them); on a seed they are named and dropped. */
const SEED_KEYS: Readonly<Record<string, string>> = { versions: 'seed versions', latest_version: 'seed versions', deprecation_date: 'seed deprecation dates' };
/** Keys of sources and their tables that describe and change nothing weir builds. */
const QUIET_SOURCE_KEYS = new Set(['loader', 'overrides']);
const SOURCE_KEYS: Readonly<Record<string, string>> = { quoting: 'source quoting', external: 'external sources' };

/**
 * A properties file without the dbt keys weir does not support yet, each named (file, line, key)
 * as a warning, so a dbt project's schema.yml builds while saying what it leaves out.
 */
export function withoutDbtOnlyKeys(yaml: YamlFile, value: unknown, diagnostics: Diagnostic[]): unknown {
  if (!isMapping(value)) return value;
  const warn = (path: PropertyKey[], what: string) => diagnostics.push({
    severity: 'warning', file: yaml.file, line: yaml.lineOf(path), key: formatKeyPath(path), message: `weir does not support ${what} yet; '${String(path[path.length - 1])}' is ignored`,
  });
  const out: Record<string, unknown> = {};
  for (const [key, section] of Object.entries(value)) {
    if (SECTIONS[key] !== undefined) { warn([key], SECTIONS[key]!); continue; }
    if ((key === 'models' || key === 'seeds') && Array.isArray(section)) {
      out[key] = section.map((entry, i) => {
        if (!isMapping(entry)) return entry;
        const kept: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(entry)) {
          const unsupported = MODEL_KEYS[k] ?? (key === 'seeds' ? SEED_KEYS[k] : undefined);
          if (unsupported !== undefined) warn([key, i, k], unsupported);
          else if (k === 'config' && isMapping(v)) kept[k] = withoutConfigKeys(v, [key, i, k], warn);
          else kept[k] = v;
        }
        return kept;
      });
    } else if (key === 'sources' && Array.isArray(section)) {
      out[key] = section.map((source, i) => {
        if (!isMapping(source)) return source;
        const kept = withoutSourceKeys(source, [key, i], warn);
        if (Array.isArray(kept.tables)) kept.tables = kept.tables.map((t, j) => (isMapping(t) ? withoutSourceKeys(t, [key, i, 'tables', j], warn) : t));
        return kept;
      });
    } else {
      out[key] = section;
    }
  }
  return out;
}

function withoutConfigKeys(config: Record<string, unknown>, path: PropertyKey[], warn: (path: PropertyKey[], what: string) => void) {
  const kept: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    if (DBT_ONLY_CONFIG_KEYS.has(k.replace(/^\+/, ''))) warn([...path, k], `the '${k}' config`);
    else kept[k] = v;
  }
  return kept;
}

function withoutSourceKeys(entry: Record<string, unknown>, path: PropertyKey[], warn: (path: PropertyKey[], what: string) => void) {
  const kept: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entry)) {
    if (QUIET_SOURCE_KEYS.has(k)) continue;
    if (SOURCE_KEYS[k] !== undefined) warn([...path, k], SOURCE_KEYS[k]!);
    else kept[k] = v;
  }
  return kept;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
