import { linearRegression, mean, sampleCorrelation, sampleRankCorrelation } from 'simple-statistics';
import { studentTTwoSided, Z_975 } from './distributions.js';
import { describeEvidence } from './evidence.js';
import type { Correlation, CorrelationMethod, Regression, StatStatus } from './types.js';

/** The fewest complete rows a correlation needs: with two points any line fits perfectly. */
export const MIN_ROWS = 3;

/**
 * Pearson's r (simple-statistics' sampleCorrelation) with its two-sided p-value (t = r√(n−2)/√(1−r²),
 * n − 2 degrees of freedom) and 95% interval from Fisher's z (standard error 1/√(n−3)).
 */
export function pearson(x: readonly number[], y: readonly number[], method: CorrelationMethod = 'pearson'): Correlation {
  const problem = checkPairs(x, y, method);
  if (problem) return problem;
  return withInference(method, x.length, clamp(sampleCorrelation([...x], [...y])), 1);
}

/**
 * Spearman's ρ: Pearson's r of the ranks, ties sharing their average rank (simple-statistics'
 * sampleRankCorrelation). The p-value uses the same t approximation as scipy's spearmanr; the
 * interval uses Fisher's z with Fieller, Hartley and Pearson's (1957) variance 1.06/(n−3).
 */
export function spearman(x: readonly number[], y: readonly number[]): Correlation {
  const problem = checkPairs(x, y, 'spearman');
  if (problem) return problem;
  return withInference('spearman', x.length, clamp(sampleRankCorrelation([...x], [...y])), 1.06);
}

/** Least-squares line of y on x. */
export function regression(x: readonly number[], y: readonly number[]): Regression {
  const empty = { slope: null, intercept: null, rSquared: null };
  if (x.length < 2) return { status: 'insufficient_data', message: `a regression line needs at least 2 rows; there ${x.length === 1 ? 'is 1' : `are ${x.length}`}`, ...empty };
  if (isConstant(x)) return { status: 'zero_variance', message: 'x has the same value in every row, so no line can be fitted', ...empty };
  const { m, b } = linearRegression(x.map((xi, i) => [xi, y[i]!]));
  const meanY = mean([...y]);
  let total = 0;
  let residual = 0;
  x.forEach((xi, i) => {
    total += (y[i]! - meanY) ** 2;
    residual += (y[i]! - (m * xi + b)) ** 2;
  });
  const rSquared = total === 0 ? null : Math.max(0, Math.min(1, 1 - residual / total));
  return { status: 'ok', message: `y = ${m} x + ${b}`, slope: m, intercept: b, rSquared };
}

export function isConstant(values: readonly number[]): boolean {
  return values.every((v) => v === values[0]);
}

function checkPairs(x: readonly number[], y: readonly number[], method: CorrelationMethod): Correlation | undefined {
  if (x.length !== y.length) throw new RangeError(`x has ${x.length} values and y ${y.length}`);
  const n = x.length;
  if (n < MIN_ROWS) {
    return failed(method, n, 'insufficient_data',
      `too few rows: ${n} complete row${n === 1 ? '' : 's'}, and a correlation needs at least ${MIN_ROWS}`);
  }
  const constant = [isConstant(x) ? 'x' : undefined, isConstant(y) ? 'y' : undefined].filter(Boolean);
  if (constant.length > 0) {
    return failed(method, n, 'zero_variance',
      `no variation: ${constant.join(' and ')} ${constant.length === 1 ? 'has' : 'have'} the same value in every row, so the correlation is undefined`);
  }
  return undefined;
}

export function failed(method: CorrelationMethod, n: number, status: StatStatus, message: string): Correlation {
  return { method, status, message, n, coefficient: null, pValue: null, pAdjusted: null, tStatistic: null, degreesOfFreedom: null, ciLow: null, ciHigh: null };
}

/**
 * Keeps r inside [-1, 1] and snaps rounding noise at the ends (0.9999999999999999 from a perfectly
 * linear column) to exactly ±1, so a perfect relationship is reported as one.
 */
function clamp(r: number): number {
  if (1 - Math.abs(r) < 1e-12) return Math.sign(r);
  return Math.max(-1, Math.min(1, r));
}

/**
 * p-value and Fisher-z interval for a coefficient r from n rows (n >= 3, r finite); `zVariance` is
 * n−3 times the variance of Fisher's z (1 for Pearson, 1.06 for Spearman).
 */
export function withInference(method: CorrelationMethod, n: number, r: number, zVariance: number): Correlation {
  const df = n - 2;
  if (Math.abs(r) === 1) {
    return { method, status: 'ok', message: `a perfect ${r > 0 ? 'positive' : 'negative'} relationship over ${n} rows`,
      n, coefficient: r, pValue: 0, pAdjusted: 0, tStatistic: null, degreesOfFreedom: df, ciLow: r, ciHigh: r };
  }
  const t = (r * Math.sqrt(df)) / Math.sqrt(1 - r * r);
  const pValue = studentTTwoSided(t, df);
  let ciLow: number | null = null;
  let ciHigh: number | null = null;
  if (n > 3) {
    const z = Math.atanh(r);
    const half = Z_975 * Math.sqrt(zVariance / (n - 3));
    ciLow = Math.tanh(z - half);
    ciHigh = Math.tanh(z + half);
  }
  // A family of one until the analysis adjusts it with the other tests it reports.
  const result = { method, status: 'ok' as const, message: '', n, coefficient: r, pValue, pAdjusted: pValue, tStatistic: t, degreesOfFreedom: df, ciLow, ciHigh };
  return { ...result, message: describeEvidence(result) };
}
