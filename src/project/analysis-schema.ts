import { z } from 'zod';

/**
 * The yml entry of an analysis (under `analyses:` in a properties file beside the SQL): what kind
 * of question it asks, of which columns of its query, and how its chart looks. Strict objects, so
 * a typo is reported with the keys allowed there.
 */
export const ANALYSIS_KINDS = ['correlation', 'point_biserial', 'matrix', 'group_comparison'] as const;
export type AnalysisKind = (typeof ANALYSIS_KINDS)[number];

const column = z.string().min(1, 'name a column of the analysis query');

/** How the p-values of an analysis's tests are adjusted for each other (Benjamini-Hochberg by default). */
export const P_ADJUST_METHODS = ['bh', 'holm', 'bonferroni', 'none'] as const;
export type PAdjustMethod = (typeof P_ADJUST_METHODS)[number];

/** Run folders kept per analysis under target/analyses/<name>/ (latest/ besides). */
export const DEFAULT_KEEP_RUNS = 10;

const chartSchema = z
  .object({
    title: z.string(),
    subtitle: z.string(),
    x_title: z.string(),
    y_title: z.string(),
    width: z.number().int().min(100).max(4000),
    height: z.number().int().min(100).max(4000),
    /** Also write chart.png next to chart.svg. */
    png: z.boolean(),
    /** Most points a scatter plot draws (an even sample beyond that); statistics always use every row. */
    max_points: z.number().int().min(10).max(100000),
    /** Bar order: by mean, largest first (default), or by group label (ordered groups such as age bands). */
    sort: z.enum(['value', 'label']),
    /** Bar axis: log when the means span two orders of magnitude or more (auto, the default), or as set. */
    y_scale: z.enum(['auto', 'linear', 'log']),
  })
  .partial()
  .strict();
export type ChartOptions = z.infer<typeof chartSchema>;

const common = {
  name: z.string().min(1),
  description: z.string().optional(),
  config: z
    .object({ enabled: z.boolean(), tags: z.union([z.string(), z.array(z.string())]), meta: z.record(z.string(), z.unknown()) })
    .partial()
    .strict()
    .optional(),
  chart: chartSchema.optional(),
  /** Multiple-comparison adjustment over the tests the analysis reports (default bh). */
  p_adjust: z.enum(P_ADJUST_METHODS).optional(),
  /** How many run folders to keep, oldest deleted first (default DEFAULT_KEEP_RUNS). */
  keep_runs: z.number().int().min(1).max(10000).optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
};

const valueByGroup = z.object({ value: column, group: column }).strict();

export const analysisPropertiesSchema = z.discriminatedUnion('kind', [
  z.object({
    ...common,
    kind: z.literal('correlation'),
    columns: z.object({ x: column, y: column }).strict(),
    /** Which coefficients to report; the first one is drawn on the chart. */
    method: z.enum(['pearson', 'spearman', 'both']).default('both'),
  }).strict(),
  z.object({
    ...common,
    kind: z.literal('point_biserial'),
    columns: valueByGroup,
    method: z.literal('point_biserial').default('point_biserial'),
  }).strict(),
  z.object({
    ...common,
    kind: z.literal('matrix'),
    columns: z.array(column).min(2, 'a matrix needs at least two columns'),
    method: z.enum(['pearson', 'spearman']).default('pearson'),
    /** The pairs the analysis asks about, [x, y] each: only these are tested (and adjusted together). */
    pairs: z.array(z.tuple([column, column])).min(1).optional(),
  }).strict(),
  z.object({
    ...common,
    kind: z.literal('group_comparison'),
    columns: valueByGroup,
    method: z.literal('mean').default('mean'),
  }).strict(),
]);
export type AnalysisProperties = z.infer<typeof analysisPropertiesSchema>;
/** What an analysis computes, as compiled nodes carry it (its yml entry without name and config). */
export type AnalysisSpec = AnalysisProperties extends infer P ? (P extends unknown ? Omit<P, 'name' | 'config'> : never) : never;
