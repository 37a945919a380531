import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analyses/analyse.js';
import { adjustPValues } from '../../src/analyses/statistics/adjust.js';
import { withInference } from '../../src/analyses/statistics/correlation.js';
import { describeAnova, describeEvidence } from '../../src/analyses/statistics/evidence.js';
import type { MatrixResult } from '../../src/analyses/result-types.js';

// Reference values computed once with scipy 1.17.1 (stats.pearsonr, stats.spearmanr) and statsmodels
// 0.15.0 (stats.multitest.multipletests, methods fdr_bh, holm, bonferroni), printed to 10 significant digits.
const PS = [0.01, 0.04, 0.03, 0.005, 0.2, 0.35, 0.002, 0.049, 0.5, 0.8];
const REFERENCE = {
  bh: [0.03333333333, 0.08, 0.075, 0.025, 0.2857142857, 0.4375, 0.02, 0.08166666667, 0.5555555556, 0.8],
  holm: [0.08, 0.24, 0.21, 0.045, 0.8, 1.0, 0.02, 0.245, 1.0, 1.0],
  bonferroni: [0.1, 0.4, 0.3, 0.05, 1.0, 1.0, 0.02, 0.49, 1.0, 1.0],
};

// Five columns of 20 rows; c ~ d has p = 0.0357 alone but 0.0893 after Benjamini-Hochberg over the 10 pairs.
const N = 20;
const COLUMNS = ['a', 'b', 'c', 'd', 'e'];
const ROWS = Array.from({ length: N }, (_, i) => ({ a: i, b: ((i * 7) % 20) + i * 0.6, c: i + ((i * 13) % 5), d: ((i * i) % 11) + i * 0.1, e: (i * 3) % 7 }));
const SCIPY = {
  r: [0.7213966887, 0.9731989069, 0.4091110413, 0.04470645988, 0.6942642504, 0.3615027187, 0.008880735512, 0.4718230471, 0.1428045423, -0.1262213767],
  p: [0.0003308575678, 6.148635607e-13, 0.07327260413, 0.8515409512, 0.0006834082385, 0.1173252505, 0.9703581612, 0.03570126063, 0.5480990616, 0.5959306773],
  bh: [0.001654287839, 6.148635607e-12, 0.1465452083, 0.9461566124, 0.002278027462, 0.1955420842, 0.9703581612, 0.08925315158, 0.7449133466, 0.7449133466],
  holm: [0.00297771811, 6.148635607e-12, 0.4396356248, 1.0, 0.005467265908, 0.5866262525, 1.0, 0.2499088244, 1.0, 1.0],
  spearmanP: [0.0003134034173, 4.036522214e-13, 0.04912981728, 0.8562769175, 0.000578664102, 0.1631867366, 0.9569401442, 0.03163763691, 0.6010412382, 0.745513563],
  spearmanBh: [0.001567017087, 4.036522214e-12, 0.09825963456, 0.9514187972, 0.00192888034, 0.2719778944, 0.9569401442, 0.07909409229, 0.8586303403, 0.9318919538],
};
const ORIGIN = { name: 'm', sqlFile: 'analyses/m.sql', ymlFile: 'analyses/m.yml' };
const matrix = (extra: Record<string, unknown> = {}) =>
  analyse({ kind: 'matrix', columns: COLUMNS, method: 'pearson', ...extra } as never, { columns: COLUMNS, rows: ROWS }, ORIGIN).result as MatrixResult;

