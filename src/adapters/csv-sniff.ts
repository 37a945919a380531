import { open } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';

/** Rows sampled to infer column types, as many as DuckDB's CSV sniffer reads by default. */
export const SAMPLE_ROWS = 20_480;
const SAMPLE_BYTES = 4 * 1024 * 1024;
const STEP_BYTES = 256 * 1024;

/** Node's name for an ingest block's `encoding` (utf-8, latin-1, utf-16). */
export function nodeEncoding(encoding: string): BufferEncoding {
  const e = encoding.toLowerCase().replace('-', '');
  return e === 'latin1' ? 'latin1' : e === 'utf16' ? 'utf16le' : 'utf8';
}

export interface SniffedCsv {
  readonly columns: ReadonlyArray<{ readonly name: string; readonly type: string }>;
  /**
   * Only with `integers: 'integer'` (dbt's seeds): the sample holds values that dbt's seeds (agate) read
   * otherwise than a plain CSV load: a quote inside an unquoted field (literal), `null` or blanks (null),
   * spaces around a number, date or boolean (trimmed). Such a file is loaded through `agateRow`.
   */
  readonly agate?: { readonly trim: readonly boolean[] } | undefined;
}

/**
 * Reads the header and the first rows of a CSV file (never the whole file) and infers a PostgreSQL
 * type per column the way DuckDB's reader does: boolean, bigint, double precision, date, timestamp,
 * else text. Empty fields are nulls and say nothing about the type. `columnTypes` overrides.
 */
export interface SniffOptions {
  /** Node's name of the file's encoding (utf8 by default). */
  readonly encoding?: BufferEncoding | undefined;
  readonly quote?: string | undefined;
  readonly escape?: string | undefined;
  /** false: the first row is data and the columns are named column0, column1, ... as DuckDB names them. */
  readonly header?: boolean | undefined;
  /** 'integer': whole numbers that fit 32 bits are integer (dbt's seeds), else bigint. */
  readonly integers?: 'integer' | undefined;
}

export async function sniffCsv(path: string, delimiter: string, columnTypes: Readonly<Record<string, string>>, options: SniffOptions = {}): Promise<SniffedCsv> {
  const text = await readHead(path, options.encoding ?? 'utf8');
  let header: string[] | undefined;
  let fits: TypeFit[] = [];
  let records = 0;
  const agate = options.integers === 'integer';
  const add = agate ? addAgateValue : addValue;
  // Each row narrows the column types and is dropped: nothing of the sample is kept (less GC).
  const relaxedQuotes = eachSampleRecord(text.text, delimiter, options, (record) => {
    records++;
    if (!header) {
      header = options.header === false ? record.map((_v, i) => `column${i}`) : record;
      fits = record.map(newFit);
      if (options.header === false) for (let i = 0; i < fits.length; i++) add(fits[i]!, record[i] ?? '');
    } else {
      for (let i = 0; i < fits.length; i++) add(fits[i]!, record[i] ?? '');
    }
  });
  if (!header || header.length === 0 || header.every((h) => h.trim() === '')) {
    throw new Error(`${path} is empty: a seed needs a header row naming its columns`);
  }
  const overrides = new Map(Object.entries(columnTypes).map(([k, v]) => [k.toLowerCase(), v]));
  // dbt's seeds (agate) try integer first, so a column with no value at all is integer; only when
  // the sample was the whole file, since a later value could be anything.
  const wholeFile = text.whole && records <= SAMPLE_ROWS;
  const typeOf = (fit: TypeFit) => {
    if (options.integers === 'integer' && !fit.present && wholeFile) return 'integer';
    const type = fitType(fit);
    // agate (dbt's seeds) reads a datetime only as strptime's '%Y-%m-%d %H:%M:%S' or ISO 8601 with a T.
    if (type === 'timestamp' && options.integers === 'integer' && !fit.agateDatetime) return 'text';
    return type === 'bigint' && options.integers === 'integer' && fit.int32 ? 'integer' : type;
  };
  const columns = header.map((name, i) => ({ name, type: overrides.get(name.toLowerCase()) ?? typeOf(fits[i]!) }));
  if (!agate) return { columns };
  // agate trims the values of the columns it types (a column with a column_types entry is read as text).
  const trim = header.map((name, i) => !overrides.has(name.toLowerCase()) && typeOf(fits[i]!) !== 'text');
  const rewrite = relaxedQuotes || fits.some((f, i) => f.nullish || (f.padded && trim[i]));
  return { columns, ...(rewrite ? { agate: { trim } } : {}) };
}

/** A field as dbt's seeds (agate) read it: `null` (any case) and blanks are null; typed columns are trimmed. */
export function agateField(value: string, trim: boolean): string | null {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.toLowerCase() === 'null') return null;
  return trim ? trimmed : value;
}

/**
 * The first lines of the file (as many as the sample needs, a few more for fields spanning lines),
 * read in steps and cut at a line end, so a wide file costs at most SAMPLE_BYTES.
 */
async function readHead(path: string, encoding: BufferEncoding): Promise<{ text: string; whole: boolean }> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(SAMPLE_BYTES);
    let filled = 0;
    let end = -1; // the byte after the last whole line seen
    let lines = 0;
    while (filled < SAMPLE_BYTES && lines <= SAMPLE_ROWS + 64) {
      const { bytesRead } = await handle.read(buffer, filled, Math.min(STEP_BYTES, SAMPLE_BYTES - filled), filled);
      if (bytesRead === 0) {
        end = filled; // the whole file
        break;
      }
      filled += bytesRead;
      const read = buffer.subarray(0, filled);
      for (let at = read.indexOf(10, end + 1); at !== -1 && lines <= SAMPLE_ROWS + 64; at = read.indexOf(10, at + 1)) {
        end = at;
        lines++;
      }
    }
    // UTF-16 has a zero byte after each '\n': keep whole code units.
    const cut = end === filled ? filled : end + (encoding === 'utf16le' ? 2 : 1);
    return { text: buffer.subarray(0, cut).toString(encoding).replace(/^\uFEFF/, ''), whole: end === filled };
  } finally {
    await handle.close();
  }
}

