import { z } from 'zod';

/** A DuckDB target in project.yml. Zod only: loading it must not load the native binding. */
export const duckdbTargetSchema = z
  .object({
    type: z.literal('duckdb'),
    /** Database file, relative to the project root; `:memory:` for a throwaway database. */
    path: z.string().min(1).optional(),
    schema: z.string().min(1).default('main'),
    threads: z.number().int().positive().optional(),
    /** DuckDB settings applied to the instance, e.g. `memory_limit: 2GB`. */
    settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  })
  .strict();
export type DuckDbTarget = z.infer<typeof duckdbTargetSchema>;
