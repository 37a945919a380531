import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { CompiledNode } from '../compile/types.js';

/**
 * dbt's file checksum, so a manifest weir writes and one dbt wrote compare equal for the same file
 * (`state:modified` against a dbt production manifest needs this). dbt hashes the file's text with
 * Python's str.strip() applied; a seed over 1 MiB is not read: its checksum is its path.
 */
export interface DbtChecksum {
  readonly name: string;
  readonly checksum: string;
}

/** Python's str.strip(): the characters str.isspace() accepts (JavaScript's trim() also takes U+FEFF). */
const PY_SPACE = '[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+';
const LEADING = new RegExp(`^${PY_SPACE}`);
const TRAILING = new RegExp(`${PY_SPACE}$`);

export function pyStrip(text: string): string {
  return text.replace(LEADING, '').replace(TRAILING, '');
}

const MAX_SEED_BYTES = 1024 * 1024;

export function textChecksum(text: string): DbtChecksum {
  return { name: 'sha256', checksum: createHash('sha256').update(pyStrip(text)).digest('hex') };
}

const NONE: DbtChecksum = { name: 'none', checksum: '' };

/** The checksum dbt gives the node's file: its SQL, or a seed's CSV; a generic test has none. */
export function dbtChecksum(node: Pick<CompiledNode, 'resourceType' | 'rawCode' | 'absolutePath' | 'path' | 'test'>): DbtChecksum {
  if (node.test?.type === 'generic') return NONE;
  if (node.resourceType !== 'seed') return textChecksum(node.rawCode);
  try {
    if (statSync(node.absolutePath).size > MAX_SEED_BYTES) return { name: 'path', checksum: node.path };
    return textChecksum(readFileSync(node.absolutePath, 'utf8'));
  } catch {
    return textChecksum('');
  }
}

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
