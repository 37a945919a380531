import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import type { RelationRef } from '../types.js';
import { trinoDialect as dialect } from './dialect.js';

/**
 * The staged bulk path: instead of INSERT statements that carry the rows through the coordinator,
 * weir streams them into one file in a folder the cluster also reads (`staging` in the target),
 * declares it as an external table of a Hive catalog and copies it with one INSERT ... SELECT, cast
 * to the columns' types, that the workers run. The staging table and file are removed whatever
 * happens; the INSERT is the only step inside weir's transaction, so a failed load is undone like
 * the batched one (the new table is dropped, the previous one stays).
 */
export interface Staging {
  /** The folder weir writes row files into. */
  readonly path: string;
  /** The same folder as Trino's nodes read it (`local:///staging`, `file:///mnt/shared/staging`, `s3://...`). */
  readonly location: string;
  /** A Hive catalog whose file system reaches `location`, and the schema its staging tables go in. */
  readonly catalog: string;
  readonly schema: string;
}

type Execute = (sql: string) => Promise<{ rowsAffected: number | undefined }>;

export interface RowSink {
  add(row: ReadonlyArray<string | null>): Promise<void>;
  /** Loads what was added; returns the rows inserted. */
  finish(): Promise<number>;
  /** Removes what is left of the sink (after finish or a failure); safe to call twice. */
  dispose(): Promise<void>;
}

const isText = (type: string) => /^(varchar(\(\d+\))?|json)$/i.test(type);

/**
 * `execute` runs in weir's transaction (the INSERT into the new table); `direct` runs outside it:
 * the staging table's lifetime is this load's, not the build's.
 */
export function stagedRows(execute: Execute, direct: Execute, staging: Staging, ref: RelationRef, columns: ReadonlyArray<{ name: string; type: string }>): RowSink {
  const id = `weir_stage_${randomUUID().replace(/-/g, '')}`;
  const dir = join(staging.path, id);
  const table = `${dialect.quoteIdentifier(staging.catalog)}.${dialect.quoteIdentifier(staging.schema)}.${dialect.quoteIdentifier(id)}`;
  const names = columns.map((_, i) => `c${i + 1}`);
  mkdirSync(dir, { recursive: true });
  const out = createWriteStream(join(dir, 'rows.json'));
  let failed: Error | undefined;
  out.on('error', (error) => (failed = error));
  let rows = 0;
  let declared = false;
  return {
    async add(row) {
      if (failed) throw failed;
      // JSON keeps null apart from '' and needs no escaping rules shared with the reader.
      const record: Record<string, string | null> = {};
      row.forEach((value, i) => (record[names[i]!] = value));
      rows++;
      if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
    },
    async finish() {
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      if (failed) throw failed;
      if (rows === 0) return 0;
      await direct(`create schema if not exists ${dialect.quoteIdentifier(staging.catalog)}.${dialect.quoteIdentifier(staging.schema)}`);
      declared = true;
      await direct(`create table ${table} (${names.map((n) => `${n} varchar`).join(', ')})\nwith (format = 'JSON', external_location = ${dialect.quoteLiteral(`${staging.location.replace(/\/+$/, '')}/${id}`)})`);
      const list = columns.map((c) => dialect.quoteIdentifier(c.name)).join(', ');
      const values = columns.map((c, i) => (isText(c.type) ? names[i] : `cast(${names[i]} as ${c.type})`)).join(', ');
      const inserted = await execute(`insert into ${dialect.relation(ref)} (${list})\nselect ${values}\nfrom ${table}`);
      return inserted.rowsAffected ?? rows;
    },
    async dispose() {
      if (!out.closed) out.destroy();
      // Dropping an external table leaves its file: the folder goes too.
      if (declared) await direct(`drop table if exists ${table}`).catch(() => undefined);
      declared = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
