import { DatabaseError } from '../../core/errors.js';
import { redact } from './connection.js';

export interface ErrorContext {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  readonly schema: string;
  readonly secrets: readonly string[];
  readonly sql?: string | undefined;
  /** The statement_timeout in force, in milliseconds. */
  readonly statementTimeout?: number | undefined;
}

interface PgLikeError {
  message?: string;
  code?: string;
  position?: string;
  detail?: string;
  hint?: string;
  where?: string;
  errors?: unknown[];
}

/**
 * The one place PostgreSQL's and the network's errors become weir's: the server's words first (people
 * search for them), then what to do. Every text passes through `redact`, so no password is ever shown.
 */
export function postgresError(error: unknown, context: ErrorContext): DatabaseError {
  const e = (error ?? {}) as PgLikeError;
  const raw = e.message || (e.errors?.map((x) => (x as Error).message).join('; ') ?? String(error));
  const where = `${context.host}:${context.port}`;
  const known = explain(e.code, raw, context, where);
  let message = known?.message ?? raw;
  if (!known && e.position && context.sql) message += `\n${pointAt(context.sql, Number(e.position))}`;
  if (e.where && /^COPY /.test(e.where)) message += `\nwhere: ${e.where}`;
  if (e.detail) message += `\ndetail: ${e.detail}`;
  const copyHint = e.where?.startsWith('COPY ') && e.code?.startsWith('22')
    ? 'the file does not fit the column types (inferred from its first rows, or set in column_types): fix the value, or set column_types for that column in the seed\'s properties'
    : undefined;
  const hint = known?.hint ?? e.hint ?? copyHint;
  return new DatabaseError(redact(message, context.secrets), {
    cause: error,
    ...(hint ? { hint: redact(hint, context.secrets) } : {}),
    ...(context.sql ? { sql: redact(context.sql, context.secrets) } : {}),
  });
}

function explain(code: string | undefined, raw: string, c: ErrorContext, where: string): { message: string; hint: string } | undefined {
  switch (code) {
    case 'ECONNREFUSED':
      return { message: `Could not connect to PostgreSQL at ${where}: connection refused.`,
        hint: `is the server running and listening on ${where}? check host and port in the target (or WEIR_PG_URL)` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { message: `Could not connect to PostgreSQL: host '${c.host}' not found.`, hint: 'check the host name in the target (or WEIR_PG_URL)' };
    case 'ETIMEDOUT':
      return { message: `Could not connect to PostgreSQL at ${where}: timed out.`, hint: 'check host, port and firewall, or raise connect_timeout' };
    case '28P01':
    case '28000':
      return { message: `PostgreSQL refused user '${c.user}' on database '${c.database}': ${raw}.`,
        hint: `check the user and password of the target (set the password through an environment variable, e.g. WEIR_PG_URL or password: "{{ env_var('PGPASSWORD') }}")` };
    case '3D000':
      return { message: `Database '${c.database}' does not exist on ${where}.`,
        hint: `create it (createdb -h ${c.host} -p ${c.port} -U ${c.user} ${c.database}) or fix the database in the target` };
    case '42501':
      return { message: `Permission denied for user '${c.user}': ${raw}.`,
        hint: `grant the user what weir needs: GRANT CREATE ON DATABASE ${c.database} TO ${c.user}; and USAGE, CREATE on schema ${c.schema}, or pick a schema the user owns` };
    case '57014':
      if (/statement timeout/i.test(raw)) {
        const limit = c.statementTimeout !== undefined ? ` (${c.statementTimeout / 1000}s)` : '';
        return { message: `The statement ran longer than the target's statement_timeout${limit} and PostgreSQL cancelled it.`,
          hint: 'make the query cheaper, or raise statement_timeout in the target (0 = no limit)' };
      }
      return { message: `The statement was cancelled: ${raw}.`, hint: 'the run was interrupted (Ctrl-C) or an administrator cancelled the query' };
    case '57P01':
      return { message: `PostgreSQL ended the connection: ${raw}.`, hint: 'the server restarted or an administrator terminated the session; run again' };
    case '53300':
      return { message: `PostgreSQL has no free connection slots: ${raw}.`, hint: 'lower --threads or raise max_connections on the server' };
    default:
      if (code === undefined && /timeout expired|Connection terminated due to connection timeout/i.test(raw)) {
        return { message: `Could not connect to PostgreSQL at ${where}: no answer within connect_timeout.`, hint: 'check host, port and firewall, or raise connect_timeout' };
      }
      return undefined;
  }
}

/** Shows the line of `sql` holding 1-based character `position`, with a caret under it. */
export function pointAt(sql: string, position: number): string {
  if (!Number.isFinite(position) || position < 1) return '';
  const before = sql.slice(0, position - 1);
  const lineNumber = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = sql.indexOf('\n', lineStart);
  const line = sql.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
  return `at line ${lineNumber} of the statement:\n  ${line}\n  ${' '.repeat(position - 1 - lineStart)}^`;
}
