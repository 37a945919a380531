import { z } from 'zod';
import { parseIsoTime } from '../core/iso-time.js';

export const BATCH_SIZES = ['hour', 'day', 'month', 'year'] as const;

/** The config keys of dbt 1.9's microbatch incremental strategy (part of every model's config). */
export const microbatchConfigShape = {
  // dbt 1.9's microbatch: the column that dates a row, the batch size, the first batch, how many
  // batches before now a run rebuilds (see execute/materializations/microbatch.ts). event_time on a
  // seed or upstream model filters it for each batch of a microbatch model downstream.
  event_time: z.string().min(1),
  batch_size: z.enum(BATCH_SIZES, { error: (issue) => `must be one of ${BATCH_SIZES.join(', ')}, but got: ${String(issue.input)}` }),
  begin: z.union([z.string(), z.date()]).transform((v) => (v instanceof Date ? v.toISOString() : v)).refine((v) => parseIsoTime(v) !== undefined, {
    error: (issue) => `must be a date or timestamp in ISO format ('2024-01-01' or '2024-01-01 06:00:00'), but got: ${String(issue.input)}`,
  }),
  lookback: z.number().int().nonnegative(),
  concurrent_batches: z.boolean(),
};