describe('multiple-comparison adjustment', () => {
  it('matches statsmodels multipletests for Benjamini-Hochberg, Holm and Bonferroni', () => {
    for (const [method, expected] of Object.entries(REFERENCE)) {
      adjustPValues(PS, method as keyof typeof REFERENCE).forEach((p, i) => expect(p!, `${method} ${i}`).toBeCloseTo(expected[i]!, 9));
    }
    expect(adjustPValues([0.02, 0.02, 0.02], 'bh')).toEqual([0.02, 0.02, 0.02]);
    expect(adjustPValues([0.02, 0.02, 0.02], 'holm').map((p) => Number(p!.toFixed(12)))).toEqual([0.06, 0.06, 0.06]);
  });

  it('leaves a single test, none, and missing p-values alone (a null does not count towards the family)', () => {
    expect(adjustPValues([0.03], 'bonferroni')).toEqual([0.03]);
    expect(adjustPValues(PS, 'none')).toEqual(PS);
    expect(adjustPValues([0.01, null, 0.04], 'bonferroni')).toEqual([0.02, null, 0.08]);
  });

  it('adjusts a matrix over its pairs (Benjamini-Hochberg by default) and shows raw and adjusted p', () => {
    const result = matrix();
    expect(result.pAdjust).toEqual({ method: 'bh', tests: 10 });
    result.cells.forEach((c, i) => {
      expect(c.coefficient!).toBeCloseTo(SCIPY.r[i]!, 9);
      expect(c.pValue!).toBeCloseTo(SCIPY.p[i]!, 9);
      expect(c.pAdjusted!).toBeCloseTo(SCIPY.bh[i]!, 9);
    });
    const cd = result.cells[7]!;
    expect([cd.x, cd.y]).toEqual(['c', 'd']);
    expect(cd.message).toBe('no evidence of a relationship once adjusted for 10 tests (Benjamini-Hochberg, unadjusted p below 0.05)');
    expect(result.summary).toContain('10 pairs of 5 columns (pearson, p adjusted by Benjamini-Hochberg over 10 tests)');
    expect(result.summary).toContain('strongest evidence: a ~ c: Pearson r = 0.973 (95% CI 0.932 to 0.99), p < 0.001, adjusted p < 0.001, n = 20: a strong positive relationship');
    matrix({ p_adjust: 'holm' }).cells.forEach((c, i) => expect(c.pAdjusted!).toBeCloseTo(SCIPY.holm[i]!, 9));
    const spearman = analyse({ kind: 'matrix', columns: COLUMNS, method: 'spearman' } as never, { columns: COLUMNS, rows: ROWS }, ORIGIN).result as MatrixResult;
    spearman.cells.forEach((c, i) => {
      expect(c.pValue!).toBeCloseTo(SCIPY.spearmanP[i]!, 9);
      expect(c.pAdjusted!).toBeCloseTo(SCIPY.spearmanBh[i]!, 9);
    });
    const none = matrix({ p_adjust: 'none' });
    expect(none.cells[7]!.pAdjusted).toBe(none.cells[7]!.pValue);
    expect(none.cells[7]!.message).toBe('a positive relationship, negligible to strong (95% interval)');
  });

  it('tests only the pairs an analysis asks about, adjusts over them, and answers them in the headline', () => {
    const result = matrix({ pairs: [['a', 'd'], ['c', 'd']] });
    expect(result.cells.map((c) => [c.x, c.y])).toEqual([['a', 'd'], ['c', 'd']]);
    expect(result.pAdjust.tests).toBe(2);
    // BH over two: the larger p stays, the smaller one becomes min(2p, larger).
    expect(result.cells[1]!.pAdjusted!).toBeCloseTo(SCIPY.p[7]! * 2, 9);
    expect(result.cells[0]!.pAdjusted!).toBeCloseTo(SCIPY.p[2]!, 9);
    expect(result.summary.split('; ')).toEqual([
      '2 pairs asked of 5 columns (pearson, p adjusted by Benjamini-Hochberg over 2 tests)',
      'a ~ d: Pearson r = 0.409 (95% CI -0.041 to 0.721), p = 0.073, adjusted p = 0.073, n = 20: no evidence of a relationship',
      'c ~ d: Pearson r = 0.472 (95% CI 0.037 to 0.756), p = 0.036, adjusted p = 0.071, n = 20: no evidence of a relationship once adjusted for 2 tests (Benjamini-Hochberg, unadjusted p below 0.05)',
    ]);
    expect(() => matrix({ pairs: [['a', 'z']] })).toThrow(/pairs\[0\]\[1\] 'z' is not a column of its query/);
    expect(() => analyse({ kind: 'matrix', columns: ['a', 'b'], method: 'pearson', pairs: [['a', 'c']] } as never, { columns: COLUMNS, rows: ROWS }, ORIGIN))
      .toThrow(/pairs\[0\]\[1\] 'c' is not one of its columns/);
  });
});

describe('words that follow the evidence', () => {
  it('says "no evidence of a relationship" for r = 0.100, p = 0.35 and Spearman 0.099 alike (n = 90)', () => {
    const pearson = withInference('pearson', 90, 0.1, 1);
    const spearman = withInference('spearman', 90, 0.099, 1.06);
    expect(pearson.pValue!).toBeCloseTo(0.348, 3);
    expect(pearson.message).toBe('no evidence of a relationship');
    expect(spearman.message).toBe('no evidence of a relationship');
  });

  it('reads the strength from the whole interval when p is small, the same rule for every method', () => {
    expect(withInference('pearson', 90, 0.45, 1).message).toBe('a positive relationship, weak to strong (95% interval)');
    expect(withInference('pearson', 2000, 0.6, 1).message).toBe('a strong positive relationship');
    expect(withInference('spearman', 2000, -0.2, 1.06).message).toBe('a weak negative relationship');
    expect(withInference('point_biserial', 60, 0.3, 1).message).toBe('a positive relationship, negligible to strong (95% interval)');
    expect(withInference('pearson', 3, 0.9999, 1).message).toBe('a strong positive relationship; a 95% interval needs at least 4 rows');
  });

  it('an adjusted p above 5% takes the claim back, and an ANOVA speaks the same way', () => {
    const c = { ...withInference('pearson', 40, 0.35, 1), pAdjusted: 0.2 };
    expect(c.pValue!).toBeLessThan(0.05);
    expect(describeEvidence(c, { method: 'holm', tests: 6 })).toBe('no evidence of a relationship once adjusted for 6 tests (Holm, unadjusted p below 0.05)');
    expect(describeAnova({ pValue: 0.4, etaSquared: 0.012 })).toBe('no evidence that the group means differ (the groups explain 1.2% of the variance)');
    expect(describeAnova({ pValue: 0.001, etaSquared: 0.3 })).toBe('the group means differ; the groups explain 30.0% of the variance');
  });
});
