import { z } from 'zod';

/**
 * The `ingest:` block of a source table in `sources/*.yml`: where raw data comes from (an HTTP JSON
 * API or files) and how it is written. Strict objects, so a typo is an error naming file and key.
 * Strings may hold `{{ env_var('NAME') }}`; they are filled in only when the load runs, and the
 * values are redacted from every message, log and artifact.
 */
export const WRITE_DISPOSITIONS = ['replace', 'append', 'merge'] as const;
export type WriteDisposition = (typeof WRITE_DISPOSITIONS)[number];

const positiveInt = z.number().int().positive();
const nonNegative = z.number().nonnegative();

const offsetPagination = z.object({
  type: z.literal('offset'),
  offset_param: z.string().min(1).default('offset'),
  limit_param: z.string().min(1).default('limit'),
  page_size: positiveInt.default(100),
  start: z.number().int().nonnegative().default(0),
  /** Path to the total record count in the response; without it, a short page ends the load. */
  total_path: z.string().min(1).optional(),
}).strict();

const pagePagination = z.object({
  type: z.literal('page'),
  page_param: z.string().min(1).default('page'),
  start: z.number().int().nonnegative().default(1),
  /** Sent as `size_param` when set; a page shorter than it ends the load. */
  page_size: positiveInt.optional(),
  size_param: z.string().min(1).optional(),
  /** Path to the total number of pages in the response. */
  total_pages_path: z.string().min(1).optional(),
  total_path: z.string().min(1).optional(),
}).strict();

const cursorPagination = z.object({
  type: z.literal('cursor'),
  /** Path to the next cursor in the response body; missing, null or empty ends the load. */
  cursor_path: z.string().min(1),
  cursor_param: z.string().min(1).default('cursor'),
  page_size: positiveInt.optional(),
  size_param: z.string().min(1).optional(),
  total_path: z.string().min(1).optional(),
}).strict();

/** `total_path` everywhere: the record count the API states; a load that ends short of it is a short read. */
const linkPagination = z.object({ type: z.literal('link'), total_path: z.string().min(1).optional() }).strict();
const noPagination = z.object({ type: z.literal('none') }).strict();

export const paginationSchema = z.discriminatedUnion('type', [
  offsetPagination, pagePagination, cursorPagination, linkPagination, noPagination,
]);
export type Pagination = z.infer<typeof paginationSchema>;

export const retrySchema = z.object({
  max_attempts: positiveInt.default(5),
  /** First backoff; doubles per attempt up to max_delay_ms, with full jitter. */
  initial_delay_ms: nonNegative.default(500),
  max_delay_ms: nonNegative.default(30_000),
}).strict();
export type RetryConfig = z.infer<typeof retrySchema>;

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** Credentials, sent only to the origin of `url` (see credentials.ts); values usually `{{ env_var(...) }}`. */
export const authSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('bearer'), token: z.string().min(1) }).strict(),
  z.object({ type: z.literal('basic'), username: z.string(), password: z.string() }).strict(),
  z.object({ type: z.literal('api_key'), name: z.string().min(1), value: z.string().min(1), in: z.enum(['header', 'query']).default('header') }).strict(),
]);
export type AuthConfig = z.infer<typeof authSchema>;

/**
 * Pages one load may fetch before it fails (a server that never stops paginating would otherwise
 * fill target/ until the disk is full); raise `max_pages` for bigger APIs.
 */
export const DEFAULT_MAX_PAGES = 10_000;

export const httpSchema = z.object({
  url: z.string().min(1),
  method: z.enum(['GET', 'POST']).default('GET'),
  params: z.record(z.string(), scalar).default({}),
  headers: z.record(z.string(), z.string()).default({}),
  auth: authSchema.optional(),
  /** JSON body for POST requests. */
  body: z.record(z.string(), z.unknown()).optional(),
  /** Dotted path to the records array in each response (`data.items`); omitted: the body is the array. */
  records: z.string().min(1).optional(),
  pagination: paginationSchema.default({ type: 'none' }),
  /** Bounds each whole response (headers and body), per attempt. */
  timeout_ms: positiveInt.default(30_000),
  retries: retrySchema.default({ max_attempts: 5, initial_delay_ms: 500, max_delay_ms: 30_000 }),
  max_requests_per_second: z.number().positive().optional(),
  /** Safety net against a server that never stops paginating: more pages fail the load. */
  max_pages: positiveInt.default(DEFAULT_MAX_PAGES),
}).strict();
export type HttpConfig = z.infer<typeof httpSchema>;

