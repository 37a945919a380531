import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { CsvLoadOptions, RelationRef } from '../types.js';
import { columnCountProblem, csvRowError } from '../csv-errors.js';
import { postgresDialect as dialect } from './dialect.js';
import { sniffCsv } from '../csv-sniff.js';
import type { CopyStreams } from './copy-streams.js';

/**
 * Loads a CSV file into a new table with `COPY ... FROM STDIN`: types from a sniff of the first rows
 * (or `column_types`), then the file streams from disk to the server; it is never held in memory.
 * Returns the rows loaded. Runs in the caller's transaction, so a bad row leaves nothing behind.
 */
export async function copyCsv(client: PoolClient, copies: CopyStreams, ref: RelationRef, path: string, options: CsvLoadOptions): Promise<{ rows: number; statements: string[] }> {
  const delimiter = options.delimiter ?? ',';
  const { columns } = await sniffCsv(path, delimiter, options.columnTypes);
  const create = `create table ${dialect.relation(ref)} (\n  ${columns.map((c) => `${dialect.quoteIdentifier(c.name)} ${c.type}`).join(',\n  ')}\n)`;
  await client.query(create);
  const copy = `copy ${dialect.relation(ref)} (${columns.map((c) => dialect.quoteIdentifier(c.name)).join(', ')}) from stdin with (format csv, header true, delimiter ${dialect.quoteLiteral(delimiter)})`;
  const stream = client.query(copyFrom(copy));
  try {
    await copies.pipe(createReadStream(path, { highWaterMark: 1024 * 1024 }), stream);
  } catch (error) {
    throw raggedRow(error, options.path ?? path, columns.length, delimiter) ?? error;
  }
  return { rows: Number(stream.rowCount ?? 0), statements: [create, copy] };
}

/** COPY's "missing data for column" / "extra data after last expected column", in the words DuckDB's seeds use. */
function raggedRow(error: unknown, path: string, expected: number, delimiter: string) {
  const e = error as { code?: string; where?: string };
  const at = e.code === '22P04' ? /^COPY [^,]*, line (\d+)(?:, column [^:]*)?: "([\s\S]*)"$/.exec(e.where ?? '') : null;
  if (!at) return undefined;
  let found: number;
  try {
    found = (parse(at[2]!, { delimiter, relax_quotes: true, relax_column_count: true }) as string[][])[0]?.length ?? 0;
  } catch {
    return undefined;
  }
  return csvRowError(path, Number(at[1]), columnCountProblem(expected, found));
}
