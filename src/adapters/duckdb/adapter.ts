import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Adapter, AdapterContext, CatalogRelation, RelationKind, RelationRef, Session } from '../types.js';
import { groupCatalogRows, inCatalog, informationSchemaColumns } from '../catalog-rows.js';
import { lateBindingReplaceView, lateBindingSwap } from '../late-binding-swap.js';
import { createPool } from '../pool.js';
import { duckdbOptions, duckdbSetupStatements, duckdbTargetSchema } from './config.js';
import { duckdbDialect } from './dialect.js';
import { duckdbError } from './errors.js';
import { appendNdjson, createTableFromCsv, DUCKDB_INGEST_TYPES } from './bulk-load.js';
import { loadSeedCsv } from './seed-csv.js';

const q = duckdbDialect.quoteLiteral;

/** Opens the target's DuckDB file (creating its folder) with a pool of one connection per thread. */
export async function createDuckDbAdapter(rawConfig: unknown, context: AdapterContext): Promise<Adapter> {
  const config = duckdbTargetSchema.parse(rawConfig);
  const path = config.path ?? 'target/dev.duckdb';
  const inMemory = path === ':memory:';
  const file = inMemory ? path : isAbsolute(path) ? path : resolve(context.projectRoot, path);
  if (!inMemory) mkdirSync(dirname(file), { recursive: true });
  const resolvePath = (p: string) => (isAbsolute(p) ? p : resolve(context.projectRoot, p));
  const options = duckdbOptions(config, resolvePath);

  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(file, options);
  } catch (error) {
    throw duckdbError(error, { path: file });
  }
  if (config.extensions.length > 0 || config.attach.length > 0) {
    const connection = await instance.connect();
    try {
      const rows = (await connection.runAndReadAll('select extension_name, installed, loaded from duckdb_extensions()')).getRowObjects();
      const present = {
        installed: new Set(rows.filter((r) => r.installed).map((r) => String(r.extension_name))),
        loaded: new Set(rows.filter((r) => r.loaded).map((r) => String(r.extension_name))),
      };
      const setup = duckdbSetupStatements(config, resolvePath, { literal: q, identifier: duckdbDialect.quoteIdentifier }, present);
      for (const statement of setup) await connection.run(statement).catch((error: unknown) => { throw duckdbError(error, { sql: statement }); });
    } catch (error) {
      instance.closeSync();
      throw error;
    } finally {
      connection.closeSync();
    }
  }
  const size = Math.max(1, context.threads);
  const pool = createPool<Session & { connection: DuckDBConnection }>(size, async () => {
    const connection = await instance.connect();
    return { connection, ...sessionOn(connection) };
  });

  const relationKind = async (session: Session, ref: RelationRef): Promise<RelationKind | undefined> => {
    const { rows } = await session.query(
      `select table_type from information_schema.tables where table_schema = ${q(ref.schema)} and table_name = ${q(ref.identifier)}${inCatalog(ref, q)}`,
    );
    const type = rows[0]?.table_type;
    if (type === undefined) return undefined;
    return type === 'VIEW' ? 'view' : 'table';
  };
  const describePath = inMemory ? ':memory:' : relative(context.projectRoot, file) || file;
  return {
    type: 'duckdb',
    dialect: duckdbDialect,
    defaultSchema: config.schema,
    maxSessions: size,
    withSession: (work) => pool.use(work),
    relationKind,
    columns: (session, ref) => informationSchemaColumns(session, ref, q),
    async catalog(session, schemas): Promise<CatalogRelation[]> {
      if (schemas.length === 0) return [];
      const { rows } = await session.query(
        `select c.table_schema, c.table_name, t.table_type, c.column_name, c.data_type from information_schema.columns c
         join information_schema.tables t on t.table_catalog = c.table_catalog and t.table_schema = c.table_schema and t.table_name = c.table_name
         where c.table_catalog = current_database() and c.table_schema in (${schemas.map(q).join(', ')})
         order by c.table_schema, c.table_name, c.ordinal_position`,
      );
      return groupCatalogRows(rows);
    },
    async relations(session, schemas) {
      if (schemas.length === 0) return [];
      const { rows } = await session.query(
        `select table_schema, table_name, table_type from information_schema.tables where table_catalog = current_database() and table_schema in (${schemas.map(q).join(', ')})`,
      );
      return rows.map((r) => ({ ref: { schema: String(r.table_schema), identifier: String(r.table_name) }, kind: r.table_type === 'VIEW' ? 'view' as const : 'table' as const }));
    },
    swapRelation: (_session, input, run) => lateBindingSwap(duckdbDialect, input, run),
    replaceView: (_session, target, existing, sql, run) => lateBindingReplaceView(duckdbDialect, target, existing, sql, run),
    // One statement, atomic in DuckDB, which refuses to replace a table: only then is the kind read.
    async replaceViewAlone(session, target, sql, run) {
      try {
        await run(duckdbDialect.createView(target, sql));
        return true;
      } catch (error) {
        if ((await relationKind(session, target)) === 'table') return false;
        throw error;
      }
    },
    async ensureSchema(session, schema) {
      await session.execute(`create schema if not exists ${duckdbDialect.quoteIdentifier(schema)}`);
    },
    loadCsv: (session, ref, absolutePath, options) => loadSeedCsv(session, ref, absolutePath, options),
    ingestTypes: DUCKDB_INGEST_TYPES,
    appendNdjson,
    createTableFromCsv,
    describe: () => `duckdb ${describePath} (schema ${config.schema})`,
    async close() {
      for (const session of await pool.drain()) session.connection.closeSync();
      instance.closeSync();
    },
  };
}

function sessionOn(connection: DuckDBConnection): Session {
  return {
    async execute(sql) {
      try {
        const result = await connection.run(sql);
        return { rowsAffected: result.rowsChanged };
      } catch (error) {
        throw duckdbError(error, { sql });
      }
    },
    async query(sql) {
      try {
        const reader = await connection.runAndReadAll(sql);
        return { columns: reader.columnNames(), rows: reader.getRowObjectsJS() };
      } catch (error) {
        throw duckdbError(error, { sql });
      }
    },
  };
}
