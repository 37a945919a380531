import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Adapter, RelationRef, Session } from '../adapters/types.js';
import type { WriteDisposition } from './config.js';
import { throwIfInterrupted } from '../core/errors.js';
import { IngestError } from './errors.js';
import { ingestTypeOf, widen } from './schema.js';

/** What every load needs to know about where it writes. */
export interface LoadContext {
  readonly adapter: Adapter;
  readonly session: Session;
  readonly relation: RelationRef;
  /** `source.table`, for messages. */
  readonly label: string;
  readonly disposition: WriteDisposition;
  readonly primaryKey: readonly string[] | undefined;
  readonly batchId: string;
  readonly loadedAt: Date;
  /** Statements run, for target/run. */
  readonly statements: string[];
  /** Aborted on Ctrl-C or SIGTERM: the next statement or batch is not run. */
  readonly signal?: AbortSignal | undefined;
  /** Runs inside the final transaction (e.g. saving the incremental cursor). */
  readonly beforeCommit?: ((session: Session) => Promise<void>) | undefined;
}

export const SEQ = '__weir_seq';

/** weir's columns on every loaded row. */
export function META(context: Pick<LoadContext, 'adapter'>) {
  const { adapter } = context;
  return [
    { name: '_weir_loaded_at', dataType: adapter.ingestTypes.timestamp },
    { name: '_weir_batch_id', dataType: adapter.ingestTypes.text },
  ];
}

/** The values of weir's columns for the rows of this load. */
export function metaValues(context: Pick<LoadContext, 'batchId' | 'loadedAt'>): { _weir_loaded_at: string; _weir_batch_id: string } {
  return { _weir_loaded_at: context.loadedAt.toISOString(), _weir_batch_id: context.batchId };
}

/**
 * Folds a complete staging table into the target in one transaction, as the write disposition
 * says: `replace` swaps it in, `append` inserts, `merge` deletes the rows whose primary key comes
 * again and inserts (the latest record per key wins, also within the load). Schema changes against
 * the existing table are checked first: new columns are added, widenings widen, anything else
 * fails naming source, field, old and new type. On any failure the target is untouched.
 */
export async function finalizeLoad(context: LoadContext, staging: RelationRef, quarantined: readonly string[], workDir: string): Promise<number> {
  const { adapter, session } = context;
  const d = adapter.dialect;
  const target = context.relation;
  const pk = context.primaryKey ?? [];
  const stagingColumns = await adapter.columns(session, staging);
  const hasSeq = stagingColumns.some((c) => c.name === SEQ);
  const columns = stagingColumns.filter((c) => c.name !== SEQ);
  for (const key of pk) {
    if (!columns.some((c) => c.name === key)) {
      throw new IngestError(`source ${context.label}: primary_key column '${key}' is not in the loaded records (columns: ${columns.map((c) => c.name).join(', ')})`, {
        hint: 'fix primary_key in the ingest block',
      });
    }
  }
  const list = columns.map((c) => d.quoteIdentifier(c.name)).join(', ');
  const latest = hasSeq
    ? `(select ${list} from (select *, row_number() over (partition by ${pk.map(d.quoteIdentifier).join(', ')} order by ${d.quoteIdentifier(SEQ)} desc) as __weir_rn from ${d.relation(staging)}) as __weir_ranked where __weir_rn = 1)`
    : d.relation(staging);
  const existing = await adapter.relationKind(session, target);
  const replaces = context.disposition === 'replace' || !existing;

  let rows = 0;
  await exec(context, 'begin');
  try {
    if (replaces) {
      let source = staging;
      if (hasSeq) {
        source = { schema: staging.schema, identifier: `${staging.identifier}_dedup` };
        await exec(context, d.drop('table', source));
        await exec(context, d.createTableAs(source, `select * from ${latest} as __weir_latest`));
        await exec(context, d.drop('table', staging));
      }
      await adapter.swapRelation(session, { target, existing, replacement: source, replacementKind: 'table' }, (sql) => exec(context, sql));
      rows = await count(session, d.relation(target));
    } else {
      await evolveTarget(context, columns);
      if (context.disposition === 'merge') {
        const match = pk.map((k) => `__weir_new.${d.quoteIdentifier(k)} = ${d.relation(target)}.${d.quoteIdentifier(k)}`).join(' and ');
        await exec(context, `delete from ${d.relation(target)} where exists (select 1 from ${d.relation(staging)} as __weir_new where ${match})`);
      }
      const result = await exec(context, `insert into ${d.relation(target)} (${list}) select ${list} from ${latest} as __weir_latest`);
      rows = result.rowsAffected ?? 0;
      await exec(context, d.drop('table', staging));
    }
    if (quarantined.length > 0) await writeQuarantine(context, quarantined, workDir);
    await context.beforeCommit?.(session);
    await exec(context, 'commit');
  } catch (error) {
    await session.execute('rollback').catch(() => undefined);
    throw error;
  }
  return rows;
}

