import { WeirError } from '../core/errors.js';
import { didYouMean } from '../core/closest.js';
import { toJson } from '../core/json.js';

export interface QueryTable {
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<Readonly<Record<string, unknown>>>;
}

/** Where an analysis is declared, for messages. */
export interface AnalysisOrigin {
  readonly name: string;
  readonly sqlFile: string;
  readonly ymlFile: string | undefined;
}

/** The query's column matching `name` (exactly, else ignoring case), or a WeirError naming the file. */
export function findColumn(table: QueryTable, name: string, origin: AnalysisOrigin, key: string): string {
  const found = table.columns.find((c) => c === name) ?? table.columns.find((c) => c.toLowerCase() === name.toLowerCase());
  if (found) return found;
  const close = didYouMean(name, table.columns);
  throw new WeirError(`analysis '${origin.name}': ${key} '${name}' is not a column of its query (${origin.sqlFile})`, {
    hint: `${close ? `${close} ` : ''}the query returns: ${table.columns.join(', ') || '(no columns)'}; fix ${key} in ${origin.ymlFile ?? 'its yml'}`,
  });
}

/**
 * A column's values as numbers, null where missing (SQL null, NaN, infinite). Engines hand back
 * numbers, bigints or decimal strings (Postgres numeric); anything else is a mistake worth naming.
 */
export function numericValues(table: QueryTable, column: string, origin: AnalysisOrigin): Array<number | null> {
  return table.rows.map((row, index) => {
    const value = row[column];
    if (value === null || value === undefined) return null;
    if (typeof value === 'number') return Number.isFinite(value) ? value : null;
    if (typeof value === 'bigint') return Number(value);
    if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) {
      const n = Number(value);
      return Number.isFinite(n) ? n : null;
    }
    throw new WeirError(`analysis '${origin.name}': column '${column}' must be numeric, but row ${index + 1} holds ${JSON.stringify(String(value))}`, {
      hint: `cast it in ${origin.sqlFile} (cast(${column} as double)), or analyse another column`,
    });
  });
}

/** A column's values as group labels, null where missing. */
export function labelValues(table: QueryTable, column: string): Array<string | null> {
  return table.rows.map((row) => {
    const value = row[column];
    if (value === null || value === undefined) return null;
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return typeof value === 'object' ? toJson(value) : String(value);
  });
}

/** Keeps the rows where every array has a value; says how many were dropped. */
export function completeRows<T extends ReadonlyArray<ReadonlyArray<unknown>>>(...columns: T): { kept: { [K in keyof T]: Array<NonNullable<T[K][number]>> }; dropped: number } {
  const length = columns[0]?.length ?? 0;
  const kept = columns.map(() => [] as unknown[]);
  let dropped = 0;
  for (let row = 0; row < length; row++) {
    if (columns.some((c) => c[row] === null || c[row] === undefined)) {
      dropped++;
      continue;
    }
    columns.forEach((c, i) => kept[i]!.push(c[row]));
  }
  return { kept: kept as never, dropped };
}
