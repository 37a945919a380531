import { z } from 'zod';

/** DuckDB's size spelling: a number and a unit (`512MB`, `1.5GB`, `2GiB`). */
const MEMORY_SIZE = /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

/** A DuckDB target in project.yml. Zod only: loading it must not load the native binding. */
export const duckdbTargetSchema = z
  .object({
    type: z.literal('duckdb'),
    /** Database file, relative to the project root; `:memory:` for a throwaway database. */
    path: z.string().min(1).optional(),
    schema: z.string().min(1).default('main'),
    /**
     * Nodes built at once. Not DuckDB's worker threads (as in dbt-duckdb): a `threads: 1` profile would
     * otherwise run every query on one core. DuckDB's own count is `settings: {threads: N}` (default: the cores).
     */
    threads: z.number().int().positive().optional(),
    /** Caps DuckDB's memory (its buffer pool: tables, joins, sorts); beyond it DuckDB spills to temp_directory. */
    memory_limit: z.string().regex(MEMORY_SIZE, "a size such as '1GB' or '512MB'").optional(),
    /** Where DuckDB spills (default: `<database file>.tmp`). */
    temp_directory: z.string().min(1).optional(),
    /** Any other DuckDB setting applied to the instance, e.g. `preserve_insertion_order: false`. */
    settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    /** Extensions installed and loaded when the database opens (as dbt-duckdb's `extensions`). */
    extensions: z.array(z.union([z.string().min(1), z.object({ name: z.string().min(1), repo: z.string().min(1).optional() }).strict()])).default([]),
    /** Other databases attached when it opens (as dbt-duckdb's `attach`), read with `alias.schema.table`. */
    attach: z.array(z.object({
      path: z.string().min(1),
      alias: z.string().min(1).optional(),
      type: z.string().min(1).optional(),
      read_only: z.boolean().optional(),
    }).strict()).default([]),
  })
  .strict();
export type DuckDbTarget = z.infer<typeof duckdbTargetSchema>;

/**
 * Weir's defaults, under the target's `settings`. DuckDB's allocator (jemalloc) keeps freed pages
 * until a single deallocation over this threshold (DuckDB's default: 512 MiB) flushes them; a
 * stream of inserts of a row group or so each (an API ingest) never makes one, so resident memory
 * climbed well above what DuckDB itself reports (a 3M-record API ingest peaked at 303-311 MB with
 * 512 MiB or 128 MiB, 246 MB with 32 MB; the 10M-purchase example build: 1,517 -> ~1,260 MB).
 */
const DEFAULT_SETTINGS: Readonly<Record<string, string>> = {
  allocator_bulk_deallocation_flush_threshold: '32MB',
};

/** The options DuckDB opens with: weir's defaults, `settings`, then the named keys (which win). */
export function duckdbOptions(config: DuckDbTarget, resolvePath: (path: string) => string): Record<string, string> {
  const options: Record<string, string> = { ...DEFAULT_SETTINGS };
  for (const [key, value] of Object.entries(config.settings)) options[key] = String(value);
  if (config.memory_limit) options.memory_limit = config.memory_limit;
  if (config.temp_directory) options.temp_directory = resolvePath(config.temp_directory);
  return options;
}

/**
 * The statements that prepare a fresh DuckDB instance: install and load each extension, attach
 * each database. Both act on the whole instance, so they run once, on its first connection. An
 * extension already installed (or built in, as json and parquet are) is not downloaded again, so
 * a build stays offline.
 */
export function duckdbSetupStatements(
  config: DuckDbTarget,
  resolvePath: (path: string) => string,
  quote: { literal: (v: string) => string; identifier: (v: string) => string },
  present: { readonly installed: ReadonlySet<string>; readonly loaded: ReadonlySet<string> },
): string[] {
  const statements: string[] = [];
  const quoteLiteral = quote.literal;
  const quoteIdentifier = quote.identifier;
  for (const extension of config.extensions) {
    const { name, repo } = typeof extension === 'string' ? { name: extension, repo: undefined } : extension;
    if (!present.installed.has(name)) statements.push(`install ${quoteIdentifier(name)}${repo ? ` from ${repo.includes('://') ? quoteLiteral(repo) : quoteIdentifier(repo)}` : ''}`);
    if (!present.loaded.has(name)) statements.push(`load ${quoteIdentifier(name)}`);
  }
  for (const db of config.attach) {
    const local = /^[a-z][a-z0-9+.-]*:\/\//i.test(db.path) || db.path === ':memory:' ? db.path : resolvePath(db.path);
    const options = [db.type ? `type ${quoteIdentifier(db.type)}` : undefined, db.read_only ? 'read_only' : undefined].filter(Boolean);
    statements.push(`attach if not exists ${quoteLiteral(local)}${db.alias ? ` as ${quoteIdentifier(db.alias)}` : ''}${options.length ? ` (${options.join(', ')})` : ''}`);
  }
  return statements;
}
