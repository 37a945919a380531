import type { Adapter, RelationRef, Session } from '../adapters/types.js';
import type { IncrementalConfig } from './config.js';

/**
 * weir's state in the warehouse: one row per key (e.g. the highest `updated_at` an incremental
 * ingest has loaded), in `_weir_state` in the target's schema. Written inside the load's final
 * transaction, so state and data never disagree.
 */
export function stateRelation(adapter: Adapter): RelationRef {
  return { schema: adapter.defaultSchema, identifier: '_weir_state' };
}

export async function readState(adapter: Adapter, session: Session, key: string): Promise<string | undefined> {
  const relation = stateRelation(adapter);
  if (!(await adapter.relationKind(session, relation))) return undefined;
  const { rows } = await session.query(`select value from ${adapter.dialect.relation(relation)} where key = ${adapter.dialect.quoteLiteral(key)}`);
  return rows[0]?.value === undefined || rows[0]?.value === null ? undefined : String(rows[0].value);
}

export async function writeState(adapter: Adapter, session: Session, key: string, value: string): Promise<void> {
  const relation = adapter.dialect.relation(stateRelation(adapter));
  const t = adapter.ingestTypes;
  const q = adapter.dialect.quoteLiteral;
  await adapter.ensureSchema(session, adapter.defaultSchema);
  await session.execute(`create table if not exists ${relation} (key ${t.text}, value ${t.text}, updated_at ${t.timestamp})`);
  await session.execute(`delete from ${relation} where key = ${q(key)}`);
  await session.execute(`insert into ${relation} (key, value, updated_at) values (${q(key)}, ${q(value)}, cast(${q(new Date().toISOString())} as ${t.timestamp}))`);
}

/** The value sent on this run: the remembered one minus the lag, else the initial value. */
export function cursorStart(config: IncrementalConfig, remembered: string | undefined): string | undefined {
  const value = remembered ?? (config.initial_value === undefined ? undefined : String(config.initial_value));
  if (value === undefined || remembered === undefined || config.lag === 0) return value;
  const asNumber = Number(value);
  if (value.trim() !== '' && Number.isFinite(asNumber)) return String(asNumber - config.lag);
  const asDate = Date.parse(value);
  return Number.isNaN(asDate) ? value : new Date(asDate - config.lag * 1000).toISOString();
}

/** Keeps the highest cursor value seen: numbers by value, timestamps by time, else as text. */
export function cursorTracker(field: string) {
  let best: unknown;
  const greater = (a: unknown, b: unknown): boolean => {
    if (typeof a === 'number' && typeof b === 'number') return a > b;
    const da = typeof a === 'string' ? Date.parse(a) : NaN;
    const db = typeof b === 'string' ? Date.parse(b) : NaN;
    if (!Number.isNaN(da) && !Number.isNaN(db)) return da > db;
    return String(a) > String(b);
  };
  return {
    observe(records: readonly unknown[]) {
      for (const record of records) {
        const value = (record as Record<string, unknown> | null)?.[field];
        if (value === undefined || value === null) continue;
        if (best === undefined || greater(value, best)) best = value;
      }
    },
    value: (): string | undefined => (best === undefined ? undefined : String(best)),
  };
}
