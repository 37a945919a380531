import { closeSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Adapter, ColumnInfo, RelationRef, Session } from '../adapters/types.js';
import type { WriteDisposition } from './config.js';
import { throwIfInterrupted } from '../core/errors.js';
import { IngestError } from './errors.js';
import { exec, finalizeLoad, META, metaValues, SEQ, type LoadContext } from './finalize.js';
import { createSchemaTracker, ingestTypeOf, type ColumnPins, type SchemaTracker, type TrackedColumn } from './schema.js';
import { weirIdentifier } from '../core/ids.js';

export type { LoadContext } from './finalize.js';

/**
 * Streams records into a staging table in batches through the adapter's bulk path (a
 * newline-delimited JSON file per batch, written as records arrive): memory holds the records of
 * one `add` call (a page), whatever the batch size or the total. Nothing is
 * visible in the target until `finish`, which folds the staging table in with one transaction.
 */
export interface RecordLoader {
  add(records: readonly unknown[], where: string): Promise<void>;
  /** A row that could not be read (`on_bad_rows: skip`): kept in the quarantine table. */
  quarantine(row: { source: string; line: number; error: string; raw: string }): void;
  finish(): Promise<{ rows: number; quarantined: number }>;
  abort(): Promise<void>;
  readonly recordsSeen: () => number;
}

export interface RecordLoaderOptions extends LoadContext {
  readonly pins: ColumnPins;
  readonly batchSize: number;
  /** Folder for the staging files (deleted after each batch). */
  readonly workDir: string;
}

export function stagingRelation(target: RelationRef): RelationRef {
  return { schema: target.schema, identifier: weirIdentifier(target.identifier, 'ingest') };
}

