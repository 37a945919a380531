import type { Adapter, ColumnInfo, RelationRef, Session } from '../adapters/types.js';
import { didYouMean } from '../core/closest.js';
import { DatabaseError, WeirError, errorMessage } from '../core/errors.js';
import { columnsOfRows, inferType, literal, valueOf } from './fixture-values.js';
import { formatRowDiff } from './row-diff.js';
import type { FixtureColumn, FixtureRows, GivenFixture, UnitTestSpec } from './unit-test-spec.js';

const NO_COLUMNS = 'weir_no_columns_known';
/** PostgreSQL's name for the session's own temporary schema. */
export const TEMP_SCHEMA = 'pg_temp';

export interface UnitTestOutcome {
  readonly status: 'pass' | 'fail';
  /** Rows expected but not returned, plus rows returned but not expected. */
  readonly differences: number;
  readonly message: string;
}

interface Sandbox {
  readonly adapter: Adapter;
  readonly session: Session;
  /** Records each statement, for target/run. */
  readonly record: (sql: string) => void;
  /** Reads a relation's columns from the warehouse catalog (read only); [] when it does not exist. */
  readonly catalog?: ((relation: RelationRef) => Promise<ColumnInfo[]>) | undefined;
  /**
   * The sandbox is the warehouse itself (PostgreSQL, whose DDL is transactional): everything runs in
   * one transaction that is rolled back, so nothing persists and no other session sees any of it.
   */
  readonly rollback?: boolean | undefined;
}

/**
 * Runs one unit test in its own schema of a throwaway database (or of the warehouse, in a
 * transaction rolled back at the end): given rows become tables, the model's SQL runs over them,
 * and its rows are compared with the expected ones as multisets over the expected columns. The
 * schema is dropped (or rolled back) afterwards, pass or fail.
 */
export async function runUnitTest(spec: UnitTestSpec, sandbox: Sandbox): Promise<UnitTestOutcome> {
  const { adapter } = sandbox;
  const q = adapter.dialect.quoteIdentifier;
  const exec = async (sql: string) => {
    sandbox.record(sql);
    await sandbox.session.execute(sql);
  };
  if (sandbox.rollback) await exec('begin');
  const temporary = spec.schema === TEMP_SCHEMA;
  if (!temporary) await exec(`create schema if not exists ${q(spec.schema)}`);
  try {
    for (const given of spec.given) await createGiven(given, spec, sandbox, exec);
    const actual: RelationRef = { schema: spec.schema, identifier: `${spec.prefix}weir_actual` };
    try {
      await exec(adapter.dialect.createTableAs(actual, spec.sql));
    } catch (error) {
      throw explainModelError(error, spec);
    }
    const actualColumns = await adapter.columns(sandbox.session, actual);
    const expected: RelationRef = { schema: spec.schema, identifier: `${spec.prefix}weir_expected` };
    const columns = await createExpected(spec, expected, actualColumns, sandbox, exec);
    return await compare(spec, columns, adapter.dialect.relation(expected), adapter.dialect.relation(actual), sandbox);
  } finally {
    // Temporary tables made in the transaction go with its rollback.
    await sandbox.session.execute(sandbox.rollback ? 'rollback' : `drop schema if exists ${q(spec.schema)} cascade`).catch(() => undefined);
  }
}

/**
 * As dbt does, an upstream that already exists in the warehouse says which columns (and types) its
 * fixture has; its properties yml fills in when it does not. Only the catalog is read.
 */
async function withCatalogColumns(given: GivenFixture, sandbox: Sandbox): Promise<GivenFixture> {
  if (given.complete || !given.upstream || !sandbox.catalog) return given;
  const columns = await sandbox.catalog(given.upstream).catch(() => []);
  if (columns.length === 0) return given;
  const declared = new Map(given.columns.map((c) => [c.name.toLowerCase(), c.type]));
  // The sandbox is DuckDB, which reads PostgreSQL's and Trino's type names too, except these
  // (Trino's timestamp(6) with time zone is DuckDB's timestamp with time zone).
  const sandboxType = (type: string) => (/^jsonb?$/i.test(type) ? 'JSON' : /^[A-Za-z][A-Za-z0-9 _(),]*$/.test(type) && !/^(ARRAY|USER-DEFINED)$/i.test(type)
    ? type.replace(/^(timestamp)\s*\(\d+\)/i, '$1') : undefined);
  return {
    ...given,
    complete: true,
    columns: columns.map((c) => ({ name: c.name, type: declared.get(c.name.toLowerCase()) ?? sandboxType(c.dataType) })),
  };
}

