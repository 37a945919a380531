import type { EngineTarget } from './engines.js';

/** Runs statements on the engine through weir's adapter, one session, in order. */
export async function execOn(target: EngineTarget, dir: string, statements: readonly string[]): Promise<Array<Record<string, unknown>>> {
  const adapter = await target.open(dir);
  try {
    return await adapter.withSession(async (s) => {
      let rows: Array<Record<string, unknown>> = [];
      await adapter.ensureSchema(s, target.schema);
      for (const sql of statements) rows = [...(await s.query(sql.replaceAll('{schema}', `"${target.schema}"`))).rows];
      return rows;
    });
  } finally {
    await adapter.close();
  }
}

/** A timestamp as 'YYYY-MM-DD HH:MM:SS' (both engines return timestamps without time zone as UTC Dates). */
export function stamp(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = value instanceof Date ? value.toISOString() : String(value);
  return text.replace('T', ' ').slice(0, 19);
}

/**
 * A snapshot's history in the shape the tests write by hand: timestamps as text, and the times a
 * snapshot run stamped itself (not in `sourceTimes`) as T1, T2... in the order they happened.
 */
export function history(rows: ReadonlyArray<Record<string, unknown>>, timeColumns: readonly string[], sourceTimes: ReadonlySet<string>): Array<Record<string, unknown>> {
  const runTimes = [...new Set(rows.flatMap((r) => timeColumns.map((c) => r[c] instanceof Date ? (r[c] as Date).toISOString() : null)))]
    .filter((t): t is string => t !== null && !sourceTimes.has(stamp(t)!)).sort();
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => {
    if (!timeColumns.includes(k)) return [k, typeof v === 'bigint' ? Number(v) : v];
    if (v === null) return [k, null];
    const iso = v instanceof Date ? v.toISOString() : String(v);
    const run = runTimes.indexOf(iso);
    return [k, run >= 0 ? `T${run + 1}` : stamp(v)];
  })));
}
