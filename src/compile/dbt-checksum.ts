import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { CompiledNode } from './types.js';

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