export async function createRecordLoader(options: RecordLoaderOptions): Promise<RecordLoader> {
  const { adapter, session } = options;
  const staging = stagingRelation(options.relation);
  await adapter.ensureSchema(session, options.relation.schema);
  await exec(options, adapter.dialect.drop('table', staging));
  const existing = await existingColumns(adapter, session, options.relation);
  const keepsRows = options.disposition !== 'replace';
  // Appending or merging: new records must fit the table's existing columns (or widen them).
  const tracker = createSchemaTracker(options.label, options.pins, keepsRows ? existing : []);
  const usesSeq = (options.primaryKey?.length ?? 0) > 0;
  mkdirSync(options.workDir, { recursive: true });

  // The open batch file: rows are written as they come, so a row's string dies young in V8's
  // nursery instead of being kept (and promoted to the old generation) until the batch is full.
  let batch: { file: string; fd: number; rows: number; longestLine: number } | undefined;
  let created = false;
  let seen = 0;
  let batchNo = 0;
  let pendingDdl: string[] = [];
  const quarantined: string[] = [];
  const stamp = metaValues(options);
  const typeOf = (c: TrackedColumn) => c.sqlType ?? adapter.ingestTypes[c.type!];

  const createStaging = async (columns: readonly TrackedColumn[]) => {
    const defs = [
      ...columns.map((c) => `${adapter.dialect.quoteIdentifier(c.name)} ${typeOf(c)}`),
      ...META(options).map((m) => `${adapter.dialect.quoteIdentifier(m.name)} ${m.dataType}`),
      ...(usesSeq ? [`${adapter.dialect.quoteIdentifier(SEQ)} ${adapter.ingestTypes.integer}`] : []),
    ];
    await exec(options, `create table ${adapter.dialect.relation(staging)} (${defs.join(', ')})`);
    created = true;
    pendingDdl = [];
  };

  const write = (lines: string, rows: number, longestLine: number) => {
    if (!batch) {
      const file = join(options.workDir, `batch-${++batchNo}.ndjson`);
      batch = { file, fd: openSync(file, 'w'), rows: 0, longestLine: 0 };
    }
    writeFileSync(batch.fd, lines); // loops until all is written (writeSync may write part)
    batch.rows += rows;
    batch.longestLine = Math.max(batch.longestLine, longestLine);
  };

  const flush = async () => {
    if (!batch) return;
    const { file, fd, longestLine, rows } = batch;
    batch = undefined;
    closeSync(fd);
    if (!created) await createStaging(tracker.columns());
    for (const sql of pendingDdl) await exec(options, sql);
    pendingDdl = [];
    const columns: ColumnInfo[] = tracker.columns().map((c) => ({ name: c.name, dataType: typeOf(c) }));
    // weir's columns travel in every row (not as column defaults: Trino has none).
    columns.push(...META(options).map((m) => ({ name: m.name, dataType: m.dataType })));
    if (usesSeq) columns.push({ name: SEQ, dataType: adapter.ingestTypes.integer });
    try {
      // A UTF-16 code unit is at most 3 bytes of UTF-8.
      await adapter.appendNdjson(session, staging, file, columns, 3 * longestLine);
      // The bulk path runs no statement of ours; target/run still shows each write.
      options.statements.push(`-- bulk append of ${rows} records (batch ${batchNo}) into ${adapter.dialect.relation(staging)}`);
    } finally {
      rmSync(file, { force: true });
    }
  };

  return {
    recordsSeen: () => seen,
    async add(records, where) {
      throwIfInterrupted(options.signal);
      let lines = '';
      let count = 0;
      let longest = 0;
      const writeLines = () => {
        if (count > 0) write(lines, count, longest);
        lines = '';
        count = 0;
        longest = 0;
      };
      for (const record of records) {
        seen++;
        if (record === null || typeof record !== 'object' || Array.isArray(record)) {
          throw new IngestError(`source ${options.label}: record ${seen} (${where}) is ${record === null ? 'null' : Array.isArray(record) ? 'an array' : `a ${typeof record}`}, not an object`, {
            hint: 'point `records:` at an array of objects',
          });
        }
        const changes = tracker.observe(record as Record<string, unknown>, where);
        if (created) {
          for (const change of changes) {
            const column = change.column;
            pendingDdl.push(change.kind === 'add'
              ? adapter.dialect.addColumn(staging, { name: column.name, dataType: typeOf(column) })
              : `alter table ${adapter.dialect.relation(staging)} alter column ${adapter.dialect.quoteIdentifier(column.name)} type ${typeOf(column)}`);
          }
        }
        const row = Object.assign(tracker.normalize(record as Record<string, unknown>), stamp);
        if (usesSeq) row[SEQ] = seen;
        const line = JSON.stringify(row);
        if (line.length > longest) longest = line.length;
        lines += `${line}\n`;
        count++;
        // Exactly batchSize rows per write, even mid-page: see DEFAULT_BATCH_SIZE.
        if ((batch?.rows ?? 0) + count >= options.batchSize) {
          writeLines();
          await flush();
        }
      }
      writeLines();
    },
    quarantine(row) {
      quarantined.push(JSON.stringify(row));
    },
    async finish() {
      await flush();
      if (!created) await createStaging(keepsRows ? tracker.columns() : existing);
      const rows = await finalizeLoad(options, staging, quarantined, options.workDir);
      rmSync(options.workDir, { recursive: true, force: true });
      return { rows, quarantined: quarantined.length };
    },
    async abort() {
      if (batch) closeSync(batch.fd);
      batch = undefined;
      await session.execute(adapter.dialect.drop('table', staging)).catch(() => undefined);
      rmSync(options.workDir, { recursive: true, force: true });
    },
  };
}

/** The data columns of an existing table (weir's own columns left out), as tracked columns. */
export async function existingColumns(adapter: Adapter, session: Session, relation: RelationRef): Promise<TrackedColumn[]> {
  if (!(await adapter.relationKind(session, relation))) return [];
  return (await adapter.columns(session, relation))
    .filter((c) => !c.name.startsWith('_weir_') && c.name !== SEQ)
    .map((c) => {
      const type = ingestTypeOf(c.dataType);
      // Where JSON is stored as text (Trino), a text column may hold either: keep its SQL type.
      const either = type === 'text' && adapter.ingestTypes.json === adapter.ingestTypes.text;
      return { field: c.name, name: c.name, type: either ? undefined : type, sqlType: type && !either ? undefined : c.dataType };
    });
}

export type { WriteDisposition };
