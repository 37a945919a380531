import { WeirError } from '../core/errors.js';

/**
 * The one wording, on every engine, for a seed row that does not fit its file's header: file,
 * line, what is wrong and what to do.
 */
export function csvRowError(path: string, line: number, problem: string, hint: string): WeirError {
  return new WeirError(`${path}, line ${line}: ${problem}`, { hint });
}

/**
 * A row with more fields than the header. dbt's seeds (agate) refuse it too; a row with fewer
 * fields is loaded with nulls for the missing ones, as dbt does, so only this one is an error.
 */
export function tooManyFieldsError(path: string, line: number, expected: number, found: number): WeirError {
  return csvRowError(path, line, `expected ${expected} columns (as in the header), found ${found}`, TOO_MANY_FIELDS_HINT);
}

const TOO_MANY_FIELDS_HINT = 'a row may have fewer fields than the header (the missing ones load as null, as in dbt) but not more: remove the extra fields, or quote a field that contains the delimiter';
export const COLUMN_TYPE_HINT = "the value does not fit the column's type (inferred from the first rows, or set in column_types): fix the value, or set column_types for that column in the seed's properties";
