import { describe, expect, it } from 'vitest';
import { fSurvival, logGamma, regularizedIncompleteBeta, studentTCdf, studentTQuantile, studentTTwoSided } from '../../src/analyses/statistics/distributions.js';

describe('special functions', () => {
  it('ln Γ matches factorials and Γ(1/2) = √π', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 9);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14);
  });

  it('the regularized incomplete beta satisfies its closed forms', () => {
    for (const x of [0.01, 0.2, 0.5, 0.77, 0.999]) {
      expect(regularizedIncompleteBeta(x, 1, 1)).toBeCloseTo(x, 13);
      expect(regularizedIncompleteBeta(x, 3, 1)).toBeCloseTo(x ** 3, 13);
      expect(regularizedIncompleteBeta(x, 1, 4)).toBeCloseTo(1 - (1 - x) ** 4, 13);
      expect(regularizedIncompleteBeta(x, 2.5, 7) + regularizedIncompleteBeta(1 - x, 7, 2.5)).toBeCloseTo(1, 13);
    }
    expect(regularizedIncompleteBeta(0.5, 40, 40)).toBeCloseTo(0.5, 13);
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
    expect(() => regularizedIncompleteBeta(0.5, 0, 1)).toThrow(RangeError);
  });

  it("Student's t matches published tables", () => {
    // Critical values of t at 97.5% (two-sided 5%) from any statistics table.
    const table: Array<[number, number]> = [[1, 12.7062], [2, 4.3027], [5, 2.5706], [10, 2.2281], [30, 2.0423], [120, 1.9799]];
    for (const [df, t] of table) {
      expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 4);
      expect(studentTTwoSided(t, df)).toBeCloseTo(0.05, 5);
    }
    expect(studentTQuantile(0.995, 10)).toBeCloseTo(3.1693, 4);
    expect(studentTCdf(0, 7)).toBe(0.5);
    expect(studentTCdf(-2.2281, 10)).toBeCloseTo(0.025, 5);
    // Cauchy (t with 1 df): P(T <= 1) = 3/4 exactly.
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 13);
    // Far tails stay accurate instead of rounding to 0: t = 20 on 50 df.
    expect(studentTTwoSided(20, 50)).toBeGreaterThan(0);
    expect(studentTTwoSided(20, 50)).toBeLessThan(1e-24);
  });

  it('the F distribution matches published critical values', () => {
    expect(fSurvival(4.1028, 2, 10)).toBeCloseTo(0.05, 4);
    expect(fSurvival(161.45, 1, 1)).toBeCloseTo(0.05, 4);
    expect(fSurvival(3.8853, 2, 12)).toBeCloseTo(0.05, 4);
    expect(fSurvival(0, 3, 9)).toBe(1);
  });
});
