import type { RelationRef } from './types.js';

/**
 * The SQL of dbt's snapshots (type-2 history), spelled for engines that share standard SQL (DuckDB,
 * PostgreSQL). Tables and columns are dbt's, so dbt and weir can take turns on one table:
 * `dbt_scd_id` is md5 of the key and valid_from as dbt computes it, the snapshot's time is
 * `cast(now() as timestamp)` (the transaction's start on both engines, dbt's snapshot_get_time).
 * Where dbt's macros are known to go wrong this spelling differs, each noted below.
 */
export interface SnapshotSqlSpec {
  readonly strategy: 'timestamp' | 'check';
  readonly uniqueKey: readonly string[];
  readonly updatedAt: string | undefined;
  readonly hardDeletes: 'ignore' | 'invalidate' | 'new_record';
  readonly validToCurrent: string | undefined;
  readonly columns: { readonly dbt_valid_from: string; readonly dbt_valid_to: string; readonly dbt_scd_id: string; readonly dbt_updated_at: string; readonly dbt_is_deleted: string };
}

/** How an engine spells what snapshots need; the optional parts default to DuckDB's and PostgreSQL's SQL. */
export interface SnapshotQuoting {
  quoteIdentifier(name: string): string;
  relation(ref: RelationRef): string;
  /** md5 of a text expression as 32 hex digits (`md5(x)`). */
  md5?(text: string): string;
  /** `update <target> set ... from <source> as <alias> where ...`, for engines without UPDATE ... FROM. */
  updateFrom?(target: string, assignments: readonly string[], source: string, alias: string, where: string): string;
}

export const SNAPSHOT_TIME = 'cast(now() as timestamp)';
const KEY = '__weir_key_';

/** dbt's snapshot_hash_arguments: md5 of the arguments cast to text, joined by '|'. */
export function scdHash(args: readonly string[], q?: Pick<SnapshotQuoting, 'md5'>): string {
  const text = args.map((a) => `coalesce(cast(${a} as varchar), '')`).join(` || '|' || `);
  return q?.md5 ? q.md5(text) : `md5(${text})`;
}

const standardUpdateFrom = (target: string, set: readonly string[], source: string, alias: string, where: string) =>
  `update ${target} set ${set.join(', ')} from ${source} as ${alias} where ${where}`;

/** The value a version's updated_at/valid_from comes from: the configured column, or the snapshot's time. */
function updatedAtOf(spec: SnapshotSqlSpec, now: string): string {
  return spec.updatedAt ?? now;
}

/**
 * The first build: every source row, current (dbt's build_snapshot_table). `now` is the snapshot's
 * time: engines that run each statement on its own pass one fixed value for all of a run's statements.
 */
export function snapshotCreateSql(spec: SnapshotSqlSpec, source: RelationRef, q: SnapshotQuoting, now = SNAPSHOT_TIME): string {
  const c = spec.columns;
  const u = updatedAtOf(spec, now);
  return [
    'select *,',
    `  ${scdHash([...spec.uniqueKey, u], q)} as ${q.quoteIdentifier(c.dbt_scd_id)},`,
    `  ${u} as ${q.quoteIdentifier(c.dbt_updated_at)},`,
    `  ${u} as ${q.quoteIdentifier(c.dbt_valid_from)},`,
    `  coalesce(nullif(${u}, ${u}), ${spec.validToCurrent ?? 'null'}) as ${q.quoteIdentifier(c.dbt_valid_to)}`,
    spec.hardDeletes === 'new_record' ? `, 'False' as ${q.quoteIdentifier(c.dbt_is_deleted)}` : '',
    `from ${q.relation(source)} as weir_source`,
  ].filter(Boolean).join('\n');
}

/** Source keys that occur twice or are null: dbt writes duplicate current rows for them; weir refuses. */
export function badKeysSql(spec: SnapshotSqlSpec, source: RelationRef, q: SnapshotQuoting, limit: number): string {
  const keys = spec.uniqueKey.map((k, i) => `${k} as ${KEY}${i + 1}`).join(', ');
  const positions = spec.uniqueKey.map((_, i) => i + 1).join(', ');
  const nulls = spec.uniqueKey.map((_, i) => `${KEY}${i + 1} is null`).join(' or ');
  return `select * from (select ${keys}, count(*) as __weir_rows from ${q.relation(source)} group by ${positions}) as k\nwhere __weir_rows > 1 or ${nulls}\norder by __weir_rows desc limit ${limit}`;
}

