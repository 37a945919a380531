import { z } from 'zod';
import { ingestSchema } from '../ingest/config.js';
import { columnSchema, dataTestSchema } from './column-schema.js';

const freshnessPeriod = z.object({
  count: z.number().positive(),
  period: z.enum(['minute', 'hour', 'day']),
}).strict();

/** dbt's source freshness: how old the newest `loaded_at_field` value may be. */
const freshnessSchema = z.object({
  warn_after: freshnessPeriod.optional(),
  error_after: freshnessPeriod.optional(),
  filter: z.string().optional(),
}).strict().nullable();
export type FreshnessConfig = z.infer<typeof freshnessSchema>;

/** dbt 1.10's `config:` of a source and of its tables (freshness and loaded_at_field moved here; the old keys still work). */
const sourceConfigSchema = z.object({
  enabled: z.boolean(),
  freshness: freshnessSchema,
  loaded_at_field: z.string(),
  loaded_at_query: z.string(),
  event_time: z.string(),
  meta: z.record(z.string(), z.unknown()),
  tags: z.union([z.string(), z.array(z.string())]),
}).partial().strict();
export type SourceConfig = z.infer<typeof sourceConfigSchema>;

const sourceTableSchema = z
  .object({
    name: z.string().min(1),
    identifier: z.string().optional(),
    /** Where the rows come from, when weir loads them itself (see src/ingest). */
    ingest: ingestSchema.optional(),
    loaded_at_field: z.string().optional(),
    freshness: freshnessSchema.optional(),
    description: z.string().optional(),
    columns: z.array(columnSchema).optional(),
    data_tests: z.array(dataTestSchema).optional(),
    tests: z.array(dataTestSchema).optional(),
    meta: z.record(z.string(), z.unknown()).optional(),
    tags: z.array(z.string()).optional(),
    config: sourceConfigSchema.optional(),
  })
  .strict();

/** A source declared dbt-style in a properties file: tables that something else loads. */
export const sourceDeclarationSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    database: z.string().optional(),
    schema: z.string().optional(),
    meta: z.record(z.string(), z.unknown()).optional(),
    tags: z.array(z.string()).optional(),
    loaded_at_field: z.string().optional(),
    freshness: freshnessSchema.optional(),
    config: sourceConfigSchema.optional(),
    tables: z.array(sourceTableSchema),
  })
  .strict();
export type SourceDeclaration = z.infer<typeof sourceDeclarationSchema>;
