import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BasicAuth, Trino, type QueryResult as TrinoPage } from 'trino-client';
import { groupCatalogRows, inCatalog, informationSchemaColumns } from '../catalog-rows.js';
import type { Adapter, AdapterContext, CatalogRelation, IngestColumnType, RelationKind, RelationRef, Session } from '../types.js';
import { targetSecrets, trinoHeaders, trinoTargetSchema } from './config.js';
import { trinoDialect as dialect } from './dialect.js';
import { positionedIn, trinoError, type ErrorContext } from './errors.js';
import { appendNdjson, createTableFromCsv, insertBatches, loadSeed, type Rows } from './bulk-load.js';
import { stagedRows } from './staged-load.js';
import { createUndoJournal, withoutQueryComment } from './undo-journal.js';
import { createPool } from '../pool.js';
import { applyTrinoGrants } from './grants.js';
import { lateBindingReplaceView, lateBindingSwap } from '../late-binding-swap.js';

const q = dialect.quoteLiteral;

const TRINO_INGEST_TYPES: Readonly<Record<IngestColumnType, string>> = {
  integer: 'bigint', double: 'double', boolean: 'boolean', date: 'date', timestamp: 'timestamp(6) with time zone', text: 'varchar', json: 'varchar',
};

/**
 * A Trino target over its HTTP protocol (trino-client). Trino keeps no connection state, so a
 * session is a client plus weir's transaction journal (see undo-journal.ts); `threads` sessions
 * run at once. Every query carries the target's catalog, schema and session properties.
 */
