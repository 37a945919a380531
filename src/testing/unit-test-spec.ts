/**
 * A compiled unit test: plain data the runner needs, nothing more. Fixture tables live in the
 * test's own schema of an in-memory database; the model's SQL is already rendered against them.
 */
export type FixtureRow = Readonly<Record<string, unknown>>;

export interface FixtureColumn {
  readonly name: string;
  /** From the upstream's properties (`data_type`); undefined means inferred from the rows. */
  readonly type: string | undefined;
}

export interface FixtureRows {
  /** Mappings column -> value (YAML), or rows of text (CSV, where values are typed by inference). */
  readonly rows: readonly FixtureRow[];
  readonly textual: boolean;
  /** `format: sql`: a query returning the rows, instead of `rows`. */
  readonly sql: string | undefined;
}

export interface GivenFixture extends FixtureRows {
  /** As written in yml: `ref('stg_orders')`, `source('shop', 'orders')`, `this`. */
  readonly input: string;
  /** Where the rows land: `<schema>.<table>` of the sandbox. */
  readonly table: string;
  /** Columns of the real upstream, when its properties list them. */
  readonly columns: readonly FixtureColumn[];
  /** True when `columns` is the whole upstream (a seed's header, a contract): other columns are mistakes. */
  readonly complete: boolean;
  /** The upstream's relation in the warehouse: its catalog, when it exists, gives columns and types. */
  readonly upstream: { readonly schema: string; readonly identifier: string } | undefined;
}

export interface UnitTestSpec {
  readonly name: string;
  readonly model: string;
  /**
   * The sandbox schema all of this test's tables live in: a schema of its own on an in-memory
   * DuckDB, or PostgreSQL's `pg_temp` (the session's temporary schema: no CREATE on the database).
   */
  readonly schema: string;
  /** Put before each table's name: the test's own prefix in the shared `pg_temp`, '' in a schema of its own. */
  readonly prefix: string;
  readonly given: readonly GivenFixture[];
  readonly expect: FixtureRows;
  /** The model rendered with its refs and sources pointing at the fixtures. */
  readonly sql: string;
  /** Where the unit test is written, for messages: `models/p.yml:12`. */
  readonly place: string;
  /**
   * The model could not be rendered for the test without the warehouse, or it raises when executing
   * (`{% if execute %}{{ exceptions.raise_compiler_error(...) }}`): as in dbt, that is this test's
   * error when it is selected and runs, not the whole project's.
   */
  readonly deferredError?: string;
}
