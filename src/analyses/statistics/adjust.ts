/**
 * Multiple-comparison adjustment of the p-values one analysis reports (its family of tests), as
 * statsmodels' multipletests computes them: Benjamini-Hochberg (the false discovery rate, the
 * default), Holm and Bonferroni (the family-wise error rate), or none. Nulls (tests that could not be
 * computed) stay null and do not count towards the family.
 */
import type { PAdjustMethod } from '../../project/analysis-schema.js';

export type { PAdjustMethod };

export const P_ADJUST_NAMES: Record<PAdjustMethod, string> = {
  bh: 'Benjamini-Hochberg', holm: 'Holm', bonferroni: 'Bonferroni', none: 'no adjustment',
};

export function adjustPValues(pValues: ReadonlyArray<number | null>, method: PAdjustMethod): Array<number | null> {
  const present = pValues.map((p, index) => ({ p, index })).filter((e): e is { p: number; index: number } => e.p !== null);
  const m = present.length;
  const out: Array<number | null> = pValues.map(() => null);
  if (method === 'none' || m <= 1) {
    for (const { p, index } of present) out[index] = p;
    return out;
  }
  if (method === 'bonferroni') {
    for (const { p, index } of present) out[index] = Math.min(1, p * m);
    return out;
  }
  const sorted = [...present].sort((a, b) => a.p - b.p);
  if (method === 'holm') {
    // Step-down: the k-th smallest (from 0) times m - k, never below the one before it.
    let running = 0;
    sorted.forEach(({ p, index }, k) => {
      running = Math.max(running, Math.min(1, (m - k) * p));
      out[index] = running;
    });
    return out;
  }
  // Benjamini-Hochberg step-up: p times m / rank, never above the one after it.
  let running = 1;
  for (let k = m - 1; k >= 0; k--) {
    const { p, index } = sorted[k]!;
    running = Math.min(running, (p * m) / (k + 1));
    out[index] = running;
  }
  return out;
}
