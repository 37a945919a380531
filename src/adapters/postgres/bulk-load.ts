import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { ColumnInfo, CsvReadOptions, IngestColumnType, RejectedRow, RelationRef } from '../types.js';
import { sniffCsv } from './csv-sniff.js';
import { postgresDialect as dialect } from './dialect.js';

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

export async function appendNdjson(client: PoolClient, ref: RelationRef, path: string, columns: readonly ColumnInfo[]): Promise<number> {
  if (columns.length === 0) return 0;
  await client.query('create temporary table if not exists weir_ndjson_lines (doc jsonb)');
  await client.query('truncate weir_ndjson_lines');
  await pipeline(createReadStream(path, { highWaterMark: 1024 * 1024 }), client.query(copyFrom(`copy weir_ndjson_lines (doc) from stdin with (${WHOLE_LINE})`)));
  const list = columns.map((c) => id(c.name)).join(', ');
  const values = columns.map((c) => `r.${id(c.name)}`).join(', ');
  const result = await client.query(
    `insert into ${dialect.relation(ref)} (${list}) select ${values} from weir_ndjson_lines, jsonb_populate_record(null::${dialect.relation(ref)}, doc) as r`,
  );
  await client.query('truncate weir_ndjson_lines');
  return result.rowCount ?? 0;
}

export async function createTableFromCsv(
  client: PoolClient,
  ref: RelationRef,
  files: readonly string[],
  options: CsvReadOptions,
): Promise<{ rows: number; rejected: RejectedRow[] }> {
  const { columns } = await sniffCsv(files[0]!, options.delimiter, options.columnTypes);
  const constants = options.constants.map((c) => `${id(c.name)} ${c.dataType} default cast(${q(c.value)} as ${c.dataType})`);
  // COPY names the file's columns only: the others take their defaults, the row number in COPY's (file) order.
  const numbered = options.rowNumber ? [`${id(options.rowNumber)} bigint generated always as identity`] : [];
  await client.query(`create table ${dialect.relation(ref)} (${[...columns.map((c) => `${id(c.name)} ${c.type}`), ...constants, ...numbered].join(', ')})`);
  const list = columns.map((c) => id(c.name)).join(', ');
  const rejected: RejectedRow[] = [];
  let rows = 0;
  for (const file of files) {
    const encoding = options.encoding.toLowerCase().replace('-', '') === 'latin1' ? 'latin1' : 'utf8';
    const copy = client.query(copyFrom(
      `copy ${dialect.relation(ref)} (${list}) from stdin with (format csv, header ${options.skipBadRows ? 'false' : String(options.header)}, delimiter ${q(options.delimiter)}, quote ${q(options.quote)}${options.escape ? `, escape ${q(options.escape)}` : ''}, encoding ${q(encoding === 'latin1' ? 'LATIN1' : 'UTF8')})`,
    ));
    const input = createReadStream(file, { highWaterMark: 1024 * 1024 });
    if (options.skipBadRows) {
      await pipeline(input, parse({ delimiter: options.delimiter, quote: options.quote, escape: options.escape ?? options.quote, encoding, relax_column_count: true, raw: true, info: true, bom: true, from_line: options.header ? 2 : 1 }),
        goodRowsAsCsv(columns.length, file, rejected), copy);
    } else {
      await pipeline(input, copy);
    }
    rows += Number(copy.rowCount ?? 0);
  }
  for (const c of options.constants) await client.query(`alter table ${dialect.relation(ref)} alter column ${id(c.name)} drop default`);
  return { rows, rejected };
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
