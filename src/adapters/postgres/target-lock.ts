import pg from 'pg';
import { DatabaseError } from '../../core/errors.js';

interface LockOptions {
  readonly schema: string;
  /** Seconds to wait for the other run; 0 stops at once. */
  readonly waitSeconds: number;
  readonly fail: (error: unknown, sql?: string) => Error;
  /** Told once, when the lock is held by another run and this one starts waiting for it. */
  readonly onWait?: ((message: string) => void) | undefined;
}

const POLL_MS = 500;

/**
 * One weir run per target schema: a session-level advisory lock keyed by the schema, held on its
 * own connection for the whole run. The server releases it when that connection ends, so a killed
 * run never leaves it behind.
 */
export async function takeTargetLock(clientConfig: pg.ClientConfig, options: LockOptions): Promise<() => Promise<void>> {
  const client = new pg.Client(clientConfig);
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw options.fail(error);
  }
  const key = `hashtext('weir'), hashtext(${literal(options.schema)})`;
  const deadline = Date.now() + options.waitSeconds * 1000;
  try {
    for (let tries = 0; ; tries++) {
      const { rows } = await client.query(`select pg_catalog.pg_try_advisory_lock(${key}) as locked`);
      if (rows[0]?.locked === true) break;
      if (Date.now() >= deadline) throw await busyError(client, options);
      if (tries === 0) {
        options.onWait?.(`Another weir run is building schema '${options.schema}' on this database${await holderOf(client, options)}: waiting for it to finish (up to lock_timeout, ${options.waitSeconds}s).`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error instanceof DatabaseError ? error : options.fail(error);
  }
  return async () => {
    await client.query(`select pg_catalog.pg_advisory_unlock(${key})`).catch(() => undefined);
    await client.end().catch(() => undefined);
  };
}

/** Who holds the lock, as ` (server pid N, connected since T)`, or nothing when it cannot be seen. */
async function holderOf(client: pg.Client, options: LockOptions): Promise<string> {
  const { rows } = await client.query(
    `select a.pid, a.client_addr, a.backend_start from pg_catalog.pg_locks l join pg_catalog.pg_stat_activity a on a.pid = l.pid
     where l.locktype = 'advisory' and l.granted and l.classid::int = hashtext('weir') and l.objid::int = hashtext(${literal(options.schema)}) limit 1`,
  ).catch(() => ({ rows: [] as Array<Record<string, unknown>> }));
  const holder = rows[0];
  return holder ? ` (server pid ${holder.pid}, connected since ${new Date(String(holder.backend_start)).toISOString()})` : '';
}

async function busyError(client: pg.Client, options: LockOptions): Promise<DatabaseError> {
  const who = await holderOf(client, options);
  const waited = options.waitSeconds > 0 ? ` and did not finish within lock_timeout (${options.waitSeconds}s)` : '';
  return new DatabaseError(`Another weir run is building schema '${options.schema}' on this database${who}${waited}.`, {
    hint: 'wait for it to finish and run again, or set lock_timeout (seconds) in the target to wait for it',
  });
}

function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