export async function createTrinoAdapter(rawConfig: unknown, context: AdapterContext): Promise<Adapter> {
  const config = trinoTargetSchema.parse(rawConfig);
  const server = `${config.http_scheme}://${config.host}:${config.port}`;
  const secrets = targetSecrets(config);
  const errorContext: ErrorContext = { server, user: config.user, secrets };
  const client = Trino.create({
    server,
    source: 'weir',
    catalog: config.catalog,
    schema: config.schema,
    session: Object.fromEntries(Object.entries(config.session_properties).map(([k, v]) => [k, String(v)])),
    ...(config.password !== undefined ? { auth: new BasicAuth(config.user, config.password) } : {}),
    ...(config.cert !== undefined ? { ssl: config.cert === false ? { rejectUnauthorized: false } : config.cert === true ? {} : { ca: readFileSync(resolve(context.projectRoot, config.cert)) } } : {}),
    extraHeaders: { ...trinoHeaders(config), 'X-Trino-User': config.user, ...(config.jwt !== undefined ? { Authorization: `Bearer ${config.jwt}` } : {}) },
  });
  const running = new Set<string>();

  /** Runs one statement to its end; decimals come back as numbers, like the other engines. */
  async function run(sql: string): Promise<{ columns: string[]; rows: Record<string, unknown>[]; updateCount: number | undefined }> {
    let queryId: string | undefined;
    try {
      const pages = await submit(sql);
      let columns: { name: string; type: string }[] | undefined;
      const rows: Record<string, unknown>[] = [];
      let updateCount: number | undefined;
      for await (const page of pages as AsyncIterable<TrinoPage & { updateCount?: number }>) {
        if (!queryId && page.id) running.add((queryId = page.id));
        if (page.error) {
          const at = (page.error as { errorLocation?: { lineNumber: number; columnNumber: number } }).errorLocation;
          throw trinoError({ message: page.error.message, errorName: page.error.errorName, errorType: page.error.errorType, queryId: page.id,
            line: at?.lineNumber, column: at?.columnNumber }, errorContext, sql);
        }
        columns ??= page.columns;
        if (page.updateCount !== undefined) updateCount = page.updateCount;
        for (const values of page.data ?? []) {
          const row: Record<string, unknown> = {};
          columns!.forEach((c, i) => {
            const v = values[i];
            row[c.name] = typeof v === 'string' && c.type.startsWith('decimal') ? Number(v) : v;
          });
          rows.push(row);
        }
      }
      return { columns: (columns ?? []).map((c) => c.name), rows, updateCount };
    } catch (error) {
      if ((error as { name?: string }).name === 'DatabaseError') throw error;
      throw trinoError({ ...toNetworkFailure(error), queryId }, errorContext, sql);
    } finally {
      if (queryId) running.delete(queryId);
    }
  }

  /**
   * Sends a statement. Node keeps idle sockets for reuse; one the server has closed in the meantime
   * (a session idle for minutes) fails with EPIPE, or ECONNRESET before any answer, and Trino has no
   * query from it: send it once more. (Trino answers a submission at once, with the query's id.)
   */
  async function submit(sql: string) {
    try {
      return await client.query(sql);
    } catch (error) {
      const code = networkCode(error);
      if (code !== 'EPIPE' && code !== 'ECONNRESET') throw error;
      return client.query(sql);
    }
  }

  const kindOf = async (ref: RelationRef): Promise<RelationKind | undefined> => {
    const { rows } = await run(`select table_type from information_schema.tables where table_schema = ${q(ref.schema)} and table_name = ${q(ref.identifier)}${inCatalog(ref, q)}`);
    const type = rows[0]?.table_type;
    return type === undefined ? undefined : String(type) === 'VIEW' ? 'view' : 'table';
  };

  const newSession = async (): Promise<Session> => {
    const journal = createUndoJournal({
      run: async (sql) => ({ rowsAffected: (await run(sql)).updateCount }),
      kindOf,
      // As text: snapshot ids use all 64 bits, beyond what a JSON number keeps exactly.
      async snapshot(ref) {
        const { rows } = await run(`select cast(snapshot_id as varchar) as snapshot_id from ${dialect.relation({ ...ref, identifier: `${ref.identifier}$snapshots` })} order by committed_at desc limit 1`);
        return rows[0]?.snapshot_id === undefined ? undefined : String(rows[0].snapshot_id);
      },
    });
    return {
      async execute(sql) {
        const word = withoutQueryComment(sql).toLowerCase().replace(/;$/, '');
        if (word === 'begin' || word === 'start transaction') return journal.begin(), { rowsAffected: undefined };
        if (word === 'commit') return await journal.commit(), { rowsAffected: undefined };
        if (word === 'rollback') return await journal.rollback(), { rowsAffected: undefined };
        // Views bind when read, so weir never needs savepoints around recreating them.
        if (/^(savepoint|release savepoint|rollback to savepoint) /.test(word)) return { rowsAffected: undefined };
        return journal.execute(sql);
      },
      async query(sql) {
        const { columns, rows } = await run(sql);
        return { columns, rows };
      },
    };
  };
  // Loads go through a staged file when the target names a folder the cluster reads, else INSERT batches.
  const staging = config.staging && { ...config.staging, path: resolve(context.projectRoot, config.staging.path) };
  const direct = async (sql: string) => ({ rowsAffected: (await run(sql)).updateCount });
  const rowsFor = (session: Session): Rows => (ref, columns) => staging
    ? stagedRows((sql) => session.execute(sql), direct, staging, ref, columns)
    : insertBatches((sql) => session.execute(sql), ref, columns, config.insert_batch_rows);
  const size = Math.max(1, context.threads);
  const pool = createPool(size, newSession);

  return {
    type: 'trino',
    dialect,
    defaultSchema: config.schema,
    maxSessions: size,
    withSession: (work) => pool.use(work),
    relationKind: (_session, ref) => kindOf(ref),
    applyGrants: (session, ref, grants, run) => applyTrinoGrants(session, ref, grants, run, config.catalog),
    columns: (session, ref) => informationSchemaColumns(session, ref, q),
    async catalog(session, schemas): Promise<CatalogRelation[]> {
      if (schemas.length === 0) return [];
      const { rows } = await session.query(
        `select c.table_schema, c.table_name, t.table_type, c.column_name, c.data_type from information_schema.columns c join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name where c.table_schema in (${schemas.map(q).join(', ')}) order by c.table_schema, c.table_name, c.ordinal_position`,
      );
      return groupCatalogRows(rows);
    },
    async relations(session, schemas) {
      if (schemas.length === 0) return [];
      const { rows } = await session.query(`select table_schema, table_name, table_type from information_schema.tables where table_schema in (${schemas.map(q).join(', ')})`);
      return rows.map((r) => ({ ref: { schema: String(r.table_schema), identifier: String(r.table_name) }, kind: r.table_type === 'VIEW' ? 'view' as const : 'table' as const }));
    },
    // Trino stores a view as SQL and binds it when read: replacing what it reads needs nothing more.
    swapRelation: (_session, input, run) => lateBindingSwap(dialect, input, run),
    replaceView: (_session, target, existing, sql, run) => lateBindingReplaceView(dialect, target, existing, sql, run),
    async ensureSchema(session, schema) {
      const { rows } = await session.query(`select 1 from information_schema.schemata where schema_name = ${q(schema)}`);
      if (rows.length === 0) await session.execute(`create schema if not exists ${dialect.quoteIdentifier(schema)}`);
    },
    loadCsv: (session, ref, path, options) => loadSeed((sql) => session.execute(sql), rowsFor(session), ref, path, options),
    ingestTypes: TRINO_INGEST_TYPES,
    appendNdjson: (session, ref, path, columns) => appendNdjson(rowsFor(session), ref, path, columns),
    createTableFromCsv: (session, ref, files, options) => createTableFromCsv((sql) => session.execute(sql), rowsFor(session), ref, files, options),
    // Analyses and plans the query (names, columns, types) without running it.
    async validateQuery(session, sql) {
      const query = sql.replace(/[\s;]+$/, '');
      try {
        await session.query(`explain (type validate)\n${query}`);
      } catch (error) {
        throw positionedIn(error, query, 1, errorContext) ?? error;
      }
    },
    async cancel() {
      await Promise.all([...running].map((id) => client.cancel(id).catch(() => undefined)));
    },
    describe: () => `trino ${config.user}@${server} (catalog ${config.catalog}, schema ${config.schema})`,
    async close() {
      await pool.drain();
    },
  };
}

function networkCode(error: unknown): string | undefined {
  const e = error as { code?: string; cause?: { code?: string } } | undefined;
  return e?.code ?? e?.cause?.code;
}

function toNetworkFailure(error: unknown): { message: string; errorName?: string } {
  const e = error as { code?: string; message?: string; response?: { status?: number; data?: unknown } };
  if (e?.response?.status) {
    const body = typeof e.response.data === 'string' ? e.response.data.trim().slice(0, 300) : '';
    return { message: `Trino answered HTTP ${e.response.status}${body ? `: ${body}` : ''}`, errorName: `HTTP_${e.response.status}` };
  }
  const code = networkCode(error);
  return { message: `Could not reach Trino: ${e?.message ?? String(error)}`, ...(code ? { errorName: code } : {}) };
}
