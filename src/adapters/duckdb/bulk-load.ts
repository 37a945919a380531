import { statSync } from 'node:fs';
import type { ColumnInfo, CsvReadOptions, IngestColumnType, RejectedRow, RelationRef, Session } from '../types.js';
import { duckdbDialect } from './dialect.js';

/**
 * DuckDB's native bulk paths for ingestion: `read_json` for newline-delimited JSON staging files
 * and `read_csv` (with its rejects tables for rows that do not parse) for CSV files.
 */
const q = duckdbDialect.quoteLiteral;
/** The largest record (one JSON line) ingestion reads. */
const MAX_OBJECT_BYTES = 256 * 1024 * 1024;
const id = duckdbDialect.quoteIdentifier;

export const DUCKDB_INGEST_TYPES: Readonly<Record<IngestColumnType, string>> = {
  integer: 'BIGINT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMPTZ',
  text: 'VARCHAR',
  json: 'JSON',
};

export async function appendNdjson(
  session: Session,
  ref: RelationRef,
  path: string,
  columns: readonly ColumnInfo[],
  longestLineBytes?: number,
): Promise<number> {
  if (columns.length === 0) return 0;
  const list = columns.map((c) => id(c.name)).join(', ');
  const types = columns.map((c) => `${q(c.name)}: ${q(c.dataType)}`).join(', ');
  // A reader buffer that fits the longest line (else the file's size: no line is longer), not a
  // fixed 256 MiB, which DuckDB allocates twice per read and a memory_limit below ~1 GB cannot hold.
  const fits = (longestLineBytes ?? statSync(path).size) + 1;
  const maxObject = Math.min(MAX_OBJECT_BYTES, Math.max(1024 * 1024, fits));
  const result = await session.execute(
    `insert into ${duckdbDialect.relation(ref)} (${list}) select ${list} from read_json(${q(path)}, format = 'newline_delimited', columns = {${types}}, maximum_object_size = ${maxObject})`,
  );
  return result.rowsAffected ?? 0;
}

export async function createTableFromCsv(
  session: Session,
  ref: RelationRef,
  files: readonly string[],
  options: CsvReadOptions,
): Promise<{ rows: number; rejected: RejectedRow[] }> {
  const types = Object.entries(options.columnTypes).map(([column, type]) => `${q(column)}: ${q(type)}`).join(', ');
  const args = [
    `header = ${options.header}`,
    `delim = ${q(options.delimiter)}`,
    `quote = ${q(options.quote)}`,
    options.escape ? `escape = ${q(options.escape)}` : undefined,
    `encoding = ${q(normaliseEncoding(options.encoding))}`,
    types ? `types = {${types}}` : undefined,
    // Rows that do not parse go to DuckDB's rejects tables, with file and line; weir decides.
    'store_rejects = true',
    'ignore_errors = true',
    'null_padding = false',
  ].filter(Boolean);
  const constants = options.constants.map((c) => `cast(${q(c.value)} as ${c.dataType}) as ${id(c.name)}`);
  // row_number() over () is DuckDB's streaming window: it numbers the rows in the reader's order,
  // which is file order (insertion order is preserved), also when the files are read in parallel.
  if (options.rowNumber) constants.push(`row_number() over () as ${id(options.rowNumber)}`);
  const source = `read_csv([${files.map(q).join(', ')}], ${args.join(', ')})`;
  const result = await session.execute(
    duckdbDialect.createTableAs(ref, `select *${constants.length ? `, ${constants.join(', ')}` : ''} from ${source}`),
  );
  const { rows } = await session.query(
    'select s.file_path, e.line, e.error_type, e.error_message, e.csv_line from reject_errors e join reject_scans s using (scan_id, file_id) order by s.file_path, e.line',
  );
  const rejected = rows.map((r): RejectedRow => ({
    file: String(r.file_path),
    line: Number(r.line),
    message: `${String(r.error_type).toLowerCase()}: ${String(r.error_message)}`,
    raw: String(r.csv_line ?? '').replace(/^\r?\n/, ''),
  }));
  await session.execute('drop table if exists reject_errors');
  await session.execute('drop table if exists reject_scans');
  return { rows: result.rowsAffected ?? 0, rejected };
}

function normaliseEncoding(encoding: string): string {
  const e = encoding.toLowerCase();
  if (e === 'utf8') return 'utf-8';
  if (e === 'latin1') return 'latin-1';
  return e;
}