async function createGiven(fixture: GivenFixture, spec: UnitTestSpec, sandbox: Sandbox, exec: (sql: string) => Promise<void>) {
  const [schema, identifier] = fixture.table.split('.') as [string, string];
  const ref = { schema, identifier };
  if (fixture.sql !== undefined) return exec(sandbox.adapter.dialect.createTableAs(ref, fixture.sql));
  const given = await withCatalogColumns(fixture, sandbox);
  const rowColumns = columnsOfRows(given.rows);
  const known = new Set(given.columns.map((c) => c.name.toLowerCase()));
  const unknown = rowColumns.filter((c) => !known.has(c.toLowerCase()));
  if (given.complete && unknown.length > 0) {
    throw new WeirError(`unit test '${spec.name}' (${spec.place}): the rows given for ${given.input} have column${unknown.length === 1 ? '' : 's'} ${unknown.map((c) => `'${c}'`).join(', ')}, which ${given.input} does not have`, {
      hint: `${didYouMean(unknown[0]!, given.columns.map((c) => c.name)) ?? ''} its columns: ${given.columns.map((c) => c.name).join(', ')}`.trim(),
    });
  }
  const columns: FixtureColumn[] = [...given.columns, ...unknown.map((name) => ({ name, type: undefined }))];
  await insertRows(ref, columns, given, sandbox, exec, (name) => `column '${name}' of ${given.input}`);
}

/** Creates `ref` with the given columns (typed, or inferred from the rows) and inserts the rows. */
async function insertRows(
  ref: RelationRef,
  columns: readonly FixtureColumn[],
  fixture: FixtureRows,
  sandbox: Sandbox,
  exec: (sql: string) => Promise<void>,
  describe: (column: string) => string,
) {
  const { dialect } = sandbox.adapter;
  const typed = columns.map((c) => ({ name: c.name, type: spelled(c.type ?? inferType(fixture.rows.map((r) => valueOf(r, c.name)), fixture.textual), sandbox) }));
  const table = dialect.relation(ref);
  // `rows: []` for an upstream whose columns nobody declared: a table with no rows and a stand-in column.
  const ddl = typed.length > 0 ? typed.map((c) => `${dialect.quoteIdentifier(c.name)} ${c.type}`) : [`${dialect.quoteIdentifier(NO_COLUMNS)} INTEGER`];
  await exec(`create table ${table} (${ddl.join(', ')})`);
  if (fixture.rows.length === 0) return;
  const values = fixture.rows.map((row) => `(${typed.map((c) => literal(valueOf(row, c.name), c.type, fixture.textual, dialect.quoteLiteral)).join(', ')})`);
  try {
    await exec(`insert into ${table} values\n${values.join(',\n')}`);
  } catch (error) {
    throw new WeirError(`a value does not fit its column's type: ${errorMessage(error).split('\n')[0]}`, {
      hint: `types: ${typed.map((c) => `${describe(c.name)} is ${c.type}`).join('; ')}`,
      cause: error,
    });
  }
}

