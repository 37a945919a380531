// The checksum itself lives in compile (templates' graph dicts carry it too); re-exported for the artifacts.
export { dbtChecksum, pyStrip, textChecksum, type DbtChecksum } from '../compile/dbt-checksum.js';

/**
 * What `state:modified` compares of a node against a manifest dbt wrote (which has no weir
 * fingerprints): dbt's checksum, and for models, seeds and snapshots the config keys that decide
 * where and how it is built. Macro changes are not seen this way.
 */
export interface DbtNodeState {
  readonly checksum: string;
  readonly config: string;
}

const CONFIG_KEYS = ['materialized', 'schema', 'alias', 'database', 'tags', 'unique_key', 'enabled'] as const;
const CONFIGURED = new Set(['model', 'seed', 'snapshot']);

/** The comparable state of a manifest entry (weir's or dbt's): `resource_type`, `checksum` and `config` as the manifest spells them. */
export function dbtNodeState(entry: { readonly resource_type?: unknown; readonly checksum?: unknown; readonly config?: unknown }): DbtNodeState | undefined {
  const checksum = entry.checksum as { name?: unknown; checksum?: unknown } | undefined;
  if (!checksum || typeof checksum.checksum !== 'string') return undefined;
  const config = (entry.config ?? {}) as Record<string, unknown>;
  const list = (v: unknown) => (v === undefined || v === null ? null : (Array.isArray(v) ? v.map(String) : [String(v)]).sort());
  const kept = CONFIGURED.has(String(entry.resource_type))
    ? CONFIG_KEYS.map((key) => [key, key === 'tags' || key === 'unique_key' ? list(config[key]) : (config[key] ?? null)])
    : [];
  return { checksum: `${String(checksum.name)}:${checksum.checksum}`, config: JSON.stringify(kept) };
}
