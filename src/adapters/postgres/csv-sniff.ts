import { open } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';

/** Rows sampled to infer column types, as many as DuckDB's CSV sniffer reads by default. */
export const SAMPLE_ROWS = 20_480;
const SAMPLE_BYTES = 4 * 1024 * 1024;

export interface SniffedCsv {
  readonly columns: ReadonlyArray<{ readonly name: string; readonly type: string }>;
}

/**
 * Reads the header and the first rows of a CSV file (never the whole file) and infers a PostgreSQL
 * type per column the way DuckDB's reader does: boolean, bigint, double precision, date, timestamp,
 * else text. Empty fields are nulls and say nothing about the type. `columnTypes` overrides.
 */
export async function sniffCsv(path: string, delimiter: string, columnTypes: Readonly<Record<string, string>>): Promise<SniffedCsv> {
  const text = await readHead(path);
  const records = parseSample(text, delimiter);
  const header = records[0];
  if (!header || header.length === 0 || header.every((h) => h.trim() === '')) {
    throw new Error(`${path} is empty: a seed needs a header row naming its columns`);
  }
  const overrides = new Map(Object.entries(columnTypes).map(([k, v]) => [k.toLowerCase(), v]));
  const rows = records.slice(1);
  return {
    columns: header.map((name, i) => ({
      name,
      type: overrides.get(name.toLowerCase()) ?? inferType(rows.map((r) => r[i] ?? '')),
    })),
  };
}

async function readHead(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    const size = (await handle.stat()).size;
    let text = buffer.subarray(0, bytesRead).toString('utf8');
    if (bytesRead < size) text = text.slice(0, text.lastIndexOf('\n') + 1); // whole lines only
    // Parse only as many lines as the sample needs (a few more, for fields spanning lines).
    let end = 0;
    for (let line = 0; line <= SAMPLE_ROWS + 64 && end !== -1; line++) end = text.indexOf('\n', end + 1);
    if (end !== -1) text = text.slice(0, end + 1);
    return text.replace(/^\uFEFF/, '');
  } finally {
    await handle.close();
  }
}

function parseSample(text: string, delimiter: string): string[][] {
  const options = { delimiter, relax_column_count: true, skip_empty_lines: true, to: SAMPLE_ROWS + 1 } as const;
  try {
    return parse(text, options) as string[][];
  } catch (error) {
    // A cut through a quoted field that spans lines: retry without the last lines of the sample.
    const shorter = text.slice(0, text.lastIndexOf('\n', text.length - 2) + 1);
    if (shorter.length === 0 || shorter.length === text.length) throw error;
    return parseSample(shorter, delimiter);
  }
}

const CHECKS: ReadonlyArray<readonly [string, RegExp]> = [
  ['boolean', /^(true|false)$/i],
  ['bigint', /^[+-]?\d{1,18}$/],
  ['double precision', /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/],
  ['date', /^\d{4}-\d{2}-\d{2}$/],
  ['timestamp', /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/],
];

/** The narrowest type every non-empty value fits, in DuckDB's order of preference. */
export function inferType(values: readonly string[]): string {
  const present = values.filter((v) => v !== '');
  if (present.length === 0) return 'text';
  for (const [type, pattern] of CHECKS) if (present.every((v) => pattern.test(v))) return type;
  return 'text';
}
