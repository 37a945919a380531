import type { CsvLoadOptions, RelationRef, Session } from '../types.js';
import { COLUMN_TYPE_HINT, csvRowError, tooManyFieldsError } from '../csv-errors.js';
import { duckdbDialect } from './dialect.js';
import { sniffCsv } from '../csv-sniff.js';

const q = duckdbDialect.quoteLiteral;

interface Reject {
  readonly line: number;
  readonly type: string;
  readonly message: string;
}

/**
 * Loads a seed with DuckDB's `read_csv` into a new table. The dialect is stated (a header, the
 * delimiter, `"` quotes), not sniffed: a sniffer that finds no consistent dialect falls back to one
 * VARCHAR column per line. Types are still inferred. Rows that do not parse go to DuckDB's rejects
 * tables; the first one fails the load with its line, as on PostgreSQL and Trino. Rows with fewer
 * fields than the header are padded with nulls, as dbt's seeds (agate) do.
 */
export async function loadSeedCsv(session: Session, ref: RelationRef, absolutePath: string, options: CsvLoadOptions): Promise<number> {
  const path = options.path ?? absolutePath;
  let first = await readCsvInto(session, ref, absolutePath, options, false);
  if (first?.type === 'MISSING COLUMNS') {
    // Only short rows were refused: read again padding them. Not padded from the start, since with
    // null_padding a longer row in the sniffed sample silently adds a column instead of failing.
    await session.execute(duckdbDialect.drop('table', ref));
    first = await readCsvInto(session, ref, absolutePath, options, true);
  }
  if (first) {
    const counts = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(first.message);
    if (counts && Number(counts[2]) > Number(counts[1])) throw tooManyFieldsError(path, first.line, Number(counts[1]), Number(counts[2]));
    throw csvRowError(path, first.line, first.message, COLUMN_TYPE_HINT);
  }
  if (options.integers === 'integer') await emptyColumnsToInteger(session, ref, options.columnTypes);
  const { rows: count } = await session.query(`select count(*) as n from ${duckdbDialect.relation(ref)}`);
  return Number(count[0]?.n ?? 0);
}

/**
 * DuckDB's reader types a column with no value at all as VARCHAR; dbt's seeds (agate tries integer
 * first, on every engine) make it integer. Columns typed in the config keep their type.
 */
async function emptyColumnsToInteger(session: Session, ref: RelationRef, columnTypes: Readonly<Record<string, string>>): Promise<void> {
  const typed = new Set(Object.keys(columnTypes).map((c) => c.toLowerCase()));
  const { rows: columns } = await session.query(
    `select column_name from information_schema.columns where table_schema = ${q(ref.schema)} and table_name = ${q(ref.identifier)} and data_type = 'VARCHAR' order by ordinal_position`,
  );
  const names = columns.map((c) => String(c.column_name)).filter((c) => !typed.has(c.toLowerCase()));
  if (names.length === 0) return;
  const { rows } = await session.query(`select ${names.map((c, i) => `count(${duckdbDialect.quoteIdentifier(c)}) as c${i}`).join(', ')} from ${duckdbDialect.relation(ref)}`);
  for (const [i, name] of names.entries()) {
    if (Number(rows[0]?.[`c${i}`]) !== 0) continue;
    await session.execute(`alter table ${duckdbDialect.relation(ref)} alter column ${duckdbDialect.quoteIdentifier(name)} type integer`);
  }
}

/**
 * The columns dbt's seeds (agate) read as text though DuckDB's sniffer would not: a timestamp with a
 * fraction after a space or a zone name, a time of day, `t`/`f`. Read as VARCHAR, as in dbt.
 */
async function agateText(absolutePath: string, options: CsvLoadOptions): Promise<Record<string, string>> {
  const sniffed = await sniffCsv(absolutePath, options.delimiter ?? ',', {}, { integers: 'integer' });
  return Object.fromEntries(sniffed.columns.filter((c) => c.type === 'text').map((c) => [c.name, 'VARCHAR']));
}

/** Creates the table from the file; returns the first refused row, a short row only if there is no other. */
async function readCsvInto(session: Session, ref: RelationRef, absolutePath: string, options: CsvLoadOptions, pad: boolean): Promise<Reject | undefined> {
  const columnTypes = options.integers === 'integer' ? { ...(await agateText(absolutePath, options)), ...options.columnTypes } : options.columnTypes;
  const types = Object.entries(columnTypes).map(([column, type]) => `${q(column)}: ${q(type)}`).join(', ');
  const args = [
    'header = true',
    'auto_detect = true',
    `delim = ${q(options.delimiter ?? ',')}`,
    `quote = '"'`,
    `escape = '"'`,
    types ? `types = {${types}}` : undefined,
    // DuckDB's own candidates with INTEGER before BIGINT: whole numbers that fit 32 bits are integer, as in dbt's seeds.
    options.integers === 'integer' ? "auto_type_candidates = ['BOOLEAN', 'INTEGER', 'BIGINT', 'DOUBLE', 'TIME', 'DATE', 'TIMESTAMP', 'TIMESTAMPTZ', 'VARCHAR']" : undefined,
    `null_padding = ${pad}`,
    // DuckDB's parallel reader refuses null_padding on a file with quoted line breaks; one thread still streams.
    pad ? 'parallel = false' : undefined,
    'store_rejects = true',
    'ignore_errors = true',
    // Every refused row is kept: a longer row after many short ones must still be found.
    'rejects_limit = 0',
  ].filter(Boolean);
  await session.execute(duckdbDialect.createTableAs(ref, `select * from read_csv(${q(absolutePath)}, ${args.join(', ')})`));
  const { rows } = await session.query(
    "select line, error_type, error_message from reject_errors order by error_type = 'MISSING COLUMNS', line limit 1",
  );
  await session.execute('drop table if exists reject_errors');
  await session.execute('drop table if exists reject_scans');
  const row = rows[0];
  return row ? { line: Number(row.line), type: String(row.error_type), message: String(row.error_message) } : undefined;
}
