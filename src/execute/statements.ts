import { throwIfInterrupted } from '../core/errors.js';
import type { MaterializeContext } from './types.js';
import { weirIdentifier } from '../core/ids.js';

/** Runs one statement and records it for target/run. */
export async function run(context: MaterializeContext, sql: string) {
  throwIfInterrupted(context.signal);
  context.statements.push(sql);
  // Transaction control goes as it is: an engine may read those words (Trino's undo journal does).
  const commented = context.comment && !/^(begin|commit|rollback)$/i.test(sql.trim()) ? context.comment(sql) : sql;
  return context.session.execute(commented);
}

/**
 * Runs `work` inside one transaction: either every statement lands or none does, so a failed build
 * leaves the previous relation and no temporary one behind.
 */
export async function inTransaction<T>(context: MaterializeContext, work: () => Promise<T>): Promise<T> {
  await run(context, 'begin');
  try {
    const result = await work();
    await run(context, 'commit');
    return result;
  } catch (error) {
    try {
      await context.session.execute('rollback');
      context.statements.push('rollback');
    } catch {
      // The engine may already have aborted the transaction; the original error is what matters.
    }
    throw error;
  }
}

export async function countRows(context: MaterializeContext, relationSql: string): Promise<number> {
  const { rows } = await context.session.query(`select count(*) as n from ${relationSql}`);
  return Number(rows[0]?.n ?? 0);
}

export function tempIdentifier(identifier: string, suffix = 'tmp'): string {
  return weirIdentifier(identifier, suffix);
}
