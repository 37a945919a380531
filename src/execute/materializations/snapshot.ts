import type { ColumnInfo, RelationRef } from '../../adapters/types.js';
import { badKeysSql, SNAPSHOT_TIME, snapshotCreateSql, snapshotMergeSql } from '../../adapters/snapshot-sql.js';
import type { CompiledNode, SnapshotSpec } from '../../compile/types.js';
import { WeirError } from '../../core/errors.js';
import type { Materialize, MaterializeContext } from '../types.js';
import { countRows, inTransaction, run, tempIdentifier } from '../statements.js';
import { runHooks } from './swap.js';
import { applyRelationSettings } from './relation-settings.js';
import { tableProperties } from '../../compile/engine-config.js';
import { createIndexes } from './indexes.js';

const SHOWN_KEYS = 10;

/**
 * Snapshots (dbt's type-2 history): the first run copies the source with the meta columns; later
 * runs close the versions that changed or left and insert their successors. Everything, from
 * staging the source to the last insert, is one transaction: a failure leaves the table as it was.
 */
export const materializeSnapshot: Materialize = async (node, context) => {
  const spec = node.snapshot!;
  const { adapter } = context;
  const { dialect } = adapter;
  const target = node.relation!;
  const temp = (suffix: string): RelationRef => ({ schema: target.schema, identifier: tempIdentifier(target.identifier, suffix) });
  const [staged, changed, deleted] = [temp('snap_src'), temp('snap_new'), temp('snap_gone')];
  return inTransaction(context, async () => {
    await runHooks(node, context, 'pre-hook');
    const existing = await adapter.relationKind(context.session, target);
    if (existing === 'view') {
      throw new WeirError(`${dialect.relation(target)} is a view, not a snapshot table; nothing was written`, {
        hint: 'drop the view, or give the snapshot another alias or schema',
      });
    }
    for (const t of [staged, changed, deleted]) await run(context, dialect.drop('table', t));
    await run(context, dialect.createTableAs(staged, node.compiledCode));
    await checkKeys(node, spec, context, staged);
    const now = await snapshotTime(context);
    let outcome: { rowsAffected: number; action: string };
    if (!existing) {
      // The history table gets the snapshot's table properties (Trino), as dbt-trino's create_table_as gives them.
      await run(context, dialect.createTableAs(target, snapshotCreateSql(spec, staged, dialect, now), tableProperties(node.config)));
      // dbt's snapshot materialization creates the indexes only with the table (`if not target_relation_exists`).
      await createIndexes(node, context, target);
      const rows = await countRows(context, dialect.relation(target));
      outcome = { rowsAffected: rows, action: `created snapshot (${rows} row${rows === 1 ? '' : 's'})` };
    } else {
      outcome = await mergeSnapshot(node, spec, context, { staged, changed, deleted }, now);
    }
    for (const t of [staged, changed, deleted]) await run(context, dialect.drop('table', t));
    await applyRelationSettings(node, context);
    await runHooks(node, context, 'post-hook');
    return outcome;
  });
};

