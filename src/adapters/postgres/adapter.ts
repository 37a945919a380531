import pg from 'pg';
import { groupCatalogRows } from '../catalog-rows.js';
import type { Adapter, AdapterContext, CatalogRelation, ColumnInfo, RelationKind, Session } from '../types.js';
import { postgresTargetSchema, statementTimeoutMs } from './config.js';
import { connectionSettings } from './connection.js';
import { copyCsv } from './copy-csv.js';
import { copyStreams } from './copy-streams.js';
import { appendNdjson, createTableFromCsv, POSTGRES_INGEST_TYPES } from './bulk-load.js';
import { postgresDialect as dialect } from './dialect.js';
import { postgresError, type ErrorContext } from './errors.js';
import { takeTargetLock } from './target-lock.js';
import { typeParsers } from './type-parsers.js';
import { lockRelation, tryLockRelation } from './relation-lock.js';
import { applyPostgresGrants } from './grants.js';
import { postgresReplaceView, postgresSwap } from './swap.js';
import { postgresCreateIndexSql } from './indexes.js';

const q = dialect.quoteLiteral;

/**
 * A PostgreSQL target: a pg.Pool of one connection per thread. A session is one pooled client held
 * for a whole node, so its transaction (build, swap) runs on one connection.
 */
export async function createPostgresAdapter(rawConfig: unknown, context: AdapterContext): Promise<Adapter> {
  const config = postgresTargetSchema.parse(rawConfig);
  const settings = connectionSettings(config);
  const size = Math.max(1, context.threads);
  const errorContext: ErrorContext = {
    host: settings.host, port: settings.port, user: settings.user, database: settings.database, schema: config.schema,
    secrets: settings.secrets, statementTimeout: statementTimeoutMs(config.statement_timeout),
  };
  const fail = (error: unknown, sql?: string) => postgresError(error, { ...errorContext, sql });
  const pool = new pg.Pool({ ...settings.client, max: size, types: typeParsers });
  // An idle client losing its connection must not crash the run; the next checkout reports it.
  pool.on('error', () => undefined);
  const clients = new WeakMap<Session, pg.PoolClient>();
  const busy = new Set<pg.PoolClient>();
  const copies = copyStreams();

  const sessionOn = (client: pg.PoolClient): Session => ({
    async execute(sql) {
      try {
        const result = await client.query(sql);
        return { rowsAffected: result.command === 'SELECT' || result.rowCount === null ? undefined : result.rowCount };
      } catch (error) {
        throw fail(error, sql);
      }
    },
    async query(sql) {
      try {
        const result = await client.query(sql);
        return { columns: result.fields.map((f) => f.name), rows: result.rows };
      } catch (error) {
        throw fail(error, sql);
      }
    },
  });

  const clientOf = (session: Session): pg.PoolClient => {
    const client = clients.get(session);
    if (!client) throw new Error('bulk loads need a session of this adapter');
    return client;
  };

  const describe = `postgres ${settings.user}@${settings.host}:${settings.port}/${settings.database} (schema ${config.schema})`;
  return {
    type: 'postgres',
    dialect,
    defaultSchema: config.schema,
    maxSessions: size,
    async withSession(work) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw fail(error);
      }
      const session = sessionOn(client);
      clients.set(session, client);
      busy.add(client);
      let broken: Error | undefined;
      try {
        return await work(session);
      } catch (error) {
        // A connection that died (or was cancelled mid-transaction) is not handed out again.
        if (!(error as { cause?: { code?: string } }).cause?.code?.match(/^[0-9A-Z]{5}$/)) broken = error as Error;
        throw error;
      } finally {
        busy.delete(client);
        client.release(broken);
      }
    },
    async relationKind(session, ref): Promise<RelationKind | undefined> {
      const { rows } = await session.query(
        `select c.relkind from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = ${q(ref.schema)} and c.relname = ${q(ref.identifier)} and c.relkind in ('r', 'p', 'v', 'm', 'f')${ref.database === undefined ? '' : ` and current_database() = ${q(ref.database)}`}`,
      );
      const kind = rows[0]?.relkind;
      if (kind === undefined) return undefined;
      return kind === 'v' ? 'view' : 'table';
    },
    async columns(session, ref): Promise<ColumnInfo[]> {
      // `pg_temp` names the session's own temporary schema (pg_temp_N), where unit tests put their tables.
      // information_schema says `numeric` for numeric(18,2); format_type keeps the precision, so a
      // column added on schema change gets exactly the type it had.
      const { rows } = await session.query(
        `select a.attname as column_name, pg_catalog.format_type(a.atttypid, a.atttypmod) as data_type from pg_catalog.pg_attribute a join pg_catalog.pg_class c on c.oid = a.attrelid join pg_catalog.pg_namespace n on n.oid = c.relnamespace where ${ref.schema === 'pg_temp' ? 'n.oid = pg_catalog.pg_my_temp_schema()' : `n.nspname = ${q(ref.schema)}`} and c.relname = ${q(ref.identifier)} and a.attnum > 0 and not a.attisdropped order by a.attnum`,
      );
      return rows.map((r) => ({ name: String(r.column_name), dataType: String(r.data_type) }));
    },
    async catalog(session, schemas): Promise<CatalogRelation[]> {
      // The same types as columns() (format_type), for every relation of these schemas at once.
      if (schemas.length === 0) return [];
      const { rows } = await session.query(
        `select n.nspname as table_schema, c.relname as table_name, case when c.relkind = 'v' then 'VIEW' else 'BASE TABLE' end as table_type, a.attname as column_name, pg_catalog.format_type(a.atttypid, a.atttypmod) as data_type from pg_catalog.pg_attribute a join pg_catalog.pg_class c on c.oid = a.attrelid join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname in (${schemas.map(q).join(', ')}) and c.relkind in ('r', 'p', 'v', 'm', 'f') and a.attnum > 0 and not a.attisdropped order by n.nspname, c.relname, a.attnum`,
      );
      return groupCatalogRows(rows);
    },
    async ensureSchema(session, schema) {
      const { rows } = await session.query(`select 1 from pg_catalog.pg_namespace where nspname = ${q(schema)}`);
      if (rows.length > 0) return;
      try {
        await session.execute(`create schema if not exists ${dialect.quoteIdentifier(schema)}`);
      } catch (error) {
        // Two runs creating it at once: the other one won, which is what we wanted.
        if (!/duplicate key|already exists/.test(String((error as Error).message))) throw error;
      }
    },
    async loadCsv(session, ref, absolutePath, options) {
      const client = clients.get(session);
      if (!client) throw new Error('loadCsv needs a session of this adapter');
      try {
        return (await copyCsv(client, copies, ref, absolutePath, options)).rows;
      } catch (error) {
        throw fail(error);
      }
    },
    async relations(session, schemas) {
      if (schemas.length === 0) return [];
      const { rows } = await session.query(
        `select n.nspname as schema, c.relname as name, c.relkind from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname in (${schemas.map(q).join(', ')}) and c.relkind in ('r', 'p', 'v', 'm', 'f')`,
      );
      return rows.map((r) => ({ ref: { schema: String(r.schema), identifier: String(r.name) }, kind: r.relkind === 'v' ? 'view' as const : 'table' as const }));
    },
    swapRelation: postgresSwap,
    applyGrants: applyPostgresGrants,
    createIndexSql: (ref, index) => postgresCreateIndexSql(ref, index, settings.database),
    replaceView: postgresReplaceView,
    lockRelation: (session, ref, onWait) => lockRelation(session, ref, onWait),
    tryLockRelation: (session, ref) => tryLockRelation(session, ref),
    ingestTypes: POSTGRES_INGEST_TYPES,
    async appendNdjson(session, ref, path, columns) {
      try {
        return await appendNdjson(clientOf(session), copies, ref, path, columns);
      } catch (error) {
        throw fail(error);
      }
    },
    async createTableFromCsv(session, ref, files, options) {
      try {
        return await createTableFromCsv(clientOf(session), copies, ref, files, options);
      } catch (error) {
        throw fail(error);
      }
    },
    lockTarget: (onWait) => takeTargetLock(settings.client, { schema: config.schema, waitSeconds: config.lock_timeout, fail, onWait }),
    async cancel() {
      copies.cancel();
      const pids = [...busy].map((c) => (c as unknown as { processID?: number }).processID).filter((p): p is number => typeof p === 'number');
      if (pids.length === 0) return;
      const client = new pg.Client(settings.client);
      try {
        await client.connect();
        await client.query(`select pg_catalog.pg_cancel_backend(pid) from unnest(array[${pids.join(',')}]::int[]) as pid`);
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    describe: () => describe,
    async close() {
      await pool.end();
    },
  };
}
