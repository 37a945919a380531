import { z } from 'zod';

/**
 * A Trino target in project.yml. `password` (basic auth) and `jwt` (a bearer token) are secrets:
 * they come from env_var(), travel only over https, and never appear in logs. Zod only: loading
 * this file must not load the driver.
 */
export const trinoTargetSchema = z
  .object({
    type: z.literal('trino'),
    host: z.string().min(1).default('127.0.0.1'),
    port: z.coerce.number().int().positive().max(65535).default(8080),
    http_scheme: z.enum(['http', 'https']).default('http'),
    user: z.string().min(1).default('weir'),
    password: z.string().optional(),
    jwt: z.string().optional(),
    /** The Trino catalog models land in (Iceberg by default: the connector with MERGE and renames). */
    catalog: z.string().min(1).default('iceberg'),
    schema: z.string().min(1),
    threads: z.number().int().positive().optional(),
    /** Trino session properties for every query (`query_max_run_time: 10m`, `iceberg.compression_codec: ZSTD`). */
    session_properties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    /** Rows per INSERT when loading seeds, CSV files and API records (Trino has no COPY). */
    insert_batch_rows: z.number().int().positive().max(100_000).default(5000),
    /**
     * Seeds and file loads through a staged file instead of INSERT batches: `path` is a folder weir
     * writes, `location` the same folder as every Trino node reads it, `catalog` a Hive catalog whose
     * file system reaches it (scripts/services sets one up for the local cluster).
     */
    staging: z.object({
      path: z.string().min(1),
      location: z.string().min(1),
      catalog: z.string().min(1).default('hive'),
      schema: z.string().min(1).default('weir_staging'),
    }).strict().optional(),
    /** Roles per catalog (`{system: analyst}`), sent as dbt-trino sends them (X-Trino-Role). */
    roles: z.record(z.string(), z.string()).optional(),
    /** TLS: false skips certificate checks, a path names a CA bundle (relative to the project). */
    cert: z.union([z.boolean(), z.string().min(1)]).optional(),
    timezone: z.string().min(1).optional(),
    client_tags: z.array(z.string()).optional(),
    /** Extra HTTP headers; their values are treated as secrets (they often carry tokens). */
    http_headers: z.record(z.string(), z.string()).optional(),
  })
  .strict()
  .refine((c) => (c.password === undefined && c.jwt === undefined) || c.http_scheme === 'https', {
    message: 'Trino accepts a password or a jwt only over https: set http_scheme: https (the server must have TLS)',
    path: ['http_scheme'],
  })
  .refine((c) => c.password === undefined || c.jwt === undefined, { message: 'give either password or jwt, not both', path: ['jwt'] });
export type TrinoTarget = z.infer<typeof trinoTargetSchema>;

/** Removes every secret from a text (messages, SQL) before it is shown or written. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length > 0) out = out.split(secret).join('***');
  return out;
}

/** The secrets of a target in every encoding they could be echoed in (as given, URL- and base64-encoded). */
export function targetSecrets(config: TrinoTarget): string[] {
  const out: string[] = [];
  for (const secret of [config.password, config.jwt, ...Object.values(config.http_headers ?? {})]) {
    if (!secret) continue;
    out.push(secret, encodeURIComponent(secret));
  }
  if (config.password) out.push(Buffer.from(`${config.user}:${config.password}`).toString('base64'));
  return out;
}

/** The headers dbt-trino sends for roles, time zone and client tags (`ALL`/`NONE` as written, else `ROLE{name}`). */
export function trinoHeaders(config: TrinoTarget): Record<string, string> {
  const headers: Record<string, string> = { ...config.http_headers };
  if (config.roles && Object.keys(config.roles).length > 0) {
    headers['X-Trino-Role'] = Object.entries(config.roles)
      .map(([catalog, role]) => `${catalog}=${encodeURIComponent(/^(ALL|NONE|ROLE\{.*\})$/.test(role) ? role : `ROLE{${role}}`)}`).join(',');
  }
  if (config.timezone) headers['X-Trino-Time-Zone'] = config.timezone;
  if (config.client_tags?.length) headers['X-Trino-Client-Tags'] = config.client_tags.join(',');
  return headers;
}
