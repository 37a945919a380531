import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import type { ColumnInfo, CsvLoadOptions, CsvReadOptions, RejectedRow, RelationRef, TableProperties } from '../types.js';
import { nodeEncoding, sniffCsv } from '../csv-sniff.js';
import { seedRows } from '../seed-rows.js';
import { trinoDialect as dialect, withProperties } from './dialect.js';
import type { RowSink } from './staged-load.js';

/**
 * Trino's bulk path for weir's loads (seeds, CSV files, API records): rows streamed from disk into
 * INSERT statements of up to `batchRows` rows, each under Trino's query.max-length (1,000,000
 * characters by default). A batch travels as one JSON text literal, unnested and cast to the
 * columns' types: five times faster to plan than as many VALUES tuples of casts. Trino has no
 * client-side COPY; with a `staging` folder the cluster reads, rows go through a file instead
 * (staged-load.ts). Every load takes its sink from `Rows`, and disposes of it whatever happens.
 */
type Execute = (sql: string) => Promise<{ rowsAffected: number | undefined }>;

/** Where the rows of one load go: INSERT batches or a staged file (chosen by the adapter from the target). */
export type Rows = (ref: RelationRef, columns: ReadonlyArray<{ name: string; type: string }>) => RowSink;

/** Statement text per INSERT, kept under Trino's default query.max-length with room to spare. */
const MAX_STATEMENT_CHARS = 900_000;

// The sniffer names PostgreSQL's types; these are Trino's for the same values.
const TRINO_TYPE: Readonly<Record<string, string>> = { 'double precision': 'double', text: 'varchar', timestamp: 'timestamp(6)' };

const isText = (type: string) => /^(varchar(\(\d+\))?|json)$/i.test(type);

/** A value as the text Trino casts to `type`; '' and null are NULL for every type but text. */
export function textValue(value: unknown, type: string): string | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (isText(type)) return text;
  if (text === '') return null;
  // Trino's cast reads `2024-01-01 10:00:00 UTC`, not ISO 8601's T and Z.
  return /^timestamp/i.test(type) ? text.replace(/^(\d{4}-\d{2}-\d{2})T/, '$1 ').replace(/Z$/, ' UTC') : text;
}

/** Collects rows (as text) and runs one INSERT per batch; `finish` returns the rows inserted. */
export function insertBatches(execute: Execute, ref: RelationRef, columns: ReadonlyArray<{ name: string; type: string }>, batchRows: number): RowSink {
  const list = columns.map((c) => dialect.quoteIdentifier(c.name)).join(', ');
  const values = columns.map((c, i) => (isText(c.type) ? `r[${i + 1}]` : `cast(r[${i + 1}] as ${c.type})`)).join(', ');
  const around = `insert into ${dialect.relation(ref)} (${list})\nselect ${values}\nfrom unnest(cast(json_parse('') as array(array(varchar)))) as weir_rows(r)`.length;
  let batch: string[] = [];
  let chars = around;
  let rows = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const count = batch.length;
    const json = dialect.quoteLiteral(`[${batch.join(',')}]`);
    batch = [];
    chars = around;
    rows += (await execute(`insert into ${dialect.relation(ref)} (${list})\nselect ${values}\nfrom unnest(cast(json_parse(${json}) as array(array(varchar)))) as weir_rows(r)`)).rowsAffected ?? count;
  };
  return {
    async add(row: ReadonlyArray<string | null>) {
      const text = JSON.stringify(row);
      // Quotes are doubled in the SQL literal.
      const size = text.length + (text.match(/'/g)?.length ?? 0) + 1;
      if (batch.length > 0 && (batch.length >= batchRows || chars + size > MAX_STATEMENT_CHARS)) await flush();
      batch.push(text);
      chars += size;
    },
    async finish() {
      await flush();
      return rows;
    },
    dispose: async () => undefined,
  };
}

/** Feeds a sink and loads it; the sink is disposed of whether the feed or the load fails or not. */
async function load(sink: RowSink, feed: (sink: RowSink) => Promise<void>): Promise<number> {
  try {
    await feed(sink);
    return await sink.finish();
  } finally {
    await sink.dispose();
  }
}

/** Newline-delimited JSON objects (keys = column names) appended to an existing table. */
export async function appendNdjson(rows: Rows, ref: RelationRef, path: string, columns: readonly ColumnInfo[]): Promise<number> {
  if (columns.length === 0) return 0;
  return load(rows(ref, columns.map((c) => ({ name: c.name, type: c.dataType }))), async (insert) => {
    for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
      if (line.trim() === '') continue;
      const record = JSON.parse(line) as Record<string, unknown>;
      await insert.add(columns.map((c) => textValue(record[c.name], c.dataType)));
    }
  });
}

const createTable = (ref: RelationRef, columns: ReadonlyArray<{ name: string; type: string }>, properties?: TableProperties) =>
  `create table ${dialect.relation(ref)} (\n  ${columns.map((c) => `${dialect.quoteIdentifier(c.name)} ${c.type}`).join(',\n  ')}\n)${withProperties(properties)}`;

/**
 * CSV files into a new table: types sniffed from the first file (or given), constant columns and a
 * row number in file order added, rows with the wrong number of fields set aside with file and line.
 */
export async function createTableFromCsv(execute: Execute, rows: Rows, ref: RelationRef, files: readonly string[], options: CsvReadOptions): Promise<{ rows: number; rejected: RejectedRow[] }> {
  const encoding = nodeEncoding(options.encoding);
  const sniffed = await sniffCsv(files[0]!, options.delimiter, options.columnTypes, { encoding, quote: options.quote, escape: options.escape, header: options.header });
  const columns = sniffed.columns.map((c) => ({ name: c.name, type: TRINO_TYPE[c.type] ?? c.type }));
  const extra = [...options.constants.map((c) => ({ name: c.name, type: c.dataType })), ...(options.rowNumber ? [{ name: options.rowNumber, type: 'bigint' }] : [])];
  const all = [...columns, ...extra];
  await execute(createTable(ref, all));
  const constants = options.constants.map((c) => textValue(c.value, c.dataType));
  const rejected: RejectedRow[] = [];
  let number = 0;
  const loaded = await load(rows(ref, all), async (insert) => {
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
        // An empty field is NULL, also for text (as DuckDB's and PostgreSQL's readers load it).
        const values = columns.map((c, i) => (record[i] === '' ? null : textValue(record[i], c.type)));
        await insert.add(options.rowNumber ? [...values, ...constants, String(++number)] : [...values, ...constants]);
      }
    }
  });
  return { rows: loaded, rejected };
}

/**
 * A seed: a CSV file with a header into a new table. Rows with fewer fields than the header are
 * padded with nulls and rows with more fail, as dbt's seeds do (seedRows, shared with PostgreSQL).
 */
export async function loadSeed(execute: Execute, rows: Rows, ref: RelationRef, path: string, options: CsvLoadOptions): Promise<number> {
  const delimiter = options.delimiter ?? ',';
  const sniffed = await sniffCsv(path, delimiter, options.columnTypes, { integers: options.integers });
  const columns = sniffed.columns.map((c) => ({ name: c.name, type: TRINO_TYPE[c.type] ?? c.type }));
  await execute(createTable(ref, columns, options.properties));
  return load(rows(ref, columns), async (insert) => {
    for await (const row of seedRows(path, delimiter, columns.length, options.path ?? path)) {
      await insert.add(columns.map((c, i) => textValue(row[i], c.type)));
    }
  });
}
