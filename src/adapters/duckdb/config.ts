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
    /** Nodes built at once, and DuckDB's worker threads. */
    threads: z.number().int().positive().optional(),
    /** Caps DuckDB's memory (its buffer pool: tables, joins, sorts); beyond it DuckDB spills to temp_directory. */
    memory_limit: z.string().regex(MEMORY_SIZE, "a size such as '1GB' or '512MB'").optional(),
    /** Where DuckDB spills (default: `<database file>.tmp`). */
    temp_directory: z.string().min(1).optional(),
    /** Any other DuckDB setting applied to the instance, e.g. `preserve_insertion_order: false`. */
    settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  })
  .strict();
export type DuckDbTarget = z.infer<typeof duckdbTargetSchema>;

/** The options DuckDB opens with: `settings`, then the named keys (which win). */
export function duckdbOptions(config: DuckDbTarget, resolvePath: (path: string) => string): Record<string, string> {
  const options: Record<string, string> = {};
  for (const [key, value] of Object.entries(config.settings)) options[key] = String(value);
  if (config.threads) options.threads = String(config.threads);
  if (config.memory_limit) options.memory_limit = config.memory_limit;
  if (config.temp_directory) options.temp_directory = resolvePath(config.temp_directory);
  return options;
}
