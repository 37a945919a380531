import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { tooManyFieldsError } from './csv-errors.js';
import { agateField, type SniffedCsv } from './csv-sniff.js';

/**
 * A seed's data rows, streamed from disk (never the whole file in memory) and read as dbt's seeds
 * (agate) read them: a row with fewer fields than the header is padded with nulls, one with more
 * fails naming the file and line. Empty lines are skipped and an empty field is null, as DuckDB's
 * reader loads them; with `agate`, each field is read as agate reads it (agateField).
 */
export async function* seedRows(absolutePath: string, delimiter: string, width: number, shownPath: string, agate?: SniffedCsv['agate']): AsyncGenerator<Array<string | null>> {
  const input = createReadStream(absolutePath, { highWaterMark: 1024 * 1024 });
  // A quote inside an unquoted field is a literal character, as Python's csv (so agate) reads it.
  const parser = input.pipe(parse({
    delimiter, quote: '"', escape: '"', relax_column_count: true, relax_quotes: true, info: true, bom: true, from_line: 2, skip_empty_lines: true,
  }));
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (record.length > width) throw tooManyFieldsError(shownPath, info.lines, width, record.length);
      const row: Array<string | null> = agate ? record.map((v, i) => agateField(v, agate.trim[i] ?? false)) : record.map((v) => (v === '' ? null : v));
      while (row.length < width) row.push(null);
      yield row;
    }
  } finally {
    // Stopped early (a long row, or the load failed): close the file too, not only the parser.
    input.destroy();
    parser.destroy();
  }
}

/** Rows as CSV text for a reader of plain CSV (null unquoted and empty), in chunks of about 64 KiB. */
export async function* rowsAsCsv(rows: AsyncIterable<ReadonlyArray<string | null>>): AsyncGenerator<string> {
  let chunk = '';
  for await (const row of rows) {
    chunk += `${row.map((v) => (v === null ? '' : `"${v.replace(/"/g, '""')}"`)).join(',')}\n`;
    if (chunk.length >= 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
