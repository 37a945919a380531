import { createRequire } from 'node:module';

/**
 * The installed DuckDB client's version, read from its package file without loading the native
 * driver: syntax trees (and so cached lineage traces) are only as stable as the parser that wrote them.
 */
export function sqlParserVersion(): string {
  try {
    return String((createRequire(import.meta.url)('@duckdb/node-api/package.json') as { version: unknown }).version);
  } catch {
    return 'unknown';
  }
}
