import { createReadStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { ColumnInfo, CsvReadOptions, IngestColumnType, RejectedRow, RelationRef } from '../types.js';
import { nodeEncoding, sniffCsv } from '../csv-sniff.js';
import { postgresDialect as dialect } from './dialect.js';
import type { CopyStreams } from './copy-streams.js';

/**
 * PostgreSQL's native bulk paths for ingestion, both `COPY ... FROM STDIN` streamed from disk:
 * newline-delimited JSON lands as one jsonb value per line and is spread into columns by
 * `jsonb_populate_record`; CSV files stream straight in (or, when bad rows are to be skipped,
 * through a parser that sets them aside with their line numbers).
 */
export const POSTGRES_INGEST_TYPES: Readonly<Record<IngestColumnType, string>> = {
  integer: 'bigint',
  double: 'double precision',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamptz',
  text: 'text',
  json: 'jsonb',
};

const id = dialect.quoteIdentifier;
const q = dialect.quoteLiteral;
// A CSV dialect whose quote and delimiter never occur in JSON text: each line is one field, as-is.
const WHOLE_LINE = "format csv, quote e'\\x01', delimiter e'\\x02'";

export async function appendNdjson(client: PoolClient, copies: CopyStreams, ref: RelationRef, path: string, columns: readonly ColumnInfo[]): Promise<number> {
  if (columns.length === 0) return 0;
  await client.query('create temporary table if not exists weir_ndjson_lines (doc jsonb)');
  await client.query('truncate weir_ndjson_lines');
  await copies.pipe(createReadStream(path, { highWaterMark: 1024 * 1024 }), client.query(copyFrom(`copy weir_ndjson_lines (doc) from stdin with (${WHOLE_LINE})`)));
  const list = columns.map((c) => id(c.name)).join(', ');
  const values = columns.map((c) => `r.${id(c.name)}`).join(', ');
  const result = await client.query(
    `insert into ${dialect.relation(ref)} (${list}) select ${values} from weir_ndjson_lines, jsonb_populate_record(null::${dialect.relation(ref)}, doc) as r`,
  );
  await client.query('truncate weir_ndjson_lines');
  return result.rowCount ?? 0;
}

/**
 * CSV files into a new table. Each file first streams straight into COPY with the file's own
 * dialect (as fast as `psql \copy`); only a file COPY refuses is read again through a parser that
 * sets aside the rows with the wrong number of fields, with their line numbers, and hands the good
 * ones to COPY re-written as plain comma-separated CSV. A file in another encoding is decoded to
 * UTF-8 on the way (PostgreSQL has no UTF-16), a byte-order mark dropped.
 */
export async function createTableFromCsv(
  client: PoolClient,
  copies: CopyStreams,
  ref: RelationRef,
  files: readonly string[],
  options: CsvReadOptions,
): Promise<{ rows: number; rejected: RejectedRow[] }> {
  const encoding = nodeEncoding(options.encoding);
  const { columns } = await sniffCsv(files[0]!, options.delimiter, options.columnTypes, {
    encoding, quote: options.quote, escape: options.escape, header: options.header,
  });
  const constants = options.constants.map((c) => `${id(c.name)} ${c.dataType} default cast(${q(c.value)} as ${c.dataType})`);
  // COPY names the file's columns only: the others take their defaults, the row number in COPY's (file) order.
  const numbered = options.rowNumber ? [`${id(options.rowNumber)} bigint generated always as identity`] : [];
  await client.query(`create table ${dialect.relation(ref)} (${[...columns.map((c) => `${id(c.name)} ${c.type}`), ...constants, ...numbered].join(', ')})`);
  const copyInto = (csv: string) => client.query(copyFrom(`copy ${dialect.relation(ref)} (${columns.map((c) => id(c.name)).join(', ')}) from stdin with (format csv, ${csv}, encoding 'UTF8')`));
  // COPY takes a one-byte delimiter, quote and escape; anything else goes through the parser.
  const native = [options.delimiter, options.quote, options.escape ?? options.quote].every((c) => Buffer.byteLength(c) === 1);
  const rejected: RejectedRow[] = [];
  let rows = 0;
  for (const file of files) {
    if (native) {
      const copy = copyInto(`header ${options.header}, delimiter ${q(options.delimiter)}, quote ${q(options.quote)}${options.escape ? `, escape ${q(options.escape)}` : ''}`);
      try {
        // Outside a transaction a COPY that fails loads nothing of the file.
        await copies.pipe(utf8Stream(file, encoding), copy);
        rows += Number(copy.rowCount ?? 0);
        continue;
      } catch (error) {
        if (!options.skipBadRows) throw error;
      }
    }
    // The parser reads the file's dialect and writes plain CSV: COPY reads it as such.
    const copy = copyInto("header false, delimiter ',', quote '\"'");
    const parser = parse({ delimiter: options.delimiter, quote: options.quote, escape: options.escape ?? options.quote, relax_column_count: true, raw: true, info: true, bom: true, from_line: options.header ? 2 : 1 });
    await copies.pipe(utf8Stream(file, encoding), parser, goodRowsAsCsv(columns.length, file, rejected), copy);
    rows += Number(copy.rowCount ?? 0);
  }
  for (const c of options.constants) await client.query(`alter table ${dialect.relation(ref)} alter column ${id(c.name)} drop default`);
  return { rows, rejected };
}

/** The file as UTF-8 bytes without a byte-order mark; UTF-8 files pass through untouched after it. */
function utf8Stream(file: string, encoding: BufferEncoding): Readable {
  const input = createReadStream(file, { highWaterMark: 1024 * 1024 });
  let first = true;
  const decoder = encoding === 'utf8' ? undefined : new TextDecoder(encoding === 'utf16le' ? 'utf-16le' : 'latin1');
  return input.pipe(new Transform({
    transform(chunk: Buffer, _enc, done) {
      let out = decoder ? Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8') : chunk;
      if (first && out[0] === 0xef && out[1] === 0xbb && out[2] === 0xbf) out = out.subarray(3);
      first = false;
      done(null, out);
    },
    flush(done) {
      const rest = decoder?.decode();
      done(null, rest ? Buffer.from(rest, 'utf8') : undefined);
    },
  }));
}

/** Passes rows with the right number of fields on as CSV; the others go to `rejected`. */
function goodRowsAsCsv(width: number, file: string, rejected: RejectedRow[]): Transform {
  const field = (v: string) => (v === '' ? '' : `"${v.replace(/"/g, '""')}"`);
  return new Transform({
    objectMode: true,
    transform(chunk: { record: string[]; raw: string; info: { lines: number } }, _enc, done) {
      if (chunk.record.length === width) return done(null, `${chunk.record.map(field).join(',')}\n`);
      rejected.push({
        file, line: chunk.info.lines, raw: chunk.raw.replace(/[\r\n]+$/, ''),
        message: `${chunk.record.length > width ? 'too many columns' : 'missing columns'}: Expected Number of Columns: ${width} Found: ${chunk.record.length}`,
      });
      done();
    },
  });
}
