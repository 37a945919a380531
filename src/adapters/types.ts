/**
 * The contract between weir and a database engine. Everything engine-specific (driver, quoting,
 * DDL spelling, bulk load, catalog, error wording) lives behind it; the rest of weir never imports
 * a driver. Plain structural types, so a test can see exactly what an engine must provide.
 */
export type RelationKind = 'table' | 'view';
export type IncrementalStrategy = 'append' | 'merge' | 'delete+insert';

export interface RelationRef {
  /** The database (DuckDB catalog, Trino catalog) when named; absent, the session's own. */
  readonly database?: string | undefined;
  readonly schema: string;
  readonly identifier: string;
}

export interface ColumnInfo {
  readonly name: string;
  readonly dataType: string;
}

/** A table or view with its columns in order, as the warehouse's catalog describes it. */
export interface CatalogRelation {
  readonly schema: string;
  readonly identifier: string;
  readonly kind: RelationKind;
  readonly columns: readonly ColumnInfo[];
}

export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<Readonly<Record<string, unknown>>>;
}

/** One connection; statements on it run one at a time. */
export interface Session {
  /** Runs one statement; `rowsAffected` is what the engine reports for DML (undefined for DDL). */
  execute(sql: string): Promise<{ rowsAffected: number | undefined }>;
  query(sql: string): Promise<QueryResult>;
}

export interface SwapInput {
  readonly target: RelationRef;
  /** What the target is now; undefined when it does not exist yet. */
  readonly existing: RelationKind | undefined;
  readonly replacement: RelationRef;
  readonly replacementKind: RelationKind;
}

/** Runs one statement and records it for target/run. */
export type RunStatement = (sql: string) => Promise<unknown>;

export interface IncrementalInput {
  readonly strategy: IncrementalStrategy;
  readonly target: RelationRef;
  /** The new rows, already built into a table. */
  readonly source: RelationRef;
  readonly columns: readonly string[];
  readonly uniqueKey: readonly string[];
  /** merge: the columns a matched row updates (dbt's merge_update_columns / merge_exclude_columns); all but the key by default. */
  readonly updateColumns?: readonly string[] | undefined;
  /** dbt's incremental_predicates: SQL conditions added to the merge's match or the delete. */
  readonly predicates?: readonly string[] | undefined;
}

/** A model's `properties` config: property name -> SQL literal, as dbt-trino passes them into WITH (...). */
export type TableProperties = Readonly<Record<string, string | number | boolean>>;

/** How this engine spells the statements materializations need. */
export interface Dialect {
  quoteIdentifier(name: string): string;
  quoteLiteral(value: string): string;
  relation(ref: RelationRef): string;
  /** `properties`: dbt-trino's table properties (SQL literals, verbatim); engines without them ignore them. */
  createTableAs(ref: RelationRef, sql: string, properties?: TableProperties): string;
  createView(ref: RelationRef, sql: string): string;
  rename(kind: RelationKind, from: RelationRef, toIdentifier: string): string;
  drop(kind: RelationKind, ref: RelationRef): string;
  addColumn(ref: RelationRef, column: ColumnInfo): string;
  /** The statements that fold the rows of `source` into `target` with an incremental strategy. */
  incremental(input: IncrementalInput): string[];
  /** Wraps a query so it returns at most `limit` rows (for `weir show`). */
  limit(sql: string, limit: number): string;
  /**
   * The engine's canonical name of a type, so a contract's `data_type: int` matches the catalog's
   * `INTEGER`. Aliases are the engine's own (`float` is 4 bytes in DuckDB, 8 in PostgreSQL).
   */
  normalizeType(type: string): string;
  /**
   * The statements that give `column` of table `ref` (whose columns are `columns`) the wider `type`;
   * `alter table ... alter column ... type` when left out.
   */
  changeColumnType?(ref: RelationRef, columns: readonly ColumnInfo[], column: string, type: string): string[];
  /** md5 of a text expression as 32 lower-case hex digits; `md5(text)` when left out. */
  md5?(text: string): string;
  /** `update target set ... from source as alias where ...` for engines without it (Trino: MERGE). */
  updateFrom?(target: string, assignments: readonly string[], source: string, alias: string, where: string): string;
  /**
   * `statement` where now() is each statement's own time (Trino runs every statement on its own):
   * a run that needs one time for several statements reads it once. `transaction` when left out.
   */
  readonly now?: 'transaction' | 'statement';
  /**
   * How a microbatch window bound ('2024-01-01 00:00:00+00:00') is compared with an event_time
   * column; absent, a plain string the engine casts (Trino casts none: TIMESTAMP '...', as dbt-trino).
   */
  readonly eventTimeLiteral?: (text: string) => string;
  /** A subquery in FROM must be named (PostgreSQL before 16): `--empty`'s limited refs get dbt's alias. */
  readonly subqueryNeedsAlias?: boolean;
  /** What an unquoted identifier becomes (PostgreSQL folds it to lower case); absent: kept as written. */
  readonly foldUnquoted?: (name: string) => string;
  /** A query listing (column `word`, lower case) the keywords an unquoted column name cannot be. */
  readonly reservedWordsQuery?: string;
  /** The pieces of the row hash `weir diff --target-b` compares across engines (see value-text.ts). */
  readonly rowHash: RowHashSql;
}

