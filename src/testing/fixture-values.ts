import { createRequire } from 'node:module';
import type { FixtureRow } from './unit-test-spec.js';
import { toJson } from '../core/json.js';

/**
 * Turning fixture rows into typed SQL: a type per column inferred from the values (when the
 * upstream does not say), and each value as a literal cast to its column's type. Types are
 * DuckDB's, since unit tests run on an in-memory DuckDB.
 */
export function inferType(values: readonly unknown[], textual: boolean): string {
  const present = values.filter((v) => !isNull(v, textual));
  if (present.length === 0) return 'VARCHAR';
  const all = (test: (v: unknown) => boolean) => present.every(test);
  const text = (pattern: RegExp) => (v: unknown) => typeof v === 'string' && pattern.test(v.trim());
  const integer = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v)) || (textual && text(/^[-+]?\d{1,18}$/)(v));
  const decimal = (v: unknown) => typeof v === 'number' || (textual && text(/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/)(v));
  if (all((v) => typeof v === 'boolean' || (textual && text(/^(true|false)$/i)(v)))) return 'BOOLEAN';
  if (all(integer)) return present.every((v) => Math.abs(Number(v)) <= 2147483647) ? 'INTEGER' : 'BIGINT';
  if (all(decimal)) {
    if (present.some((v) => /e/i.test(String(v)))) return 'DOUBLE';
    const scale = Math.max(...present.map((v) => (String(v).split('.')[1] ?? '').length));
    return `DECIMAL(18,${Math.min(scale, 17)})`;
  }
  if (all(text(/^\d{4}-\d{2}-\d{2}$/))) return 'DATE';
  if (all(text(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/))) return 'TIMESTAMP';
  if (all(text(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/))) return 'TIMESTAMP WITH TIME ZONE';
  if (all((v) => typeof v === 'object')) return 'JSON';
  return 'VARCHAR';
}

/** CSV cells are text: an empty cell is null, as in dbt's CSV fixtures. */
export function isNull(value: unknown, textual: boolean): boolean {
  return value === null || value === undefined || (textual && value === '');
}

/** A value as a SQL literal cast to `type`. */
export function literal(value: unknown, type: string, textual: boolean, quote: (text: string) => string): string {
  if (isNull(value, textual)) return `cast(null as ${type})`;
  const text = typeof value === 'object' ? toJson(value) : String(value);
  return `cast(${quote(text)} as ${type})`;
}

/** The column names rows use, in the order they first appear. */
export function columnsOfRows(rows: readonly FixtureRow[]): string[] {
  const seen = new Map<string, string>();
  for (const row of rows) for (const key of Object.keys(row)) if (!seen.has(key.toLowerCase())) seen.set(key.toLowerCase(), key);
  return [...seen.values()];
}

/** A value of a row by column name, ignoring case (SQL names are case-insensitive). */
export function valueOf(row: FixtureRow, column: string): unknown {
  if (column in row) return row[column];
  const key = Object.keys(row).find((k) => k.toLowerCase() === column.toLowerCase());
  return key === undefined ? null : row[key];
}

/** `format: csv` rows: a header line, then one line per row. */
export function parseCsvRows(text: string): FixtureRow[] {
  // Loaded on use (CommonJS, so synchronously): compiling a project without unit tests needs no CSV parser.
  const { parse } = createRequire(import.meta.url)('csv-parse/sync') as typeof import('csv-parse/sync');
  return parse(text.trim(), { columns: true, skip_empty_lines: true, trim: true }) as FixtureRow[];
}