async function mergeSnapshot(
  node: CompiledNode,
  spec: SnapshotSpec,
  context: MaterializeContext,
  tables: { staged: RelationRef; changed: RelationRef; deleted: RelationRef },
  now: string | undefined,
): Promise<{ rowsAffected: number; action: string }> {
  const { adapter } = context;
  const target = node.relation!;
  const source = await adapter.columns(context.session, tables.staged);
  const stored = await evolveColumns(node, spec, context, source);
  const typeOf = (name: string) => stored.get(name.toLowerCase())?.dataType;
  const validFromType = typeOf(spec.columns.dbt_valid_from);
  const validToType = typeOf(spec.columns.dbt_valid_to);
  const missing = [spec.columns.dbt_valid_from, spec.columns.dbt_valid_to, spec.columns.dbt_scd_id, spec.columns.dbt_updated_at].filter((c) => !typeOf(c));
  if (!validFromType || !validToType || missing.length > 0) {
    throw new WeirError(`${adapter.dialect.relation(target)} is not a snapshot table of this config (no column ${missing.join(', ')}); nothing was written`, {
      hint: 'check snapshot_meta_column_names, or drop the table to start the history again',
    });
  }
  const sourceNames = source.map((c) => c.name);
  const checkColumns = spec.strategy !== 'check' ? [] : spec.checkCols === 'all' ? sourceNames : [...(spec.checkCols ?? [])];
  const unknown = checkColumns.filter((c) => !sourceNames.some((n) => n.toLowerCase() === c.toLowerCase()));
  if (unknown.length > 0) {
    throw new WeirError(`check_cols of snapshot '${node.name}' name columns the query does not return: ${unknown.join(', ')}`, {
      hint: `the query returns ${sourceNames.join(', ')}`,
    });
  }
  const counts = { stage: 0, close: 0, replace: 0, insert: 0 };
  for (const { kind, sql } of snapshotMergeSql({ spec, target, source: tables.staged, changed: tables.changed, deleted: tables.deleted,
    sourceColumns: sourceNames, checkColumns, validFromType, validToType, now }, adapter.dialect)) {
    counts[kind] += (await run(context, sql)).rowsAffected ?? 0;
  }
  const { insert, close, replace } = counts;
  const replaced = replace > 0 ? `, ${replace} replaced in place` : '';
  return { rowsAffected: insert + replace, action: `snapshot: ${insert} new version${insert === 1 ? '' : 's'}, ${close} closed${replaced}` };
}

/** One time for all of a run's statements, read once where now() is each statement's own (Trino). */
async function snapshotTime(context: MaterializeContext): Promise<string | undefined> {
  const { dialect } = context.adapter;
  if (dialect.now !== 'statement') return undefined;
  const { rows } = await context.session.query(`select cast(${SNAPSHOT_TIME} as varchar) as now`);
  // As the engine stores a bare timestamp (Trino: timestamp(6)), so it hashes as the stored value does.
  return `cast(${dialect.quoteLiteral(String(rows[0]!.now))} as ${dialect.normalizeType('timestamp')})`;
}

/**
 * Columns the source gained are added to the table (earlier versions hold null), and new_record's
 * flag to a table snapshotted before. Columns the source lost stay, null in new versions.
 */
async function evolveColumns(node: CompiledNode, spec: SnapshotSpec, context: MaterializeContext, source: readonly ColumnInfo[]): Promise<Map<string, ColumnInfo>> {
  const { adapter } = context;
  const target = node.relation!;
  const stored = new Map((await adapter.columns(context.session, target)).map((c) => [c.name.toLowerCase(), c]));
  const added = source.filter((c) => !stored.has(c.name.toLowerCase()));
  if (spec.hardDeletes === 'new_record' && !stored.has(spec.columns.dbt_is_deleted.toLowerCase())) {
    added.push({ name: spec.columns.dbt_is_deleted, dataType: adapter.ingestTypes.text });
  }
  for (const column of added) {
    await run(context, adapter.dialect.addColumn(target, column));
    stored.set(column.name.toLowerCase(), column);
  }
  return stored;
}

/** Fails before anything is written when the source's unique_key is not unique or is null. */
async function checkKeys(node: CompiledNode, spec: SnapshotSpec, context: MaterializeContext, staged: RelationRef): Promise<void> {
  const sql = badKeysSql(spec, staged, context.adapter.dialect, SHOWN_KEYS + 1);
  context.statements.push(sql);
  const { rows } = await context.session.query(sql);
  if (rows.length === 0) return;
  const shown = rows.slice(0, SHOWN_KEYS).map((row) => {
    const key = spec.uniqueKey.map((k, i) => `${k}=${row[`__weir_key_${i + 1}`] === null ? 'NULL' : String(row[`__weir_key_${i + 1}`])}`).join(', ');
    const n = Number(row.__weir_rows);
    return `  - ${key} (${n} row${n === 1 ? '' : 's'})`;
  });
  if (rows.length > SHOWN_KEYS) shown.push('  - ... and more');
  throw new WeirError(
    `The unique_key of snapshot '${node.name}' (${spec.uniqueKey.join(', ')}) is not unique or is null in the source; nothing was written. Keys:\n${shown.join('\n')}`,
    { hint: 'each key must appear once and never be null: fix the snapshot query (deduplicate, filter nulls) or set a unique_key that is unique (a list of columns)' },
  );
}
