import { WeirError } from '../core/errors.js';

/**
 * The one wording, on every engine, for a seed row that does not fit its file's header: file,
 * line, and the columns expected against those found.
 */
export function csvRowError(path: string, line: number, problem: string, hint = COLUMN_COUNT_HINT): WeirError {
  return new WeirError(`${path}, line ${line}: ${problem}`, { hint });
}

const COLUMN_COUNT_HINT = 'every row of a seed needs one field per header column: add the missing fields (empty for null), or quote a field that contains the delimiter';
export const COLUMN_TYPE_HINT = "the value does not fit the column's type (inferred from the first rows, or set in column_types): fix the value, or set column_types for that column in the seed's properties";

export function columnCountProblem(expected: number, found: number): string {
  return `expected ${expected} columns (as in the header), found ${found}`;
}
