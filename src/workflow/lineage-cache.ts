import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sqlParserVersion } from '../adapters/duckdb/parser-version.js';
import { WEIR_VERSION } from '../artifacts/manifest.js';
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

export function readLineageCache(targetDir: string, ctePrefix: string): TraceCache {
  try {
    const file = JSON.parse(readFileSync(join(targetDir, LINEAGE_CACHE_FILE), 'utf8')) as CacheFile;
    return file.format === FORMAT && file.key === cacheKey(ctePrefix) && typeof file.nodes === 'object' && file.nodes ? file.nodes : {};
  } catch {
    return {};
  }
}

export function writeLineageCache(targetDir: string, ctePrefix: string, nodes: TraceCache): void {
  const path = join(targetDir, LINEAGE_CACHE_FILE);
  try {
    const file: CacheFile = { format: FORMAT, key: cacheKey(ctePrefix), nodes };
    writeFileSync(`${path}.${process.pid}.tmp`, JSON.stringify(file));
    renameSync(`${path}.${process.pid}.tmp`, path);
  } catch {
    // Only an optimisation: without it the next run traces everything again.
  }
}
