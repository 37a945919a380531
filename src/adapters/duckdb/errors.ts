import { DatabaseError } from '../../core/errors.js';

/**
 * The one place DuckDB's messages become weir's: keep the engine's words (people search for them)
 * and add what to do when we know it.
 */
export function duckdbError(error: unknown, context: { path?: string; sql?: string } = {}): DatabaseError {
  const message = error instanceof Error ? error.message : String(error);
  const lock = /Could not set lock on file "([^"]+)": Conflicting lock is held in (.+?) \(PID (\d+)\)/.exec(message);
  if (lock) {
    return new DatabaseError(
      `The DuckDB file ${lock[1]} is locked by another process (${lock[2]}, PID ${lock[3]}).`,
      {
        cause: error,
        hint: `DuckDB allows one writer at a time: close the other program (a DuckDB shell, a notebook, another weir run; PID ${lock[3]}) and run again, or point the target's path at another file`,
      },
    );
  }
  const firstLine = message.split('\n')[0] ?? message;
  const rest = message.slice(firstLine.length).trim();
  return new DatabaseError(rest ? `${firstLine}\n${rest}` : firstLine, {
    cause: error,
    ...(context.sql ? { sql: context.sql } : {}),
  });
}