export interface SnapshotMergeInput {
  readonly spec: SnapshotSqlSpec;
  readonly target: RelationRef;
  /** The source query's rows, staged once. */
  readonly source: RelationRef;
  /** Staging tables this merge creates (new versions; current rows whose key left the source). */
  readonly changed: RelationRef;
  readonly deleted: RelationRef;
  /** The source's columns (all of them are in the target by now). */
  readonly sourceColumns: readonly string[];
  /** For `check`: the columns compared. */
  readonly checkColumns: readonly string[];
  /** The stored types of valid_from and valid_to, which new values are cast to. */
  readonly validFromType: string;
  readonly validToType: string;
  /** The snapshot's time (see snapshotCreateSql). */
  readonly now?: string | undefined;
}

/**
 * The statements of a snapshot run on an existing table, in order: stage the new versions and the
 * deleted keys, close the versions they replace, insert the new ones. Run in one transaction.
 */
export interface SnapshotStatement {
  /** What it does, for the run's summary: stage a table, close versions, overwrite them, insert new ones. */
  readonly kind: 'stage' | 'close' | 'replace' | 'insert';
  readonly sql: string;
}

export function snapshotMergeSql(input: SnapshotMergeInput, q: SnapshotQuoting): SnapshotStatement[] {
  const { spec } = input;
  const id = q.quoteIdentifier;
  const now = input.now ?? SNAPSHOT_TIME;
  const updateFrom = q.updateFrom ?? standardUpdateFrom;
  const target = q.relation(input.target);
  const changedRel = q.relation(input.changed);
  const deletedRel = q.relation(input.deleted);
  const c = spec.columns;
  const [from, to, scd, upd, del] = [c.dbt_valid_from, c.dbt_valid_to, c.dbt_scd_id, c.dbt_updated_at, c.dbt_is_deleted].map(id) as [string, string, string, string, string];
  const keys = spec.uniqueKey.map((_, i) => `${KEY}${i + 1}`);
  const keyCols = spec.uniqueKey.map((k, i) => `${k} as ${keys[i]}`).join(', ');
  const on = (a: string, b: string) => keys.map((k) => `${a}.${k} = ${b}.${k}`).join(' and ');
  const current = (col: string) => spec.validToCurrent ? `(${col} is null or ${col} = ${spec.validToCurrent})` : `${col} is null`;
  const newRecord = spec.hardDeletes === 'new_record';
  const tracksGone = spec.hardDeletes !== 'ignore';
  // Rows written before hard_deletes was new_record have no flag: they count as not deleted
  // (dbt's `not (flag = 'True')` is null for them, so their deletion was never recorded).
  const wasDeleted = (alias: string) => `coalesce(${alias}.${del}, 'False') = 'True'`;
  // Compared after casting to the stored type: a source whose updated_at changed type, precision
  // or time zone must not look newer than the same stored value (dbt re-inserts such rows).
  const changed = spec.strategy === 'timestamp'
    ? `t.${from} < s.__weir_ts`
    // Null-safe: NULL -> NULL is no change, a value -> NULL is one.
    : input.checkColumns.map((col) => `t.${id(col)} is distinct from s.${id(col)}`).join(' or ') || 'false';
  // A key that comes back after its deletion starts no earlier than the deletion was seen. dbt
  // starts it at its own (older) updated_at, overlapping the deletion, and with the dbt_scd_id of
  // its first version when that updated_at is unchanged.
  const floor = [
    newRecord ? `when t.${keys[0]} is not null and ${wasDeleted('t')} and not (s.__weir_ts > t.${from}) then ${now}` : '',
    tracksGone ? `when t.${keys[0]} is null and g.__weir_gone is not null and not (s.__weir_ts > g.__weir_gone) then ${now}` : '',
  ].filter(Boolean);
  // A change at the very instant the current version starts (two runs in one clock tick, or a
  // check snapshot whose updated_at is a date): the version is overwritten, not followed by a
  // zero-length one with the same dbt_scd_id as dbt does.
  const inPlace = `coalesce(t.${keys[0]} is not null and s.__weir_ts <= t.${from}${newRecord ? ` and not ${wasDeleted('t')}` : ''}, false)`;
  const validFrom = floor.length ? `case ${floor.join(' ')} else s.__weir_ts end` : 's.__weir_ts';
  const cols = input.sourceColumns.map(id);
  const meta = [upd, from, to, scd, ...(newRecord ? [del] : [])];
  const statements: SnapshotStatement[] = [
    { kind: 'stage', sql: [
      `create table ${changedRel} as`,
      `with src as (select *, ${keyCols}, cast(${updatedAtOf(spec, now)} as ${input.validFromType}) as __weir_ts from ${q.relation(input.source)}),`,
      `cur as (select *, ${keyCols} from ${target} where ${current(to)})`,
      tracksGone ? `, gone as (select ${keyCols}, max(${to}) as __weir_gone from ${target} where not ${current(to)} group by ${keys.map((_, i) => i + 1).join(', ')})` : '',
      `select s.*, t.${scd} as __weir_old_scd_id, cast(${validFrom} as ${input.validFromType}) as __weir_from, ${inPlace} as __weir_in_place`,
      `from src as s left join cur as t on ${on('s', 't')}`,
      tracksGone ? `left join gone as g on ${on('s', 'g')}` : '',
      `where t.${keys[0]} is null or (${changed})${newRecord ? ` or ${wasDeleted('t')}` : ''}`,
    ].filter(Boolean).join('\n') },
  ];
  if (tracksGone) {
    statements.push({ kind: 'stage', sql: [
      `create table ${deletedRel} as`,
      `with src as (select ${keyCols} from ${q.relation(input.source)}),`,
      `cur as (select *, ${keyCols} from ${target} where ${current(to)})`,
      `select t.* from cur as t left join src as s on ${on('t', 's')}`,
      `where s.${keys[0]} is null${newRecord ? ` and not ${wasDeleted('t')}` : ''}`,
    ].join('\n') });
  }
  // Close the versions replaced (at the new version's start) and those deleted (at the snapshot's time).
  const isCurrent = current(`${target}.${to}`);
  statements.push({ kind: 'close', sql: updateFrom(target, [`${to} = c.__weir_from`], changedRel, 'c', `${target}.${scd} = c.__weir_old_scd_id and ${isCurrent} and not c.__weir_in_place`) });
  statements.push({ kind: 'replace', sql: updateFrom(target, [...cols.map((col) => `${col} = c.${col}`), `${upd} = c.__weir_ts`], changedRel, 'c', `${target}.${scd} = c.__weir_old_scd_id and ${isCurrent} and c.__weir_in_place`) });
  if (tracksGone) {
    statements.push({ kind: 'close', sql: updateFrom(target, [`${to} = ${now}`], deletedRel, 'd', `${target}.${scd} = d.${scd} and ${isCurrent}`) });
  }
  const validTo = `cast(${spec.validToCurrent ?? 'null'} as ${input.validToType})`;
  statements.push({ kind: 'insert', sql: [
    `insert into ${target} (${[...cols, ...meta].join(', ')})`,
    `select ${[...cols.map((col) => `c.${col}`), 'c.__weir_ts', 'c.__weir_from', validTo, scdHash([...keys.map((k) => `c.${k}`), 'c.__weir_from'], q), ...(newRecord ? ["'False'"] : [])].join(', ')}`,
    `from ${changedRel} as c where not c.__weir_in_place`,
  ].join('\n') });
  if (newRecord) {
    // The deletion as a version of its own, open until the key comes back (dbt's new_record).
    statements.push({ kind: 'insert', sql: [
      `insert into ${target} (${[...cols, ...meta].join(', ')})`,
      `select ${[...cols.map((col) => `d.${col}`), now, now, `d.${to}`, scdHash([`d.${scd}`, now], q), "'True'"].join(', ')}`,
      `from ${deletedRel} as d`,
    ].join('\n') });
  }
  return statements;
}
