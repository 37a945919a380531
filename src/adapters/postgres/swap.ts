import type { RelationKind, RelationRef, RunStatement, Session, SwapInput } from '../types.js';
import { directDependentsSql, relationLockKey } from './catalog-sql.js';
import { postgresDialect as d } from './dialect.js';
import { weirIdentifier } from '../../core/ids.js';

interface DependentView {
  readonly ref: RelationRef;
  readonly sql: string;
  readonly options: string;
}

/**
 * A PostgreSQL swap that never drops the views built on the target. Views bind to the oid of what
 * they read, so a table renamed into place is not what they read; dropping them with the old one
 * (`cascade`) and creating them again broke readers, and two swaps sharing a view (two ingested
 * tables joined by one staging view) dropped and recreated it under each other: "could not open
 * relation with OID" and deadlocks. Instead, in the caller's transaction:
 * 1. weir's lock on each view built directly on the target, in name order (the same in every run
 *    and thread), so swaps sharing a view take turns; only then are their definitions read;
 * 2. each view is created again with its own definition, deepest first: that takes its exclusive
 *    lock before the target's, the order a reader takes them in (the view, then what it reads);
 * 3. the old relation is renamed aside and the replacement renamed in;
 * 4. each view is created again with its definition, now reading the new relation (its oid,
 *    grants and the views built on it stay);
 * 5. the old relation is dropped. A view whose columns no longer fit the new relation cannot be
 *    re-created: it goes with the old one (`cascade`), and its model, built after this one in the
 *    same build, creates it again.
 */
export async function postgresSwap(session: Session, input: SwapInput, run: RunStatement): Promise<void> {
  // Another run may create a view on the target between reading its dependents and dropping the old
  // relation ("cannot drop ... because other objects depend on it"), or two swaps sharing views may
  // deadlock: the swap is undone to its savepoint and tried again, now seeing that view.
  for (let attempt = 1; ; attempt++) {
    await run('savepoint weir_swap');
    try {
      await swapOnce(session, input, run);
      await run('release savepoint weir_swap');
      return;
    } catch (error) {
      const code = (error as { cause?: { code?: unknown } }).cause?.code;
      if (attempt >= SWAP_ATTEMPTS || (code !== DEPENDENT_OBJECTS_STILL_EXIST && code !== DEADLOCK_DETECTED)) throw error;
      await run('rollback to savepoint weir_swap');
    }
  }
}

const SWAP_ATTEMPTS = 4;
const DEPENDENT_OBJECTS_STILL_EXIST = '2BP01';
const DEADLOCK_DETECTED = '40P01';

async function swapOnce(session: Session, input: SwapInput, run: RunStatement): Promise<void> {
  const { target, existing } = input;
  const views = existing ? await lockDependents(session, target, run) : [];
  for (const view of views) await run(createView(view));
  const old: RelationRef = { schema: target.schema, identifier: weirIdentifier(target.identifier, 'old') };
  if (existing) await run(`alter ${existing} ${d.relation(target)} rename to ${d.quoteIdentifier(old.identifier)}`);
  await run(d.rename(input.replacementKind, input.replacement, target.identifier));
  let unfit = 0;
  for (const view of views) if (!(await tryStatement(run, createView(view), (code) => code !== QUERY_CANCELED))) unfit++;
  if (existing) await run(`drop ${existing} ${d.relation(old)}${unfit > 0 ? ' cascade' : ''}`);
}

/**
 * A view model on PostgreSQL: `create or replace view` where the new query's columns allow it (the
 * view keeps its oid, so nothing built on it notices), else built beside and swapped in.
 */
export async function postgresReplaceView(session: Session, target: RelationRef, existing: RelationKind | undefined, sql: string, run: RunStatement) {
  if (existing !== 'table' && (await tryStatement(run, d.createView(target, sql), (code) => code === INVALID_TABLE_DEFINITION))) return;
  const temp: RelationRef = { schema: target.schema, identifier: weirIdentifier(target.identifier, 'tmp') };
  await run(d.drop('view', temp));
  await run(d.createView(temp, sql));
  await postgresSwap(session, { target, existing, replacement: temp, replacementKind: 'view' }, run);
}

/** Locks the views built directly on `target` for this transaction and reads their definitions. */
async function lockDependents(session: Session, target: RelationRef, run: RunStatement): Promise<DependentView[]> {
  const names = (await session.query(directDependentsSql(target, false))).rows.map((r) => ({ schema: String(r.schema), identifier: String(r.name) }));
  const byName = (a: RelationRef, b: RelationRef) => d.relation(a) < d.relation(b) ? -1 : d.relation(a) > d.relation(b) ? 1 : 0;
  const locked = new Set<string>();
  const lock = async (refs: RelationRef[]) => {
    for (const ref of refs.sort(byName)) {
      await run(`select pg_catalog.pg_advisory_xact_lock(${relationLockKey(ref)})`);
      locked.add(d.relation(ref));
    }
  };
  await lock(names);
  for (;;) {
    const views = (await session.query(directDependentsSql(target, true))).rows.map((r) => ({
      ref: { schema: String(r.schema), identifier: String(r.name) },
      sql: String(r.sql).trim().replace(/;$/, ''),
      options: String(r.options ?? ''),
    }));
    // A view created on the target meanwhile (by another run) is locked too before going on.
    const extra = views.map((v) => v.ref).filter((ref) => !locked.has(d.relation(ref)));
    if (extra.length === 0) return views;
    await lock(extra);
  }
}

function createView(view: DependentView): string {
  return `create or replace view ${d.relation(view.ref)}${view.options ? ` with (${view.options})` : ''} as\n${view.sql}`;
}

/** `cannot drop columns from view`, `cannot change data type of view column`... */
const INVALID_TABLE_DEFINITION = '42P16';
/** Ctrl-C (pg_cancel_backend) and statement_timeout: never taken for "does not fit". */
const QUERY_CANCELED = '57014';

/**
 * Runs a statement under a savepoint: false (and nothing changed) when it fails with an error
 * `expected` accepts; any other error (a cancel, a lost connection) goes on up.
 */
async function tryStatement(run: RunStatement, sql: string, expected: (code: string) => boolean): Promise<boolean> {
  await run('savepoint weir_try');
  try {
    await run(sql);
    await run('release savepoint weir_try');
    return true;
  } catch (error) {
    const code = (error as { cause?: { code?: unknown } }).cause?.code;
    if (typeof code !== 'string' || !expected(code)) throw error;
    await run('rollback to savepoint weir_try');
    return false;
  }
}
