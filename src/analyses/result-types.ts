import type { AnalysisKind } from '../project/analysis-schema.js';
import type { TestFamily } from './statistics/evidence.js';
import type { MatrixCell } from './statistics/matrix.js';
import type { Anova, Correlation, GroupSummary, Regression, StatStatus } from './statistics/types.js';

interface ResultBase {
  readonly kind: AnalysisKind;
  readonly method: string;
  /** The worst status of the statistics, and what it means in words. */
  readonly status: StatStatus;
  readonly message: string;
  /** One line with the headline figures. */
  readonly summary: string;
  /** Rows the query returned, rows used, rows left out for a missing value. */
  readonly rows: number;
  readonly n: number;
  readonly dropped: number;
  /** How the p-values were adjusted, over how many tests (one per pair or coefficient of one method). */
  readonly pAdjust: TestFamily;
  /** What makes the figures misleading though they computed (shares of a whole correlated with each other). */
  readonly warnings: readonly string[];
}

export interface CorrelationResult extends ResultBase {
  readonly kind: 'correlation';
  readonly columns: { readonly x: string; readonly y: string };
  readonly correlations: readonly Correlation[];
  readonly regression: Regression;
}

export interface PointBiserialResult extends ResultBase {
  readonly kind: 'point_biserial';
  readonly columns: { readonly value: string; readonly group: string };
  readonly correlation: Correlation;
  readonly groups: readonly GroupSummary[];
  /** Mean of the second group minus the first (the group coded 1 minus the one coded 0). */
  readonly meanDifference: number | null;
}

export interface MatrixResult extends ResultBase {
  readonly kind: 'matrix';
  readonly columns: readonly string[];
  /** The pairs the analysis asked about (pairs: in its yml), or null when every pair was tested. */
  readonly pairs: ReadonlyArray<readonly [string, string]> | null;
  readonly cells: readonly MatrixCell[];
}

export interface GroupComparisonResult extends ResultBase {
  readonly kind: 'group_comparison';
  readonly columns: { readonly value: string; readonly group: string };
  readonly groups: readonly GroupSummary[];
  readonly anova: Anova;
}

export type AnalysisResult = CorrelationResult | PointBiserialResult | MatrixResult | GroupComparisonResult;

/** What the chart needs besides the result: the points themselves (a scatter plot's rows). */
export interface Analysed {
  readonly result: AnalysisResult;
  readonly points: ReadonlyArray<{ readonly x: number; readonly y: number }>;
}

/** What result.json holds: the result with where it came from and which run produced it. */
export interface AnalysisRecord {
  readonly analysis: string;
  readonly uniqueId: string;
  readonly description: string;
  readonly sqlFile: string;
  readonly ymlFile: string | undefined;
  readonly run: { readonly id: string; readonly startedAt: string; readonly folder: string };
  readonly result: AnalysisResult;
  readonly files: readonly string[];
}
