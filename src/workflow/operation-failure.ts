import { OperationError } from '../compile/index.js';
import { DatabaseError, WeirError } from '../core/errors.js';

/** A failed macro or hook as one error with exit code 1 (a database refusal too: it is the macro's SQL). */
export function operationFailure(error: unknown, what: string, where?: string): WeirError {
  if (error instanceof OperationError) {
    const d = error.diagnostic;
    const place = d.file ? ` (${d.file}${d.line ? `:${d.line}` : ''})` : '';
    return new WeirError(`${what}${place} failed: ${d.message}`, d.hint ? { hint: d.hint } : {});
  }
  const place = where ? ` (${where})` : '';
  if (error instanceof DatabaseError) return new WeirError(`${what}${place} failed: the database refused its SQL: ${error.message}`);
  return new WeirError(`${what}${place} failed: ${error instanceof Error ? error.message : String(error)}`, error instanceof WeirError && error.hint ? { hint: error.hint } : {});
}
