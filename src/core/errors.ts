/**
 * The few error classes weir throws. User mistakes in files are diagnostics (see diagnostics.ts);
 * these are for the rest: bad usage, a database that says no, anything unexpected.
 */
export interface WeirErrorOptions {
  hint?: string;
  cause?: unknown;
}

export class WeirError extends Error {
  readonly hint: string | undefined;
  constructor(message: string, options: WeirErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WeirError';
    this.hint = options.hint;
  }
}

/** Bad command-line usage or configuration outside the project files: exit code 2. */
export class UsageError extends WeirError {
  constructor(message: string, options: WeirErrorOptions = {}) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/** A database refused a statement or a connection; `message` is already made helpful by the adapter. */
/** Where in a statement an engine located an error (1-based line and column). */
export interface SqlPosition {
  readonly line: number;
  readonly column: number;
}

export class DatabaseError extends WeirError {
  readonly sql: string | undefined;
  /** In `sql`, when the engine said where and the message leaves it to the reader to show (see validate-inline.ts). */
  readonly position: SqlPosition | undefined;
  constructor(message: string, options: WeirErrorOptions & { sql?: string; position?: SqlPosition } = {}) {
    super(message, options);
    this.name = 'DatabaseError';
    this.sql = options.sql;
    this.position = options.position;
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Stops a node between statements once the run is interrupted (Ctrl-C, SIGTERM); its transaction rolls back. */
export function throwIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new WeirError('The run was interrupted before this statement; nothing of this node was kept.');
}
