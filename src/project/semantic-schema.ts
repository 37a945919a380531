import { z } from 'zod';

// dbt's semantic layer (MetricFlow's specs in properties files). weir keeps them for the manifest
// and the docs site and runs none of them, so beyond the names it links, the specs pass through.

const named = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must start with a letter or _ and hold only letters, digits and _');
const entry = z.object({ name: named }).passthrough();

/** `semantic_models:`: a model (`model: ref('x')`) described as entities, measures and dimensions. */
export const semanticModelSchema = z
  .object({
    name: named,
    model: z.string(),
    description: z.string().optional(),
    label: z.string().optional(),
    defaults: z.object({ agg_time_dimension: z.string().optional() }).passthrough().optional(),
    primary_entity: z.string().optional(),
    entities: z.array(entry.extend({ type: z.string() })).optional(),
    measures: z.array(entry.extend({ agg: z.string() })).optional(),
    dimensions: z.array(entry.extend({ type: z.string() })).optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    meta: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();
export type SemanticModelProperties = z.infer<typeof semanticModelSchema>;

/** `metrics:`: simple, ratio, cumulative, derived or conversion, over measures or other metrics. */
export const metricSchema = z
  .object({
    name: named,
    label: z.string().optional(),
    description: z.string().optional(),
    type: z.enum(['simple', 'ratio', 'cumulative', 'derived', 'conversion']),
    type_params: z.record(z.string(), z.unknown()).default({}),
    filter: z.union([z.string(), z.array(z.string())]).optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    meta: z.record(z.string(), z.unknown()).optional(),
    tags: z.union([z.string(), z.array(z.string())]).optional(),
    time_granularity: z.string().optional(),
  })
  .passthrough();
export type MetricProperties = z.infer<typeof metricSchema>;

/** `saved_queries:`: metrics grouped and filtered, optionally exported as tables or views. */
export const savedQuerySchema = z
  .object({
    name: named,
    label: z.string().optional(),
    description: z.string().optional(),
    query_params: z.object({
      metrics: z.array(z.string()).default([]),
      group_by: z.array(z.string()).default([]),
      where: z.union([z.string(), z.array(z.string())]).optional(),
    }).passthrough(),
    exports: z.array(z.object({ name: named, config: z.record(z.string(), z.unknown()).optional() }).passthrough()).optional(),
    config: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();
export type SavedQueryProperties = z.infer<typeof savedQuerySchema>;