/** Adds the staging table's new columns to the target and widens what must widen. */
async function evolveTarget(context: LoadContext, columns: ReadonlyArray<{ name: string; dataType: string }>) {
  const { adapter, session } = context;
  const d = adapter.dialect;
  const current = new Map((await adapter.columns(session, context.relation)).map((c) => [c.name, c.dataType]));
  for (const column of columns) {
    const old = current.get(column.name);
    if (old === undefined) {
      await exec(context, d.addColumn(context.relation, column));
      continue;
    }
    if (old.toUpperCase() === column.dataType.toUpperCase()) continue;
    const from = ingestTypeOf(old);
    const to = ingestTypeOf(column.dataType);
    const wider = from && to ? widen(from, to) : undefined;
    if (wider === from && from !== undefined) continue; // the table's type already holds the new values
    if (wider === undefined || wider !== to) {
      throw new IngestError(`source ${context.label}: field '${column.name}' changed type from ${from ?? old} to ${to ?? column.dataType}`, {
        hint: `the table ${d.relation(context.relation)} has ${old}; pin the type with columns: {${column.name}: ${old}} in the ingest block, or reload with --full-refresh`,
      });
    }
    const statements = d.changeColumnType
      ? d.changeColumnType(context.relation, await adapter.columns(session, context.relation), column.name, column.dataType)
      : [`alter table ${d.relation(context.relation)} alter column ${d.quoteIdentifier(column.name)} type ${column.dataType}`];
    for (const sql of statements) await exec(context, sql);
  }
}

/** Rows that could not be read land in `<table>__quarantine`, with where they came from and why. */
async function writeQuarantine(context: LoadContext, rows: readonly string[], workDir: string) {
  const { adapter } = context;
  const d = adapter.dialect;
  const t = adapter.ingestTypes;
  const table = { schema: context.relation.schema, identifier: `${context.relation.identifier}__quarantine` };
  const meta = META(context);
  await exec(context, `create table if not exists ${d.relation(table)} (source ${t.text}, line ${t.integer}, error ${t.text}, raw ${t.text}, ${meta.map((m) => `${d.quoteIdentifier(m.name)} ${m.dataType}`).join(', ')})`);
  mkdirSync(workDir, { recursive: true });
  const file = join(workDir, 'quarantine.ndjson');
  const stamp = metaValues(context);
  writeFileSync(file, rows.map((r) => JSON.stringify({ ...JSON.parse(r), ...stamp })).join('\n'));
  await adapter.appendNdjson(context.session, table, file, [
    { name: 'source', dataType: t.text }, { name: 'line', dataType: t.integer }, { name: 'error', dataType: t.text },
    { name: 'raw', dataType: t.text }, { name: '_weir_loaded_at', dataType: t.timestamp }, { name: '_weir_batch_id', dataType: t.text },
  ]);
}

async function count(session: Session, relation: string): Promise<number> {
  const { rows } = await session.query(`select count(*) as n from ${relation}`);
  return Number(rows[0]?.n ?? 0);
}

export async function exec(context: Pick<LoadContext, 'session' | 'statements' | 'signal'>, sql: string) {
  throwIfInterrupted(context.signal);
  context.statements.push(sql);
  return context.session.execute(sql);
}
