import { mean, sampleStandardDeviation } from 'simple-statistics';
import { failed, isConstant, pearson } from './correlation.js';
import { fSurvival, studentTQuantile } from './distributions.js';
import { describeAnova } from './evidence.js';
import type { Anova, Correlation, GroupSummary } from './types.js';

export interface Grouped {
  readonly values: readonly number[];
  readonly groups: readonly string[];
}

/** Mean, standard error and 95% t-interval of each group, in the order of their labels. */
export function summariseGroups(data: Grouped): GroupSummary[] {
  const byGroup = new Map<string, number[]>();
  data.groups.forEach((g, i) => byGroup.set(g, [...(byGroup.get(g) ?? []), data.values[i]!]));
  return [...byGroup.keys()].sort(compareLabels).map((group) => {
    const values = byGroup.get(group)!;
    const n = values.length;
    const m = mean(values);
    if (n < 2) return { group, n, mean: m, sd: null, standardError: null, ciLow: null, ciHigh: null };
    const sd = sampleStandardDeviation(values);
    const standardError = sd / Math.sqrt(n);
    const half = studentTQuantile(0.975, n - 1) * standardError;
    return { group, n, mean: m, sd, standardError, ciLow: m - half, ciHigh: m + half };
  });
}

/** Labels in natural order: '2' before '10', 'a' before 'B'. */
export function compareLabels(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Point-biserial correlation of a numeric column with a two-valued one: Pearson's r with the first
 * group (in label order) coded 0 and the second 1, so a positive r means the second group's values
 * are higher. Its t-test is Student's two-sample t-test with pooled variance.
 */
export function pointBiserial(data: Grouped): { correlation: Correlation; groups: GroupSummary[] } {
  const groups = summariseGroups(data);
  const n = data.values.length;
  if (groups.length !== 2) {
    const names = groups.slice(0, 5).map((g) => `'${g.group}'`).join(', ') + (groups.length > 5 ? ', ...' : '');
    return {
      correlation: failed('point_biserial', n, 'invalid',
        `a point-biserial correlation needs exactly two groups; the group column has ${groups.length}${groups.length ? `: ${names}` : ''}`),
      groups,
    };
  }
  const second = groups[1]!.group;
  const correlation = pearson(data.values, data.groups.map((g) => (g === second ? 1 : 0)), 'point_biserial');
  if (correlation.status === 'zero_variance') {
    return { correlation: { ...correlation, message: 'no variation: the value is the same in every row, so the correlation is undefined' }, groups };
  }
  return { correlation, groups };
}

/** One-way ANOVA: do the group means differ more than the spread inside the groups explains? */
export function anova(data: Grouped, groups: readonly GroupSummary[]): Anova {
  const empty = { fStatistic: null, dfBetween: null, dfWithin: null, pValue: null, etaSquared: null };
  const n = data.values.length;
  const k = groups.length;
  if (k < 2) return { status: 'insufficient_data', message: `comparing groups needs at least 2 groups; there ${k === 1 ? 'is 1' : `are ${k}`}`, ...empty };
  if (n <= k) return { status: 'insufficient_data', message: `too few rows: ${n} rows in ${k} groups leave no degrees of freedom inside the groups`, ...empty };
  if (isConstant(data.values)) return { status: 'zero_variance', message: 'no variation: the value is the same in every row', ...empty };
  const grand = mean([...data.values]);
  const means = new Map(groups.map((g) => [g.group, g.mean]));
  let between = 0;
  for (const g of groups) between += g.n * (g.mean - grand) ** 2;
  let within = 0;
  data.values.forEach((v, i) => (within += (v - means.get(data.groups[i]!)!) ** 2));
  const dfBetween = k - 1;
  const dfWithin = n - k;
  const etaSquared = between / (between + within);
  if (within === 0) {
    return { status: 'ok', message: 'the groups differ and every value equals its group mean', fStatistic: null, dfBetween, dfWithin, pValue: 0, etaSquared };
  }
  const f = between / dfBetween / (within / dfWithin);
  const pValue = fSurvival(f, dfBetween, dfWithin);
  return { status: 'ok', message: describeAnova({ pValue, etaSquared }), fStatistic: f, dfBetween, dfWithin, pValue, etaSquared };
}