/** A column's kind of value, for writing it as the same text on every engine. */
export type ValueFamily = 'number' | 'boolean' | 'date' | 'timestamp' | 'timestamptz' | 'text';

/**
 * How an engine writes a value as canonical text, so the same logical row hashes the same on
 * DuckDB, PostgreSQL and Trino: numbers as decimal(38,10) text, booleans `true`/`false`, dates
 * ISO, timestamps `YYYY-MM-DDTHH:MM:SS.ffffff` (with time zone: in UTC), the rest cast to text.
 */
export interface RowHashSql {
  /** `expr` as canonical text; null stays null. */
  canonicalText(expr: string, family: ValueFamily): string;
  /** A text expression of 8 hex digits as its (non-negative) bigint. */
  hexToBigint(hex: string): string;
}

export interface CsvLoadOptions {
  /** Column name -> SQL type, overriding inference. */
  readonly columnTypes: Readonly<Record<string, string>>;
  readonly delimiter?: string;
  /** The file as the user knows it (relative to the project), for error messages. */
  readonly path?: string;
  /** 'integer': a column of whole numbers that fit 32 bits is integer, not bigint (dbt's seeds). */
  readonly integers?: 'integer' | undefined;
  /** Table properties for `create table ... with (...)` (Trino); engines without them ignore these. */
  readonly properties?: TableProperties | undefined;
}

/** The column types ingestion infers from records; each engine names its SQL type for them. */
export type IngestColumnType = 'integer' | 'double' | 'boolean' | 'date' | 'timestamp' | 'text' | 'json';

export interface CsvReadOptions {
  readonly delimiter: string;
  readonly header: boolean;
  readonly quote: string;
  readonly escape?: string | undefined;
  readonly encoding: string;
  /** Column name -> SQL type, overriding inference. */
  readonly columnTypes: Readonly<Record<string, string>>;
  /** Constant columns added to every row (`_weir_loaded_at`...): SQL type and the value as text. */
  readonly constants: ReadonlyArray<{ readonly name: string; readonly dataType: string; readonly value: string }>;
  /** Keep going past rows that do not parse and report them, instead of failing at the first. */
  readonly skipBadRows: boolean;
  /**
   * A bigint column to add that numbers the rows in the order they come in the files (file by
   * file, line by line), so a later row can win over an earlier one with the same key.
   */
  readonly rowNumber?: string | undefined;
}

/** A CSV row the engine's reader could not load. */
export interface RejectedRow {
  readonly file: string;
  readonly line: number;
  readonly message: string;
  readonly raw: string;
}

/** One entry of dbt-postgres's `indexes` config. */
export interface IndexConfig {
  readonly columns: readonly string[];
  readonly unique?: boolean | undefined;
  readonly type?: string | undefined;
}

