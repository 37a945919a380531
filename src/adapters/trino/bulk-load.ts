import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import type { ColumnInfo, CsvLoadOptions, CsvReadOptions, RejectedRow, RelationRef } from '../types.js';
import { nodeEncoding, sniffCsv } from '../csv-sniff.js';
import { trinoDialect as dialect } from './dialect.js';

/**
 * Trino's bulk path for weir's loads (seeds, CSV files, API records): multi-row INSERT ... VALUES
 * statements streamed from disk, each up to `batchRows` rows and under Trino's query.max-length
 * (1,000,000 characters by default). Trino has no client-side COPY; a staged file would need
 * storage that every worker reads. Each INSERT is one Iceberg commit (one Parquet file per writer).
 */
type Execute = (sql: string) => Promise<{ rowsAffected: number | undefined }>;

/** Statement text per INSERT, kept under Trino's default query.max-length with room to spare. */
const MAX_STATEMENT_CHARS = 900_000;

// The sniffer names PostgreSQL's types; these are Trino's for the same values.
const TRINO_TYPE: Readonly<Record<string, string>> = { 'double precision': 'double', text: 'varchar', timestamp: 'timestamp(6)' };

/** A SQL literal of `value` as `type`; '' and null are NULL for every type but text. */
export function literal(value: unknown, type: string): string {
  if (value === null || value === undefined) return 'null';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  const lower = type.toLowerCase();
  if (lower === 'varchar' || lower.startsWith('varchar(') || lower === 'json') return dialect.quoteLiteral(text);
  if (text === '') return 'null';
  // Trino's cast reads `2024-01-01 10:00:00 UTC`, not ISO 8601's T and Z.
  const shown = lower.startsWith('timestamp') ? text.replace(/^(\d{4}-\d{2}-\d{2})T/, '$1 ').replace(/Z$/, ' UTC') : text;
  return `cast(${dialect.quoteLiteral(shown)} as ${type})`;
}

/** Collects value tuples and runs one INSERT per batch; `finish` returns the rows inserted. */
function insertBatches(execute: Execute, ref: RelationRef, columns: readonly string[], batchRows: number) {
  const head = `insert into ${dialect.relation(ref)} (${columns.map(dialect.quoteIdentifier).join(', ')}) values\n`;
  let batch: string[] = [];
  let chars = head.length;
  let rows = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const count = batch.length;
    const sql = head + batch.join(',\n');
    batch = [];
    chars = head.length;
    rows += (await execute(sql)).rowsAffected ?? count;
  };
  return {
    async add(values: readonly string[]) {
      const tuple = `(${values.join(', ')})`;
      if (batch.length > 0 && (batch.length >= batchRows || chars + tuple.length + 2 > MAX_STATEMENT_CHARS)) await flush();
      batch.push(tuple);
      chars += tuple.length + 2;
    },
    async finish() {
      await flush();
      return rows;
    },
  };
}

/** Newline-delimited JSON objects (keys = column names) appended to an existing table. */
export async function appendNdjson(execute: Execute, ref: RelationRef, path: string, columns: readonly ColumnInfo[], batchRows: number): Promise<number> {
  if (columns.length === 0) return 0;
  const insert = insertBatches(execute, ref, columns.map((c) => c.name), batchRows);
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    const record = JSON.parse(line) as Record<string, unknown>;
    await insert.add(columns.map((c) => literal(record[c.name], c.dataType)));
  }
  return insert.finish();
}

/**
 * CSV files into a new table: types sniffed from the first file (or given), constant columns and a
 * row number in file order added, rows with the wrong number of fields set aside with file and line.
 */
export async function createTableFromCsv(execute: Execute, ref: RelationRef, files: readonly string[], options: CsvReadOptions, batchRows: number): Promise<{ rows: number; rejected: RejectedRow[] }> {
  const encoding = nodeEncoding(options.encoding);
  const sniffed = await sniffCsv(files[0]!, options.delimiter, options.columnTypes, { encoding, quote: options.quote, escape: options.escape, header: options.header });
  const columns = sniffed.columns.map((c) => ({ name: c.name, type: TRINO_TYPE[c.type] ?? c.type }));
  const extra = [...options.constants.map((c) => ({ name: c.name, type: c.dataType })), ...(options.rowNumber ? [{ name: options.rowNumber, type: 'bigint' }] : [])];
  const all = [...columns, ...extra];
  await execute(`create table ${dialect.relation(ref)} (\n  ${all.map((c) => `${dialect.quoteIdentifier(c.name)} ${c.type}`).join(',\n  ')}\n)`);
  const constants = options.constants.map((c) => literal(c.value, c.dataType));
  const insert = insertBatches(execute, ref, all.map((c) => c.name), batchRows);
  const rejected: RejectedRow[] = [];
  let number = 0;
  for (const file of files) {
    const parser = createReadStream(file, { encoding }).pipe(parse({
      delimiter: options.delimiter, quote: options.quote, escape: options.escape ?? options.quote,
      relax_column_count: true, raw: true, info: true, bom: true, from_line: options.header ? 2 : 1,
    }));
    for await (const { record, raw, info } of parser as AsyncIterable<{ record: string[]; raw: string; info: { lines: number } }>) {
      if (record.length !== columns.length) {
        rejected.push({
          file, line: info.lines, raw: raw.replace(/[\r\n]+$/, ''),
          message: `${record.length > columns.length ? 'too many columns' : 'missing columns'}: Expected Number of Columns: ${columns.length} Found: ${record.length}`,
        });
        continue;
      }
      const values = columns.map((c, i) => (c.type === 'varchar' && record[i] === '' ? 'null' : literal(record[i], c.type)));
      await insert.add(options.rowNumber ? [...values, ...constants, String(++number)] : [...values, ...constants]);
    }
  }
  return { rows: await insert.finish(), rejected };
}

/** A seed: a CSV file with a header into a new table. */
export async function loadSeed(execute: Execute, ref: RelationRef, path: string, options: CsvLoadOptions, batchRows: number): Promise<number> {
  const read: CsvReadOptions = { delimiter: options.delimiter ?? ',', header: true, quote: '"', encoding: 'utf-8', columnTypes: options.columnTypes, constants: [], skipBadRows: false };
  const { rows, rejected } = await createTableFromCsv(execute, ref, [path], read, batchRows);
  if (rejected.length > 0) throw new Error(`${path}:${rejected[0]!.line}: ${rejected[0]!.message}`);
  return rows;
}