/**
 * Calls `each` with the header and then up to SAMPLE_ROWS records of the sample. True when a quote
 * inside an unquoted field was read as a literal character (as Python's csv, so agate, reads it).
 */
function eachSampleRecord(text: string, delimiter: string, options: SniffOptions, each: (record: string[]) => void): boolean {
  if (text.includes(options.quote ?? '"')) {
    let relaxed = false;
    let records: string[][];
    try {
      records = parseSample(text, delimiter, options, false);
    } catch (error) {
      if ((error as { code?: string }).code !== 'INVALID_OPENING_QUOTE') throw error;
      records = parseSample(text, delimiter, options, true);
      relaxed = true;
    }
    for (const record of records) each(record);
    return relaxed;
  }
  // Without a quote character the sample is plain lines of fields: split them directly, several
  // times faster than the full parser (the sniff runs before the load can start).
  let seen = 0;
  for (let start = 0; start < text.length && seen <= SAMPLE_ROWS;) {
    const newline = text.indexOf('\n', start);
    const stop = newline === -1 ? text.length : newline;
    const line = text.slice(start, text.charCodeAt(stop - 1) === 13 ? stop - 1 : stop);
    start = stop + 1;
    if (line === '') continue;
    each(line.split(delimiter));
    seen++;
  }
  return false;
}

function parseSample(text: string, delimiter: string, csv: SniffOptions, relaxQuotes: boolean): string[][] {
  const quote = csv.quote ?? '"';
  const options = { delimiter, quote, escape: csv.escape ?? quote, relax_column_count: true, relax_quotes: relaxQuotes, skip_empty_lines: true, to: SAMPLE_ROWS + 1 } as const;
  try {
    return parse(text, options) as string[][];
  } catch (error) {
    // A quote inside an unquoted field: the caller decides whether to read it as a literal.
    if ((error as { code?: string }).code === 'INVALID_OPENING_QUOTE') throw error;
    // A cut through a quoted field that spans lines: retry without the last lines of the sample.
    const shorter = text.slice(0, text.lastIndexOf('\n', text.length - 2) + 1);
    if (shorter.length === 0 || shorter.length === text.length) throw error;
    return parseSample(shorter, delimiter, csv, relaxQuotes);
  }
}

const CHECKS: ReadonlyArray<readonly [string, RegExp]> = [
  ['boolean', /^(true|false)$/i],
  ['bigint', /^[+-]?\d{1,18}$/],
  ['double precision', /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/],
  ['date', /^\d{4}-\d{2}-\d{2}$/],
  // A one-digit hour (2020-01-01 9:05:00) too: dbt's seeds (agate, strptime's %H) and DuckDB read it as a timestamp.
  ['timestamp', /^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/],
];

/** strptime's '%Y-%m-%d %H:%M:%S' (no fraction), or ISO 8601 with a T (isodate): agate's datetimes. */
const AGATE_DATETIME = /^\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{1,2}:\d{1,2}$|^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}([.,]\d+)?)?$/;

/** What the non-empty values seen so far of one column fit: the types still possible. */
interface TypeFit {
  readonly possible: boolean[];
  present: boolean;
  /** A value agate reads as null though it is not empty (`null`, blanks). */
  nullish?: boolean;
  /** A value with spaces around it. */
  padded?: boolean;
  /** Every value seen is a datetime as dbt's seeds (agate) read one. */
  agateDatetime: boolean;
  /** Every value seen is a whole number within PostgreSQL's integer range. */
  int32: boolean;
}

const newFit = (): TypeFit => ({ possible: CHECKS.map(() => true), present: false, int32: true, agateDatetime: true });
const INT32 = /^[+-]?\d{1,10}$/;

/** Narrows `fit` by one value, tested only against the types still possible. */
function addValue(fit: TypeFit, value: string): void {
  if (value === '') return;
  fit.present = true;
  if (fit.int32 && !(INT32.test(value) && Number(value) >= -2147483648 && Number(value) <= 2147483647)) fit.int32 = false;
  if (fit.agateDatetime && !AGATE_DATETIME.test(value)) fit.agateDatetime = false;
  for (let i = 0; i < CHECKS.length; i++) if (fit.possible[i] && !CHECKS[i]![1].test(value)) fit.possible[i] = false;
}

/** Narrows `fit` by one value as agate reads it (agateField), noting what a plain CSV load reads otherwise. */
function addAgateValue(fit: TypeFit, value: string): void {
  const field = agateField(value, true);
  if (field === null && value !== '') fit.nullish = true;
  if (field !== null && field !== value) fit.padded = true;
  addValue(fit, field ?? '');
}

/** The narrowest type every value fits, in DuckDB's order of preference; text when none was seen. */
function fitType(fit: TypeFit): string {
  const first = fit.present ? fit.possible.indexOf(true) : -1;
  return first === -1 ? 'text' : CHECKS[first]![0];
}

/** The narrowest type every non-empty value fits. */
export function inferType(values: readonly string[]): string {
  const fit = newFit();
  for (const value of values) addValue(fit, value);
  return fitType(fit);
}
