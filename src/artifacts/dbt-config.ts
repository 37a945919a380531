import type { CompiledNode } from '../compile/types.js';

/**
 * A node's `config` in manifest.json as dbt 1.10 writes it: every key of dbt's config class for the
 * resource type, in dbt's order and with dbt's defaults (NodeConfig, ModelConfig, SeedConfig,
 * SnapshotConfig, TestConfig `.to_dict()`), then the node's own keys over them; keys dbt's class does
 * not have follow, as dbt appends a project's extra config. Readers of the manifest (dbt_artifacts,
 * elementary, catalogs) look keys up without a default, so a missing key reads differently from dbt's.
 */
// Functions, not shared objects: each node needs its own nested objects and lists, and a literal costs
// ~1 µs where structuredClone of a shared default, or an object spread of one, costs 10-40.
const nodeConfig = (materialized: string): Record<string, unknown> => ({
  enabled: true, alias: null, schema: null, database: null, tags: [], meta: {}, group: null, materialized,
  incremental_strategy: null, batch_size: null, lookback: 1, begin: null, persist_docs: {}, 'post-hook': [], 'pre-hook': [],
  quoting: {}, column_types: {}, full_refresh: null, unique_key: null, on_schema_change: 'ignore', on_configuration_change: 'apply',
  grants: {}, packages: [], docs: { show: true, node_color: null }, contract: { enforced: false, alias_types: true },
  event_time: null, concurrent_batches: null,
});

const DEFAULTS: Readonly<Record<string, () => Record<string, unknown>>> = {
  model: () => Object.assign(nodeConfig('view'), { access: 'protected', freshness: null }),
  seed: () => Object.assign(nodeConfig('seed'), { delimiter: ',', quote_columns: null }),
  snapshot: () => Object.assign(nodeConfig('snapshot'), {
    strategy: null, target_schema: null, target_database: null, updated_at: null, check_cols: null,
    snapshot_meta_column_names: { dbt_valid_to: null, dbt_valid_from: null, dbt_scd_id: null, dbt_updated_at: null, dbt_is_deleted: null },
    dbt_valid_to_current: null,
  }),
  analysis: () => nodeConfig('view'),
  test: () => ({
    enabled: true, alias: null, schema: 'dbt_test__audit', database: null, tags: [], meta: {}, group: null, materialized: 'test',
    severity: 'ERROR', store_failures: null, store_failures_as: null, where: null, limit: null, fail_calc: 'count(*)', warn_if: '!= 0', error_if: '!= 0',
  }),
};

/** weir's own keys of a test's config, which dbt's TestConfig has not. */
const NOT_TEST_CONFIG = new Set(['column_types', 'incremental_strategy', 'on_schema_change', 'pre-hook', 'post-hook', 'test_type']);
/** Values weir resolves for execution where dbt keeps what was written (null when nothing was). */
const RESOLVED_HERE = new Set(['incremental_strategy']);
const INCREMENTAL = new Set(['incremental', 'microbatch']);
const HOOK_KEYS = new Set(['pre_hook', 'post_hook', 'pre-hook', 'post-hook']);

export function dbtConfig(node: CompiledNode): Record<string, unknown> {
  const { config } = node;
  const out: Record<string, unknown> = DEFAULTS[node.resourceType]?.() ?? {};
  const hook = (sql: string, index: number) => ({ sql, transaction: true, index });
  const set = (key: string, value: unknown) => {
    if (value === undefined) return;
    if (node.resourceType === 'test' && NOT_TEST_CONFIG.has(key)) return;
    // weir picks the incremental strategy for every model; dbt's manifest shows one only on incremental models.
    if (RESOLVED_HERE.has(key) && !INCREMENTAL.has(String(config.materialized))) return;
    const base = out[key];
    out[key] = isPlainObject(base) && isPlainObject(value) ? { ...base, ...value } : value;
  };
  // The hooks in dbt's spelling, after the node's other keys (no object spread: it costs ~10 µs a node).
  for (const key in config) if (!HOOK_KEYS.has(key)) set(key, (config as Record<string, unknown>)[key]);
  set('pre-hook', config.pre_hook.map(hook));
  set('post-hook', config.post_hook.map(hook));
  // weir keeps unique_key as a list; dbt as written, and one column is nearly always written as a string.
  if (Array.isArray(out.unique_key) && out.unique_key.length === 1) out.unique_key = out.unique_key[0];
  if (node.resourceType === 'test' && out.severity === 'error') out.severity = 'ERROR';
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
