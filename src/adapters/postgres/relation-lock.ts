import type { RelationRef, Session } from '../types.js';
import { relationLockKey } from './catalog-sql.js';
import { postgresDialect as d } from './dialect.js';

/**
 * weir's lock on one relation it writes, held by the node's session for the whole node (staging
 * tables included, which ingestion fills outside the final transaction): a session-level advisory
 * lock, so a killed run's lock goes with its connection. Keyed by the relation, not the target, so
 * two targets sharing a source schema never write `raw_x.t` (or `raw_x.t__weir_ingest`) at once.
 */
export async function lockRelation(session: Session, ref: RelationRef, onWait?: (message: string) => void): Promise<() => Promise<void>> {
  const release = await tryLockRelation(session, ref);
  if (release) return release;
  onWait?.(`Another weir run is writing ${d.relation(ref)}: waiting for it to finish that relation.`);
  await session.query(`select pg_catalog.pg_advisory_lock(${relationLockKey(ref)})`);
  return unlocker(session, ref);
}

export async function tryLockRelation(session: Session, ref: RelationRef): Promise<(() => Promise<void>) | undefined> {
  const { rows } = await session.query(`select pg_catalog.pg_try_advisory_lock(${relationLockKey(ref)}) as locked`);
  return rows[0]?.locked === true ? unlocker(session, ref) : undefined;
}

function unlocker(session: Session, ref: RelationRef): () => Promise<void> {
  return async () => {
    await session.query(`select pg_catalog.pg_advisory_unlock(${relationLockKey(ref)})`);
  };
}
