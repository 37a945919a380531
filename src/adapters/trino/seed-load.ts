import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type { CsvLoadOptions, RelationRef } from '../types.js';
import { sniffCsv } from '../csv-sniff.js';
import { trinoDialect as dialect } from './dialect.js';

// The sniffer names PostgreSQL's types; these are Trino's for the same values.
const TRINO_TYPE: Readonly<Record<string, string>> = { 'double precision': 'double', text: 'varchar', timestamp: 'timestamp(6)' };

/**
 * Loads a CSV file into a new table with multi-row INSERTs of `batchRows` rows, streamed from disk
 * (Trino has no client-side bulk path; a staged file would need storage every worker reads).
 * Types come from a sniff of the first rows or `column_types`; empty fields are nulls; a value that
 * does not fit its type fails with Trino's cast error naming it.
 */
export async function loadCsvByInserts(
  execute: (sql: string) => Promise<{ rowsAffected: number | undefined }>,
  ref: RelationRef,
  path: string,
  options: CsvLoadOptions,
  batchRows: number,
): Promise<number> {
  const delimiter = options.delimiter ?? ',';
  const { columns } = await sniffCsv(path, delimiter, options.columnTypes);
  const types = columns.map((c) => TRINO_TYPE[c.type] ?? c.type);
  await execute(`create table ${dialect.relation(ref)} (\n  ${columns.map((c, i) => `${dialect.quoteIdentifier(c.name)} ${types[i]}`).join(',\n  ')}\n)`);
  const insert = `insert into ${dialect.relation(ref)} (${columns.map((c) => dialect.quoteIdentifier(c.name)).join(', ')}) values\n`;
  const literal = (value: string | undefined, i: number) => {
    if (value === undefined || value === '') return 'null';
    const text = dialect.quoteLiteral(value);
    return types[i] === 'varchar' ? text : `cast(${text} as ${types[i]})`;
  };
  let rows = 0;
  let batch: string[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    rows += (await execute(insert + batch.join(',\n'))).rowsAffected ?? batch.length;
    batch = [];
  };
  const parser = createReadStream(path).pipe(parse({ delimiter, from_line: 2, relax_column_count: true }));
  for await (const record of parser as AsyncIterable<string[]>) {
    batch.push(`(${columns.map((_, i) => literal(record[i], i)).join(', ')})`);
    if (batch.length >= batchRows) await flush();
  }
  await flush();
  return rows;
}
