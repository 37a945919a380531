import { z } from 'zod';

/**
 * A PostgreSQL target in project.yml: either `url` (postgres://user:password@host:port/database)
 * or host/port/user/password/database. `password` and the password inside `url` are secrets: they
 * come from env_var() and never appear in logs (see `describeConnection`). Zod only: loading this
 * file must not load the driver.
 */
export const postgresTargetSchema = z
  .object({
    type: z.literal('postgres'),
    url: z.string().min(1).optional(),
    host: z.string().min(1).optional(),
    port: z.coerce.number().int().positive().max(65535).optional(),
    user: z.string().min(1).optional(),
    password: z.string().optional(),
    database: z.string().min(1).optional(),
    schema: z.string().min(1).default('public'),
    threads: z.number().int().positive().optional(),
    /** Longest a single statement may run, in milliseconds or with a unit ('30s', '5min'); 0 = no limit. */
    statement_timeout: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+\s*(ms|s|min|h)?$/, "a duration such as 30000, '30s' or '5min'")]).optional(),
    /** Seconds to wait for a connection before giving up. */
    connect_timeout: z.coerce.number().int().positive().default(10),
    /** Seconds a build waits for another weir build on the same schema to finish (0: stop at once). */
    lock_timeout: z.coerce.number().int().nonnegative().default(0),
    /**
     * `require` turns TLS on (certificates not verified); `verify-ca` checks the certificate,
     * `verify-full` also the host name; `disable` (default). libpq's `allow` and `prefer` (dbt's
     * default) connect without TLS: node-postgres cannot fall back from one to the other.
     */
    sslmode: z.enum(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full']).default('disable'),
    /** Seconds of idleness before TCP keepalives start (dbt's keepalives_idle; 0: the system default). */
    keepalives_idle: z.coerce.number().int().nonnegative().optional(),
    /** The session's search_path (as dbt-postgres's `search_path`). */
    search_path: z.string().min(1).optional(),
    /** A role to SET after connecting (as dbt-postgres's `role`). */
    role: z.string().min(1).optional(),
  })
  .strict()
  .refine((c) => c.url !== undefined || c.host !== undefined, {
    message: "a postgres target needs a url (url: \"{{ env_var('WEIR_PG_URL') }}\") or a host",
    path: ['url'],
  });
export type PostgresTarget = z.infer<typeof postgresTargetSchema>;

/** `statement_timeout` in milliseconds. */
export function statementTimeoutMs(value: PostgresTarget['statement_timeout']): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  const match = /^(\d+)\s*(ms|s|min|h)?$/.exec(value)!;
  const unit = { ms: 1, s: 1000, min: 60_000, h: 3_600_000 }[match[2] ?? 'ms']!;
  return Number(match[1]) * unit;
}

/** The database a target connects to: `database`, else the url's, else the user's name (as libpq). */
export function postgresDatabase(config: PostgresTarget): string {
  if (config.database) return config.database;
  try {
    const url = config.url ? new URL(config.url) : undefined;
    const fromUrl = url ? decodeURIComponent(url.pathname.replace(/^\//, '')) : '';
    return fromUrl || config.user || (url?.username ? decodeURIComponent(url.username) : '') || 'postgres';
  } catch {
    return config.user ?? 'postgres';
  }
}
