import { describe, expect, it } from 'vitest';
import { pearson, regression, spearman, withInference } from '../../src/analyses/statistics/correlation.js';
import { anova, pointBiserial, summariseGroups } from '../../src/analyses/statistics/groups.js';
import { correlationMatrix } from '../../src/analyses/statistics/matrix.js';

// Anscombe, F. J. (1973). Graphs in Statistical Analysis. The American Statistician 27(1): 17-21.
const X123 = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5];
const ANSCOMBE = [
  { x: X123, y: [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68] },
  { x: X123, y: [9.14, 8.14, 8.74, 8.77, 9.26, 8.1, 6.13, 3.1, 9.13, 7.26, 4.74] },
  { x: X123, y: [7.46, 6.77, 12.74, 7.11, 7.81, 8.84, 6.08, 5.39, 8.15, 6.42, 5.73] },
  { x: [8, 8, 8, 8, 8, 8, 8, 19, 8, 8, 8], y: [6.58, 5.76, 7.71, 8.84, 8.47, 7.04, 5.25, 12.5, 5.56, 7.91, 6.89] },
];

describe('Pearson correlation', () => {
  it('is exactly 1 (or -1) on perfectly linear data, with p = 0 and the exact line', () => {
    const x = [1, 2, 3, 4, 5, 6];
    const up = pearson(x, x.map((v) => 3 * v + 2));
    expect(up).toMatchObject({ status: 'ok', coefficient: 1, pValue: 0, ciLow: 1, ciHigh: 1, n: 6 });
    expect(up.message).toContain('perfect positive');
    expect(pearson(x, x.map((v) => 10 - v)).coefficient).toBe(-1);
    const line = regression(x, x.map((v) => 3 * v + 2));
    expect(line.slope).toBeCloseTo(3, 12);
    expect(line.intercept).toBeCloseTo(2, 12);
    expect(line.rSquared).toBeCloseTo(1, 12);
  });

  it("gives r = 0.816, slope 0.500 and intercept 3.00 for each of Anscombe's four sets", () => {
    // R: diag(cor(anscombe[1:4], anscombe[5:8])).
    const exact = [0.8164205, 0.8162365, 0.8162867, 0.8165214];
    ANSCOMBE.forEach(({ x, y }, i) => {
      const r = pearson(x, y);
      expect(r.status).toBe('ok');
      expect(Math.abs(r.coefficient! - 0.816)).toBeLessThan(0.001);
      expect(r.coefficient!).toBeCloseTo(exact[i]!, 6);
      const line = regression(x, y);
      expect(line.slope!).toBeCloseTo(0.5, 3);
      expect(line.intercept!).toBeCloseTo(3.0, 2);
      expect(line.rSquared!).toBeCloseTo(0.67, 2);
    });
  });

  it("matches R's cor.test on Anscombe I: p = 0.002170, 95% CI 0.4243912 to 0.9506933, t = 4.2415", () => {
    const r = pearson(ANSCOMBE[0]!.x, ANSCOMBE[0]!.y);
    expect(r.tStatistic!).toBeCloseTo(4.2415, 4);
    expect(r.degreesOfFreedom).toBe(9);
    expect(r.pValue!).toBeCloseTo(0.00217, 5);
    expect(r.ciLow!).toBeCloseTo(0.4243912, 6);
    expect(r.ciHigh!).toBeCloseTo(0.9506933, 6);
  });

  it('gives the published p-value for r = 0.5 with n = 20 (two-sided p = 0.0248)', () => {
    const result = withInference('pearson', 20, 0.5, 1);
    expect(result.tStatistic!).toBeCloseTo(2.4495, 4);
    expect(result.pValue!).toBeCloseTo(0.0248, 4);
    // Table values: r = 0.444 is the two-sided 5% critical value for n = 20, r = 0.561 the 1% one.
    expect(withInference('pearson', 20, 0.4438, 1).pValue!).toBeCloseTo(0.05, 3);
    expect(withInference('pearson', 20, 0.5614, 1).pValue!).toBeCloseTo(0.01, 3);
  });
});

describe('Spearman correlation', () => {
  // The worked example of Wikipedia's "Spearman's rank correlation coefficient": IQ against hours of
  // TV per week; rho = -29/165 = -0.175757..., p = 0.627188 with the t-distribution.
  const IQ = [106, 100, 86, 101, 99, 103, 97, 113, 112, 110];
  const TV = [7, 27, 2, 50, 28, 29, 20, 12, 6, 17];

  it('matches the textbook example', () => {
    const rho = spearman(IQ, TV);
    expect(rho.coefficient!).toBeCloseTo(-29 / 165, 12);
    expect(rho.pValue!).toBeCloseTo(0.627188, 5);
    expect(rho.method).toBe('spearman');
  });

  it('gives tied values their average rank, and 1 for any increasing relation', () => {
    expect(spearman([1, 2, 3, 4, 5], [1, 4, 9, 16, 25]).coefficient).toBe(1);
    // x ranks 1.5 1.5 3 4, y ranks 1 2 3 4: r of the ranks is 0.9486833.
    expect(spearman([1, 1, 2, 3], [1, 2, 3, 4]).coefficient!).toBeCloseTo(0.9486833, 6);
  });
});

