import { P_ADJUST_NAMES, type PAdjustMethod } from './adjust.js';
import type { Anova, Correlation } from './types.js';

/** The significance level the words use: a relationship is claimed only below it. */
export const ALPHA = 0.05;

/** The tests an analysis reports together and how their p-values were adjusted. */
export interface TestFamily {
  readonly method: PAdjustMethod;
  readonly tests: number;
}

const SINGLE: TestFamily = { method: 'none', tests: 1 };

/** Cohen's rule of thumb for |r|: 0.1 weak, 0.3 moderate, 0.5 strong. */
function strength(size: number): string {
  return size < 0.1 ? 'negligible' : size < 0.3 ? 'weak' : size < 0.5 ? 'moderate' : 'strong';
}

/** Whether the p-value the decision rests on (adjusted when there is a family) is below ALPHA. */
export function isSignificant(c: Pick<Correlation, 'pValue' | 'pAdjusted'>): boolean {
  const p = c.pAdjusted ?? c.pValue;
  return p !== null && p < ALPHA;
}

/**
 * Words for a coefficient that follow the evidence, the same rule for every method: without a p
 * (adjusted, in a family) below 5% there is no evidence of a relationship, whatever r; with one,
 * the strength is read from the whole 95% interval (its end nearest zero to its far end), so a
 * wide interval says "weak to strong" instead of the point estimate's single word.
 */
export function describeEvidence(c: Correlation, family: TestFamily = SINGLE): string {
  const words = evidenceWords(c, family);
  const noInterval = c.coefficient !== null && Math.abs(c.coefficient) !== 1 && (c.ciLow === null || c.ciHigh === null);
  return noInterval ? `${words}; a 95% interval needs at least 4 rows` : words;
}

function evidenceWords(c: Correlation, family: TestFamily): string {
  const r = c.coefficient;
  if (r === null || c.pValue === null) return c.message;
  if (Math.abs(r) === 1) return `a perfect ${r > 0 ? 'positive' : 'negative'} relationship`;
  if (!isSignificant(c)) {
    const adjusted = family.tests > 1 && family.method !== 'none' && c.pValue < ALPHA;
    return adjusted
      ? `no evidence of a relationship once adjusted for ${family.tests} tests (${P_ADJUST_NAMES[family.method]}, unadjusted p below ${ALPHA})`
      : 'no evidence of a relationship';
  }
  const direction = r > 0 ? 'positive' : 'negative';
  if (c.ciLow === null || c.ciHigh === null) return `a ${strength(Math.abs(r))} ${direction} relationship`;
  const crossesZero = c.ciLow <= 0 && c.ciHigh >= 0;
  const near = crossesZero ? 0 : Math.min(Math.abs(c.ciLow), Math.abs(c.ciHigh));
  const far = Math.max(Math.abs(c.ciLow), Math.abs(c.ciHigh));
  const [low, high] = [strength(near), strength(far)];
  return low === high ? `a ${low} ${direction} relationship` : `a ${direction} relationship, ${low} to ${high} (95% interval)`;
}

/** Words for a one-way ANOVA that follow its p-value. */
export function describeAnova(a: Pick<Anova, 'pValue' | 'etaSquared'>): string {
  const share = `the groups explain ${((a.etaSquared ?? 0) * 100).toFixed(1)}% of the variance`;
  if (a.pValue === null) return share;
  return a.pValue < ALPHA ? `the group means differ; ${share}` : `no evidence that the group means differ (${share})`;
}