export interface Adapter {
  readonly type: string;
  readonly dialect: Dialect;
  /** The target's schema: where models land unless configured otherwise. */
  readonly defaultSchema: string;
  /** How many sessions can run at once (the size of the connection pool). */
  readonly maxSessions: number;
  /** Borrows a session for the length of `work`; sessions are pooled, one per thread. */
  withSession<T>(work: (session: Session) => Promise<T>): Promise<T>;
  relationKind(session: Session, ref: RelationRef): Promise<RelationKind | undefined>;
  /**
   * Optional: makes the relation's privileges exactly `grants` (dbt's grants config, privilege ->
   * grantees). An engine without one has no privileges to manage (DuckDB).
   */
  applyGrants?(session: Session, ref: RelationRef, grants: Readonly<Record<string, readonly string[]>>, run: RunStatement): Promise<void>;
  /**
   * Optional: the statement that creates one index of dbt-postgres's `indexes` config on a table just
   * built. An engine without one has no indexes to create (DuckDB, Trino): the config is ignored there.
   */
  createIndexSql?(ref: RelationRef, index: IndexConfig): string;
  columns(session: Session, ref: RelationRef): Promise<ColumnInfo[]>;
  /**
   * Optional: every relation in these schemas with its columns, in one round trip (for
   * target/catalog.json on large projects). Without it weir asks `relationKind` and `columns` per node.
   */
  catalog?(session: Session, schemas: readonly string[]): Promise<CatalogRelation[]>;
  ensureSchema(session: Session, schema: string): Promise<void>;
  /** Bulk-loads a CSV file into a new table `ref` with the engine's native reader; returns rows. */
  loadCsv(session: Session, ref: RelationRef, absolutePath: string, options: CsvLoadOptions): Promise<number>;
  /**
   * Puts `replacement` (built under a temporary name in the target's schema, in the caller's open
   * transaction) in the place of `target`, in that transaction: readers see the old relation or the
   * new one, never none, and the views built on the target keep working (engines whose views bind
   * to tables rebind them). `run` runs and records each statement (target/run).
   */
  swapRelation(session: Session, input: SwapInput, run: RunStatement): Promise<void>;
  /**
   * Gives the view `target` (now `existing`, or missing) the query `sql`, in the caller's open
   * transaction, with the same guarantee as swapRelation for readers and for views built on it.
   */
  replaceView(session: Session, target: RelationRef, existing: RelationKind | undefined, sql: string, run: RunStatement): Promise<void>;
  /**
   * Optional, for engines whose `create or replace view` is atomic on its own (DuckDB): gives the
   * view `target` the query `sql` in that one statement, outside any transaction. Readers see the
   * old view or the new one; a failing query leaves the old one and throws. Resolves to false,
   * having changed nothing, when a table holds the name: the caller then takes replaceView's
   * transactional path, which drops it.
   */
  replaceViewAlone?(session: Session, target: RelationRef, sql: string, run: RunStatement): Promise<boolean>;
  /**
   * Engines shared by several processes: holds a lock on one relation for this session until the
   * returned release, so two runs never write the same relation (or its staging tables) at once.
   * `onWait` is told once when another run holds it and this one waits.
   */
  lockRelation?(session: Session, ref: RelationRef, onWait?: (message: string) => void): Promise<() => Promise<void>>;
  /** Like lockRelation without waiting: undefined when another run holds it. */
  tryLockRelation?(session: Session, ref: RelationRef): Promise<(() => Promise<void>) | undefined>;
  /** Every table and view of these schemas (for the clean-up of a killed run's temporary relations). */
  relations(session: Session, schemas: readonly string[]): Promise<Array<{ readonly ref: RelationRef; readonly kind: RelationKind }>>;
  /**
   * Takes the warehouse-side lock that keeps two runs on this target apart; resolves to its release.
   * Engines whose file or server already serialises writers may leave it out. `onWait` is told
   * once when another run holds the lock and this one waits for it (lock_timeout).
   */
  lockTarget?(onWait?: (message: string) => void): Promise<() => Promise<void>>;
  /**
   * Engines whose DDL cannot be rolled back (Trino): binds a query without running it or reading
   * data, throwing the engine's error. `weir validate` then checks each model's query with its
   * selected parents' queries in their place, instead of views in a rolled-back transaction.
   */
  validateQuery?(session: Session, sql: string): Promise<void>;
  /** Cancels the statements running now (Ctrl-C); their transactions roll back. */
  cancel?(): Promise<void>;
  /** SQL type names for the column types ingestion infers. */
  readonly ingestTypes: Readonly<Record<IngestColumnType, string>>;
  /**
   * Bulk-appends a newline-delimited JSON file (one object per line, keys = column names) into the
   * existing table `ref` with the engine's native path; listed columns only (others take their
   * defaults). `longestLineBytes`, when the writer knows it, bounds the engine's line buffer.
   * Returns the rows added.
   */
  appendNdjson(session: Session, ref: RelationRef, absolutePath: string, columns: readonly ColumnInfo[], longestLineBytes?: number): Promise<number>;
  /**
   * Creates table `ref` from CSV files with the engine's native reader (types inferred unless
   * given). With `skipBadRows` the rows that do not parse are returned instead of loaded; without,
   * the first one fails with its file and line.
   */
  createTableFromCsv(session: Session, ref: RelationRef, files: readonly string[], options: CsvReadOptions): Promise<{ rows: number; rejected: RejectedRow[] }>;
  /** A one-line description of the connection, without secrets, for `weir debug` and logs. */
  describe(): string;
  close(): Promise<void>;
}

export interface AdapterContext {
  /** Relative file paths in the target config resolve against this directory. */
  readonly projectRoot: string;
  /** The connection pool size to open (the run's thread count). */
  readonly threads: number;
}

/**
 * A SQL parser (no database, no data): each query's syntax tree as DuckDB's `json_serialize_sql()`
 * writes it, for column lineage. DuckDB's grammar is PostgreSQL's, so it reads both engines' SQL.
 */
export interface SqlParser {
  /** One tree per query, in order: `{ error: true, error_message }` for a query that does not parse. */
  parse(queries: readonly string[]): Promise<unknown[]>;
  /** Names of the aggregate functions (sum, count, string_agg...), lower case. */
  readonly aggregates: ReadonlySet<string>;
  close(): void;
}
