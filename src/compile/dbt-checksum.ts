import { sha256 } from '../core/sha256.js';
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

/** Python's str.isspace() (JavaScript's trim() also takes U+FEFF). */
function isPySpace(c: number): boolean {
  return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c === 0x85 || c === 0xa0 || c === 0x1680
    || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** Python's str.strip(). A scan from each end: a `\s+$` regex tried every run of spaces in the text (0.1 s a 10,000-model manifest). */
export function pyStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isPySpace(text.charCodeAt(start))) start++;
  while (end > start && isPySpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

const MAX_SEED_BYTES = 1024 * 1024;

export function textChecksum(text: string): DbtChecksum {
  return { name: 'sha256', checksum: sha256(pyStrip(text)) };
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
