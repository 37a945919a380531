import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { CsvLoadOptions, RelationRef } from '../types.js';
import { rowsAsCsv, seedRows } from '../seed-rows.js';
import { postgresDialect as dialect } from './dialect.js';
import { sniffCsv } from '../csv-sniff.js';
import type { CopyStreams } from './copy-streams.js';

const SAVEPOINT = 'weir_seed_copy';

/**
 * Loads a CSV file into a new table with `COPY ... FROM STDIN`: types from a sniff of the first rows
 * (or `column_types`), then the file streams from disk to the server; it is never held in memory.
 * Returns the rows loaded. Runs in the caller's transaction, so a bad row leaves nothing behind.
 * COPY refuses a row with fewer fields than the header, which dbt's seeds pad with nulls: only then
 * is the COPY undone (to a savepoint) and the file streamed again through a parser that pads them.
 * A row with more fields is refused by that parser too, in the words and line numbers of every engine
 * (COPY's own message cuts the row at 100 bytes and counts a quoted line break as no line).
 */
export async function copyCsv(client: PoolClient, copies: CopyStreams, ref: RelationRef, path: string, options: CsvLoadOptions): Promise<{ rows: number; statements: string[] }> {
  const delimiter = options.delimiter ?? ',';
  const shown = options.path ?? path;
  const { columns, agate } = await sniffCsv(path, delimiter, options.columnTypes, { integers: options.integers });
  const create = `create table ${dialect.relation(ref)} (\n  ${columns.map((c) => `${dialect.quoteIdentifier(c.name)} ${c.type}`).join(',\n  ')}\n)`;
  await client.query(create);
  const copyFromStdin = (csv: string) => `copy ${dialect.relation(ref)} (${columns.map((c) => dialect.quoteIdentifier(c.name)).join(', ')}) from stdin with (format csv, ${csv})`;
  // The parser writes plain comma-separated CSV, nulls unquoted and empty: COPY reads it as such.
  const padded = copyFromStdin(`header false, delimiter ',', quote '"'`);
  const parsed = async () => {
    const stream = client.query(copyFrom(padded));
    await copies.pipe(Readable.from(rowsAsCsv(seedRows(path, delimiter, columns.length, shown, agate))), stream);
    return Number(stream.rowCount ?? 0);
  };
  // Values dbt's seeds read otherwise than COPY does (a literal quote mid-field, `null`): through the parser.
  if (agate) return { rows: await parsed(), statements: [create, padded] };
  // dbt's seeds (agate) read a quoted empty field ("") as null too, where COPY reads an empty string.
  const forceNull = options.integers === 'integer' ? `, force_null (${columns.map((c) => dialect.quoteIdentifier(c.name)).join(', ')})` : '';
  const copy = copyFromStdin(`header true, delimiter ${dialect.quoteLiteral(delimiter)}${forceNull}`);
  await client.query(`savepoint ${SAVEPOINT}`);
  const stream = client.query(copyFrom(copy));
  try {
    await copies.pipe(createReadStream(path, { highWaterMark: 1024 * 1024 }), stream);
    await client.query(`release savepoint ${SAVEPOINT}`);
    return { rows: Number(stream.rowCount ?? 0), statements: [create, copy] };
  } catch (error) {
    if (!columnCountRefused(error)) throw error;
  }
  await client.query(`rollback to savepoint ${SAVEPOINT}`);
  await client.query(`release savepoint ${SAVEPOINT}`);
  return { rows: await parsed(), statements: [create, copy, padded] };
}

/** COPY's "missing data for column" or "extra data after last expected column". */
function columnCountRefused(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e.code === '22P04' && /^(missing data for column|extra data after last expected column)/.test(e.message ?? '');
}