export const fileSchema = z.object({
  /** A path or glob relative to the project root (`data/events/*.csv`). */
  path: z.string().min(1),
  format: z.enum(['csv', 'json', 'ndjson']).optional(),
  delimiter: z.string().min(1).max(2).default(','),
  header: z.boolean().default(true),
  quote: z.string().length(1).default('"'),
  escape: z.string().length(1).optional(),
  encoding: z.enum(['utf-8', 'utf8', 'utf-16', 'latin1', 'latin-1']).default('utf-8'),
  /** JSON files: dotted path to the records array. */
  records: z.string().min(1).optional(),
}).strict();
export type FileConfig = z.infer<typeof fileSchema>;

const columnPin = z.union([
  z.string().min(1),
  z.object({ name: z.string().min(1).optional(), data_type: z.string().min(1).optional() }).strict(),
]);

export const incrementalSchema = z.object({
  /** The record field whose highest loaded value is remembered (`updated_at`). */
  cursor_field: z.string().min(1),
  /** The query parameter the remembered value is sent as. */
  param: z.string().min(1),
  initial_value: z.union([z.string(), z.number()]).optional(),
  /** Subtracted from the remembered value to pick up late records: seconds for timestamps, units for numbers. */
  lag: z.number().nonnegative().default(0),
}).strict();
export type IncrementalConfig = z.infer<typeof incrementalSchema>;

/**
 * DuckDB's row group size. A write of whole row groups goes straight to the database file (no WAL,
 * no checkpoint merging partial row groups, which for a 3M-record load briefly took ~500 MB); a
 * 10,000-record write went through the WAL and a checkpoint every 16 MB of it.
 */
export const DEFAULT_BATCH_SIZE = 122_880;

/** Loaded batches kept per table in target/lake: enough to replay the last few loads, not a growing archive. */
export const DEFAULT_KEEP_BATCHES = 5;

export const ingestSchema = z.object({
  http: httpSchema.optional(),
  file: fileSchema.optional(),
  write_disposition: z.enum(WRITE_DISPOSITIONS).default('replace'),
  primary_key: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .transform((v) => (typeof v === 'string' ? [v] : v)).optional(),
  /** Field -> SQL type, or {name, data_type}: pins a column's name and/or type instead of inferring it. */
  columns: z.record(z.string(), columnPin).default({}),
  on_bad_rows: z.enum(['fail', 'skip']).default('fail'),
  /**
   * An API load that ends short of the total it states, or gets an empty page while it says more
   * follow: `fail` (the default: the previous table stays) or `warn` (load what was read, with a warning).
   */
  on_short_read: z.enum(['fail', 'warn']).optional(),
  /** Records per database write (written to a file as they arrive, so not held in memory). */
  batch_size: positiveInt.default(DEFAULT_BATCH_SIZE),
  incremental: incrementalSchema.optional(),
  /** A folder written by `weir ingest --record`: responses are replayed from it instead of the network. */
  recording: z.string().min(1).optional(),
  /** target/lake: keep the newest `keep_batches` loaded batches of this table (default DEFAULT_KEEP_BATCHES). */
  lake: z.object({ keep_batches: positiveInt.optional() }).strict().optional(),
}).strict()
  .refine((v) => (v.http ? 1 : 0) + (v.file ? 1 : 0) === 1, { message: 'an ingest block needs exactly one of http: or file:' })
  .refine((v) => v.write_disposition !== 'merge' || (v.primary_key?.length ?? 0) > 0, {
    message: "write_disposition 'merge' needs a primary_key", path: ['primary_key'],
  })
  .refine((v) => !v.incremental || v.http, { message: 'incremental extraction needs an http source', path: ['incremental'] })
  .refine((v) => !v.on_short_read || v.http, { message: 'on_short_read applies to http sources (an API that states a total)', path: ['on_short_read'] });
export type IngestConfig = z.infer<typeof ingestSchema>;
