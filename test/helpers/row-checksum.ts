import { createHash } from 'node:crypto';

/**
 * An order-independent fingerprint of a table's rows, equal across engines for equal data: numbers
 * (bigint, decimal, double) compared to 10 significant digits, dates and timestamps as ISO text (UTC),
 * columns by lower-cased name.
 */
export function rowChecksum(rows: ReadonlyArray<Readonly<Record<string, unknown>>>): { count: number; checksum: string } {
  const lines = rows.map((row) =>
    Object.keys(row)
      .sort()
      .map((key) => `${key.toLowerCase()}=${normaliseValue(row[key])}`)
      .join('|'),
  );
  lines.sort();
  const hash = createHash('sha256');
  for (const line of lines) hash.update(`${line}\n`);
  return { count: rows.length, checksum: hash.digest('hex').slice(0, 16) };
}

export function normaliseValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(10)));
  if (value instanceof Date) return value.toISOString().replace(/T00:00:00\.000Z$/, '').replace(/\.000Z$/, '');
  if (typeof value === 'string') {
    // Trino shows a timestamp with time zone as `2024-09-08 23:50:04.000 UTC`.
    if (/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}/.test(value)) return value.replace(' ', 'T').replace(/ UTC$/, '').replace(/(\.0+)?(Z|\+00(:00)?)?$/, '');
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
    if (/^-?\d+\.\d+$/.test(value)) return normaliseValue(Number(value));
    return JSON.stringify(value);
  }
  if (typeof value === 'boolean') return String(value);
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