describe('data that cannot answer says so in words', () => {
  it('too few rows', () => {
    for (const [x, y] of [[[], []], [[1], [2]], [[1, 2], [2, 4]]] as const) {
      for (const result of [pearson(x, y), spearman(x, y)]) {
        expect(result.status).toBe('insufficient_data');
        expect(result.message).toMatch(/too few rows: \d complete rows?, and a correlation needs at least 3/);
        expect(result.coefficient).toBeNull();
        expect(result.pValue).toBeNull();
      }
    }
    expect(regression([1], [2])).toMatchObject({ status: 'insufficient_data', slope: null });
  });

  it('zero variance', () => {
    const result = pearson([1, 2, 3, 4], [5, 5, 5, 5]);
    expect(result).toMatchObject({ status: 'zero_variance', coefficient: null, ciLow: null });
    expect(result.message).toBe('no variation: y has the same value in every row, so the correlation is undefined');
    expect(pearson([0.1, 0.1, 0.1], [0.1, 0.1, 0.1]).message).toContain('x and y have the same value');
    expect(regression([2, 2, 2], [1, 2, 3])).toMatchObject({ status: 'zero_variance', slope: null, intercept: null });
  });

  it('three rows give r and p but no interval, and say why', () => {
    const result = pearson([1, 2, 3], [1, 3, 2]);
    expect(result.coefficient).toBeCloseTo(0.5, 12);
    expect(result.pValue!).toBeCloseTo(0.666667, 5);
    expect(result.ciLow).toBeNull();
    expect(result.message).toContain('a 95% interval needs at least 4 rows');
  });

  it('never produces NaN', () => {
    const results = [pearson([1, 2, 3], [3, 3, 3]), spearman([], []), pearson([1, 2, 3, 4], [1, 2, 3, 4.0000001])];
    for (const r of results) expect(JSON.stringify(r)).not.toMatch(/NaN|null,"pValue":NaN/);
    for (const r of results) for (const v of Object.values(r)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
  });
});

describe('groups', () => {
  const data = { values: [1, 2, 3, 4, 5, 6], groups: ['a', 'a', 'a', 'b', 'b', 'b'] };

  it('point-biserial r equals the pooled two-sample t-test (t = 3.674, p = 0.02131)', () => {
    const { correlation, groups } = pointBiserial(data);
    expect(correlation.coefficient!).toBeCloseTo(Math.sqrt(13.5 / 17.5), 12);
    expect(correlation.tStatistic!).toBeCloseTo(3.6742, 4);
    expect(correlation.pValue!).toBeCloseTo(0.02131, 5);
    expect(groups.map((g) => [g.group, g.n, g.mean])).toEqual([['a', 3, 2], ['b', 3, 5]]);
  });

  it('point-biserial needs exactly two groups', () => {
    const three = pointBiserial({ values: [1, 2, 3, 4], groups: ['x', 'y', 'z', 'z'] });
    expect(three.correlation.status).toBe('invalid');
    expect(three.correlation.message).toBe("a point-biserial correlation needs exactly two groups; the group column has 3: 'x', 'y', 'z'");
    expect(pointBiserial({ values: [1, 1, 1, 1], groups: ['x', 'x', 'y', 'y'] }).correlation.message).toContain('the value is the same in every row');
  });

  it('group means with standard errors and t-intervals (t(0.975, 2) = 4.302653)', () => {
    const [a] = summariseGroups(data);
    expect(a!.sd).toBeCloseTo(1, 12);
    expect(a!.standardError!).toBeCloseTo(1 / Math.sqrt(3), 12);
    expect(a!.ciLow!).toBeCloseTo(2 - 4.302653 / Math.sqrt(3), 5);
    expect(a!.ciHigh!).toBeCloseTo(2 + 4.302653 / Math.sqrt(3), 5);
    const single = summariseGroups({ values: [7], groups: ['solo'] })[0]!;
    expect(single).toMatchObject({ n: 1, mean: 7, sd: null, standardError: null, ciLow: null });
  });

  it('one-way ANOVA: F = 13.5 on (1, 4) df, p = 0.02131, the same as the t-test', () => {
    const test = anova(data, summariseGroups(data));
    expect(test).toMatchObject({ status: 'ok', dfBetween: 1, dfWithin: 4 });
    expect(test.fStatistic!).toBeCloseTo(13.5, 12);
    expect(test.pValue!).toBeCloseTo(0.02131, 5);
    expect(test.etaSquared!).toBeCloseTo(13.5 / 17.5, 12);
    // Three groups worked by hand.
    const g = { values: [2, 3, 4, 3, 3, 5, 6, 4, 5, 5, 7, 6, 8, 6, 8], groups: 'aaaaabbbbbccccc'.split('') };
    const three = anova(g, summariseGroups(g));
    expect(three.dfBetween).toBe(2);
    expect(three.dfWithin).toBe(12);
    // Means 3, 5, 7 around 5: SSB = 40 on 2 df, SSW = 8 on 12 df, so F = 20 / (2/3) = 30.
    expect(three.fStatistic!).toBeCloseTo(30, 12);
    // With 2 numerator df the F tail has a closed form: (1 + 2F/d2)^(-d2/2) = 6^-6.
    expect(three.pValue!).toBeCloseTo(6 ** -6, 12);
    expect(anova({ values: [1, 1], groups: ['a', 'b'] }, summariseGroups({ values: [1, 1], groups: ['a', 'b'] })).status).toBe('insufficient_data');
  });
});

describe('correlation matrix', () => {
  it('computes every pair on its complete rows', () => {
    const cells = correlationMatrix([
      { name: 'a', values: [1, 2, 3, 4, null] },
      { name: 'b', values: [2, 4, 6, 8, 10] },
      { name: 'c', values: [4, 3, 2, 1, 0] },
    ], 'pearson');
    expect(cells.map((c) => [c.x, c.y, c.n, c.coefficient])).toEqual([['a', 'b', 4, 1], ['a', 'c', 4, -1], ['b', 'c', 5, -1]]);
  });
});
