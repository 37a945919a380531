import { join, relative } from 'node:path';
import type { Adapter, Session } from '../adapters/types.js';
import type { Logger } from '../core/logger.js';
import { removeStaleWorkDirs } from '../ingest/index.js';

/** weir's temporary relations: `<relation>__weir_<suffix>` (see tempIdentifier and the ingest staging names). */
const TEMPORARY = /^(.+)__weir_(tmp|incr|old|ingest|ingest_dedup)$/;

/**
 * A run killed outright (kill -9, a lost machine) cannot clean up after itself: a staging table
 * that ingestion filled outside its final transaction, a scratch folder. The next run removes them
 * before it starts, in the schemas it writes, and says what it removed. Another run's staging is
 * told apart by weir's lock on the relation it stages for (held while that run writes it), and
 * another process's folders by their pid.
 */
export async function removeLeftovers(adapter: Adapter, session: Session, schemas: readonly string[], folders: { projectRoot: string; targetDir: string }, logger: Logger) {
  const removed: string[] = [];
  for (const { ref, kind } of await adapter.relations(session, schemas)) {
    const base = TEMPORARY.exec(ref.identifier)?.[1];
    if (base === undefined) continue;
    const release = adapter.tryLockRelation ? await adapter.tryLockRelation(session, { schema: ref.schema, identifier: base }) : async () => undefined;
    if (!release) continue; // another run is writing that relation now
    try {
      await session.execute(adapter.dialect.drop(kind, ref));
      removed.push(`${kind} ${adapter.dialect.relation(ref)}`);
    } catch (error) {
      logger.log({ level: 'warn', code: 'leftover_kept', message: `Could not remove ${kind} ${adapter.dialect.relation(ref)}, left by an interrupted run: ${(error as Error).message}` });
    } finally {
      await release();
    }
  }
  removed.push(...removeStaleWorkDirs(folders.targetDir).map((name) => `folder ${relative(folders.projectRoot, join(folders.targetDir, 'ingest-work', name))}`));
  if (removed.length > 0) {
    logger.log({
      level: 'warn', code: 'leftovers_removed', data: { removed },
      message: `Removed what an interrupted run left behind: ${removed.join(', ')}`,
    });
  }
}
