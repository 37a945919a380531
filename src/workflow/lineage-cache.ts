import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sqlParserVersion } from '../adapters/duckdb/parser-version.js';
import { WEIR_VERSION } from '../core/version.js';
import type { TraceCache } from '../lineage/index.js';

/**
 * target/lineage_cache.json: each node's last trace with what it depended on (see
 * lineage/trace-cache.ts), so `weir lineage` on an unchanged project traces nothing and an edit
 * traces only the edited models and the readers whose parents' columns changed. Keyed on weir's
 * version and build, DuckDB's version and the CTE prefix: any of those changing drops it whole.
 */
export const LINEAGE_CACHE_FILE = 'lineage_cache.json';
const FORMAT = 1;

interface CacheFile {
  readonly format: number;
  readonly key: string;
  /** New with every write: target/lineage_stamp.json vouches for one generation only. */
  readonly generation: string;
  readonly nodes: TraceCache;
}

export interface LineageCache {
  readonly generation: string | undefined;
  readonly nodes: TraceCache;
}

/** What invalidates every trace at once: weir's tracing code (its build, for a development checkout) and the parser. */
function cacheKey(ctePrefix: string): string {
  const lineageDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'lineage');
  const code = readdirSync(lineageDir).sort().map((name) => {
    const stat = statSync(join(lineageDir, name));
    return `${name}:${stat.size}:${stat.mtimeMs}`;
  });
  return JSON.stringify([WEIR_VERSION, sqlParserVersion(), ctePrefix, code]);
}

const EMPTY: LineageCache = { generation: undefined, nodes: {} };

export function readLineageCache(targetDir: string, ctePrefix: string): LineageCache {
  try {
    const file = JSON.parse(readFileSync(join(targetDir, LINEAGE_CACHE_FILE), 'utf8')) as CacheFile;
    const valid = file.format === FORMAT && file.key === cacheKey(ctePrefix) && typeof file.nodes === 'object' && file.nodes;
    return valid ? { generation: String(file.generation), nodes: file.nodes } : EMPTY;
  } catch {
    return EMPTY;
  }
}

/** Writes the cache; its new generation, or undefined when it could not be written. */
export function writeLineageCache(targetDir: string, ctePrefix: string, nodes: TraceCache): string | undefined {
  const path = join(targetDir, LINEAGE_CACHE_FILE);
  try {
    mkdirSync(targetDir, { recursive: true });
    const file: CacheFile = { format: FORMAT, key: cacheKey(ctePrefix), generation: randomUUID(), nodes };
    writeFileSync(`${path}.${process.pid}.tmp`, JSON.stringify(file));
    renameSync(`${path}.${process.pid}.tmp`, path);
    return file.generation;
  } catch {
    // Only an optimisation: without it the next run traces everything again.
    return undefined;
  }
}
