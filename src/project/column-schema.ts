import { z } from 'zod';

/** A data test in dbt's format: `unique`, or `{accepted_values: {values: [...]}}`. */
export const dataTestSchema = z.union([z.string(), z.record(z.string(), z.unknown())]);

/** dbt's constraints, on a column or (with `columns:`) on the model. */
export const CONSTRAINT_TYPES = ['not_null', 'unique', 'primary_key', 'check', 'foreign_key', 'custom'] as const;
export const constraintSchema = z
  .object({
    type: z.enum(CONSTRAINT_TYPES),
    name: z.string().optional(),
    expression: z.string().optional(),
    columns: z.array(z.string()).optional(),
    to: z.string().optional(),
    to_columns: z.array(z.string()).optional(),
    warn_unenforced: z.boolean().optional(),
    warn_unsupported: z.boolean().optional(),
  })
  .strict();
export type ConstraintProperties = z.infer<typeof constraintSchema>;

export const columnSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    data_type: z.string().optional(),
    data_tests: z.array(dataTestSchema).optional(),
    tests: z.array(dataTestSchema).optional(),
    constraints: z.array(constraintSchema).optional(),
    meta: z.record(z.string(), z.unknown()).optional(),
    tags: z.array(z.string()).optional(),
    quote: z.boolean().optional(),
    // dbt 1.9: a time spine's columns name their grain; dbt 1.10 moves meta and tags under config.
    granularity: z.string().optional(),
    config: z.object({ meta: z.record(z.string(), z.unknown()).optional(), tags: z.union([z.string(), z.array(z.string())]).optional() }).strict().optional(),
  })
  .strict();
export type ColumnProperties = z.infer<typeof columnSchema>;