/** The expected rows, typed like the model's output so `1` equals `1.0` and '2024-01-01' a date. */
async function createExpected(spec: UnitTestSpec, ref: RelationRef, actual: readonly ColumnInfo[], sandbox: Sandbox, exec: (sql: string) => Promise<void>): Promise<string[]> {
  if (spec.expect.sql !== undefined) {
    await exec(sandbox.adapter.dialect.createTableAs(ref, spec.expect.sql));
    return (await sandbox.adapter.columns(sandbox.session, ref)).map((c) => c.name);
  }
  // `expect: {rows: []}`: the model returns no rows; every column it outputs is compared (any row is extra).
  const wanted = spec.expect.rows.length === 0 ? actual.map((c) => c.name) : columnsOfRows(spec.expect.rows);
  const byName = new Map(actual.map((c) => [c.name.toLowerCase(), c]));
  const missing = wanted.filter((c) => !byName.has(c.toLowerCase()));
  if (missing.length > 0) {
    throw new WeirError(`unit test '${spec.name}' (${spec.place}) expects column${missing.length === 1 ? '' : 's'} ${missing.map((c) => `'${c}'`).join(', ')}, which model '${spec.model}' does not output`, {
      hint: `${didYouMean(missing[0]!, actual.map((c) => c.name)) ?? ''} the model's columns: ${actual.map((c) => c.name).join(', ')}`.trim(),
    });
  }
  const columns = wanted.map((name) => ({ name, type: byName.get(name.toLowerCase())!.dataType }));
  await insertRows(ref, columns, spec.expect, sandbox, exec, (name) => `expected column '${name}'`);
  return wanted;
}

async function compare(spec: UnitTestSpec, columns: readonly string[], expected: string, actual: string, sandbox: Sandbox): Promise<UnitTestOutcome> {
  const q = sandbox.adapter.dialect.quoteIdentifier;
  const list = columns.map(q).join(', ');
  const shown = columns.map((c) => `cast(${q(c)} as varchar) as ${q(c)}`).join(', ');
  const side = (name: string, from: string, minus: string) =>
    `select '${name}' as weir_side, ${shown} from (select ${list} from ${from} except all select ${list} from ${minus}) as d`;
  const sql = `${side('missing', expected, actual)}\nunion all\n${side('extra', actual, expected)}`;
  sandbox.record(sql);
  const { rows } = await sandbox.session.query(sql);
  if (rows.length === 0) return { status: 'pass', differences: 0, message: 'passed' };
  const matchedSql = `select ${shown} from (select ${list} from ${expected} intersect all select ${list} from ${actual}) as m limit 20`;
  const matched = (await sandbox.session.query(matchedSql)).rows;
  const diff = formatRowDiff(columns, rows.filter((r) => r.weir_side === 'missing'), rows.filter((r) => r.weir_side === 'extra'), matched);
  return { status: 'fail', differences: rows.length, message: diff };
}

/**
 * A fixture column's type as the sandbox's engine spells it. On the warehouse (PostgreSQL) a type
 * inferred from the rows, or a yml data_type written for DuckDB as the example's `double`, goes
 * through the dialect's own spelling (double, string, blob...); DuckDB-only integers it does not
 * know are mapped here.
 */
const DUCKDB_ONLY: Readonly<Record<string, string>> = {
  hugeint: 'numeric(38,0)', tinyint: 'smallint', utinyint: 'smallint', usmallint: 'smallint', uinteger: 'bigint', ubigint: 'numeric(20,0)',
};
function spelled(type: string, sandbox: Sandbox): string {
  if (!sandbox.rollback) return type;
  return DUCKDB_ONLY[type.trim().toLowerCase()] ?? sandbox.adapter.dialect.normalizeType(type);
}

/** The model's SQL failed on the fixtures: most often a column the given rows leave out. */
function explainModelError(error: unknown, spec: UnitTestSpec): unknown {
  const message = errorMessage(error);
  const column = /column "?([^"\s]+)"? not found|Referenced column "([^"]+)" not found|does not have a column named "([^"]+)"|column "?(?:\w+\.)?([^"\s.]+)"? does not exist/i.exec(message);
  if (!column) return error;
  const name = column[1] ?? column[2] ?? column[3] ?? column[4];
  return new DatabaseError(message.split('\n')[0]!, {
    cause: error,
    hint: `unit test '${spec.name}' (${spec.place}): no given input has column '${name}'; add it to the rows of the input the model reads it from, or list that input's columns (with data_type) in its properties yml, or give its rows with format: sql`,
  });
}
