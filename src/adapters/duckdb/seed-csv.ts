import type { CsvLoadOptions, RelationRef, Session } from '../types.js';
import { COLUMN_TYPE_HINT, columnCountProblem, csvRowError } from '../csv-errors.js';
import { duckdbDialect } from './dialect.js';

const q = duckdbDialect.quoteLiteral;

/**
 * Loads a seed with DuckDB's `read_csv` into a new table. The dialect is stated (a header, the
 * delimiter, `"` quotes), not sniffed: a sniffer that finds no consistent dialect falls back to one
 * VARCHAR column per line, and a ragged file loaded silently. Types are still inferred. Rows that do
 * not parse go to DuckDB's rejects tables; the first one fails the load with its line, as on PostgreSQL.
 */
export async function loadSeedCsv(session: Session, ref: RelationRef, absolutePath: string, options: CsvLoadOptions): Promise<number> {
  const types = Object.entries(options.columnTypes).map(([column, type]) => `${q(column)}: ${q(type)}`).join(', ');
  const args = [
    'header = true',
    'auto_detect = true',
    `delim = ${q(options.delimiter ?? ',')}`,
    `quote = '"'`,
    `escape = '"'`,
    types ? `types = {${types}}` : undefined,
    'null_padding = false',
    'store_rejects = true',
    'ignore_errors = true',
    'rejects_limit = 10',
  ].filter(Boolean);
  await session.execute(duckdbDialect.createTableAs(ref, `select * from read_csv(${q(absolutePath)}, ${args.join(', ')})`));
  const { rows } = await session.query('select line, error_type, error_message from reject_errors order by line limit 1');
  await session.execute('drop table if exists reject_errors');
  await session.execute('drop table if exists reject_scans');
  const first = rows[0];
  if (first) {
    const path = options.path ?? absolutePath;
    const counts = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(String(first.error_message));
    if (counts) throw csvRowError(path, Number(first.line), columnCountProblem(Number(counts[1]), Number(counts[2])));
    throw csvRowError(path, Number(first.line), String(first.error_message), COLUMN_TYPE_HINT);
  }
  const { rows: count } = await session.query(`select count(*) as n from ${duckdbDialect.relation(ref)}`);
  return Number(count[0]?.n ?? 0);
}
