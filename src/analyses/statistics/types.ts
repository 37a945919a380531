/**
 * What the statistics report. Every number is a finite number or null, never NaN: when a figure
 * cannot be computed, `status` says why and `message` says it in words.
 */
export type StatStatus = 'ok' | 'insufficient_data' | 'zero_variance' | 'invalid';

export type CorrelationMethod = 'pearson' | 'spearman' | 'point_biserial';

export interface Correlation {
  readonly method: CorrelationMethod;
  readonly status: StatStatus;
  readonly message: string;
  /** Rows with both values present. */
  readonly n: number;
  readonly coefficient: number | null;
  /** Two-sided, from Student's t with n - 2 degrees of freedom. */
  readonly pValue: number | null;
  /** pValue adjusted for the other tests of the analysis (see TestFamily); equal to it for a single test. */
  readonly pAdjusted: number | null;
  readonly tStatistic: number | null;
  readonly degreesOfFreedom: number | null;
  /** 95% confidence interval of the coefficient, via Fisher's z. */
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
}

export interface Regression {
  readonly status: StatStatus;
  readonly message: string;
  /** Least squares y = slope * x + intercept. */
  readonly slope: number | null;
  readonly intercept: number | null;
  readonly rSquared: number | null;
}

export interface GroupSummary {
  readonly group: string;
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation; null for a group of one. */
  readonly sd: number | null;
  readonly standardError: number | null;
  /** 95% interval of the mean from Student's t with n - 1 degrees of freedom. */
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
}

export interface Anova {
  readonly status: StatStatus;
  readonly message: string;
  readonly fStatistic: number | null;
  readonly dfBetween: number | null;
  readonly dfWithin: number | null;
  readonly pValue: number | null;
  /** Share of the variance the groups explain (eta squared). */
  readonly etaSquared: number | null;
}
