import { DatabaseError, type SqlPosition } from '../../core/errors.js';
import { redact } from './config.js';

export interface ErrorContext {
  readonly server: string;
  readonly user: string;
  readonly secrets: readonly string[];
}

/** What Trino reports for a failed query (the protocol's `error`), with its query id. */
export interface TrinoFailure {
  readonly message: string;
  readonly errorName?: string | undefined;
  readonly errorType?: string | undefined;
  readonly queryId?: string | undefined;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
}

/**
 * The one place Trino's and the network's errors become weir's: Trino's words first, then its error
 * name and query id (what an administrator looks up in the web UI), then what to do. Every text
 * passes through `redact`.
 */
export function trinoError(f: TrinoFailure, context: ErrorContext, sql?: string, position?: SqlPosition): DatabaseError {
  const where = [f.errorName, f.queryId ? `query ${f.queryId}` : undefined].filter(Boolean).join(', ');
  let message = where ? `${f.message} (${where})` : f.message;
  if (f.line !== undefined && sql) message += `\n${pointAt(sql, f.line, f.column ?? 1)}`;
  const hint = hintFor(f, context);
  return new DatabaseError(redact(message, context.secrets), {
    cause: f,
    ...(hint ? { hint: redact(hint, context.secrets) } : {}),
    ...(sql ? { sql: redact(sql, context.secrets) } : {}),
    ...(position ? { position } : {}),
  });
}

/**
 * A failed EXPLAIN of `sql` placed `lines` lines down its statement: the same error with its
 * position in `sql` given apart (`position`), and neither Trino's `line L:C:` prefix nor the caret
 * in the message, whose lines are the statement's; undefined when Trino said no line in `sql`.
 */
export function positionedIn(error: unknown, sql: string, lines: number, context: ErrorContext): DatabaseError | undefined {
  const f = error instanceof DatabaseError ? (error.cause as TrinoFailure | undefined) : undefined;
  if (f?.line === undefined || f.line <= lines) return undefined;
  const message = f.message.replace(/^line \d+:\d+: /, '');
  return trinoError({ ...f, message, line: undefined, column: undefined }, context, sql, { line: f.line - lines, column: f.column ?? 1 });
}

function hintFor(f: TrinoFailure, c: ErrorContext): string | undefined {
  switch (f.errorName) {
    case 'ECONNREFUSED':
      return `is Trino running at ${c.server}? (scripts/services start trino starts a local cluster) check host, port and http_scheme in the target`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'check the host name in the target';
    case 'HTTP_401':
      return `Trino refused user '${c.user}': check the password or jwt of the target (set it through an environment variable)`;
    case 'USER_CANCELED':
      return 'the run was interrupted (Ctrl-C) or someone cancelled the query in Trino';
    case 'EXCEEDED_GLOBAL_MEMORY_LIMIT':
    case 'EXCEEDED_LOCAL_MEMORY_LIMIT':
      return 'the query needs more memory than the cluster allows (query.max-memory): make it cheaper, or raise the limit';
    case 'SCHEMA_NOT_FOUND':
    case 'CATALOG_NOT_FOUND':
      return 'check catalog and schema in the target';
    case 'INVALID_TABLE_PROPERTY':
      return "check the `properties` config (or file_format / table_format) of the model, seed or snapshot: each value is a SQL literal passed verbatim into WITH (...), e.g. format: \"'PARQUET'\", partitioning: \"ARRAY['day(purchase_date)']\"; SHOW CREATE TABLE on a table of this catalog lists the properties it takes";
    case 'NOT_SUPPORTED':
      return 'the connector of this catalog does not support it: Iceberg supports every materialization weir builds';
    default:
      return undefined;
  }
}

/** Shows line `line` of `sql` with a caret under column `column` (both 1-based). */
function pointAt(sql: string, line: number, column: number): string {
  const text = sql.split('\n')[line - 1];
  if (text === undefined) return '';
  return `at line ${line} of the statement:\n  ${text}\n  ${' '.repeat(Math.max(0, column - 1))}^`;
}
