import type { StatStatus } from './statistics/types.js';

const RANK: Record<StatStatus, number> = { ok: 0, zero_variance: 1, insufficient_data: 2, invalid: 3 };

/** The most serious status among the statistics (with its message), or the first one's when all are ok. */
export function worstOf(stats: ReadonlyArray<{ status: StatStatus; message: string }>): { status: StatStatus; message: string } {
  if (stats.length === 0) return { status: 'insufficient_data', message: 'nothing to compute' };
  const worst = [...stats].sort((a, b) => RANK[b.status] - RANK[a.status])[0]!;
  if (worst.status !== 'ok') return worst;
  return stats[0]!;
}
