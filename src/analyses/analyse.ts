import type { AnalysisSpec } from '../project/analysis-schema.js';
import { analyseMatrix } from './analyse-matrix.js';
import { describeCorrelation } from './describe.js';
import { completeRows, findColumn, labelValues, numericValues, type AnalysisOrigin, type QueryTable } from './prepare-data.js';
import { pearson, regression, spearman } from './statistics/correlation.js';
import { compositionWarning, findCompositions } from './statistics/composition.js';
import type { TestFamily } from './statistics/evidence.js';
import { formatNumber, formatP } from './statistics/format.js';
import { anova, pointBiserial, summariseGroups } from './statistics/groups.js';
import type { Analysed } from './result-types.js';
import { worstOf } from './worst.js';

export { describeCorrelation } from './describe.js';

/**
 * The statistics an analysis asks for, from its query's rows. Pure: no I/O. Throws a WeirError only
 * for a mistake in the analysis itself (a column that is not there, text in a numeric column);
 * data that cannot answer the question gives a result whose status and message say so.
 */
export function analyse(spec: AnalysisSpec, table: QueryTable, origin: AnalysisOrigin): Analysed {
  const rows = table.rows.length;
  // One test per method (Pearson and Spearman test the same question two ways, not two questions).
  const single: TestFamily = { method: spec.p_adjust ?? 'bh', tests: 1 };
  switch (spec.kind) {
    case 'correlation': {
      const x = findColumn(table, spec.columns.x, origin, 'columns.x');
      const y = findColumn(table, spec.columns.y, origin, 'columns.y');
      const { kept: [xs, ys], dropped } = completeRows(numericValues(table, x, origin), numericValues(table, y, origin));
      const methods = spec.method === 'both' ? (['pearson', 'spearman'] as const) : [spec.method];
      const correlations = methods.map((m) => (m === 'pearson' ? pearson(xs, ys) : spearman(xs, ys)));
      const line = regression(xs, ys);
      const worst = worstOf(correlations);
      const summary = correlations.map((c) => describeCorrelation(c, single)).join('; ') +
        (line.slope !== null ? `; y = ${formatNumber(line.slope)}·x + ${formatNumber(line.intercept)}` : '');
      const warning = compositionWarning(findCompositions([{ name: x, values: xs }, { name: y, values: ys }]), [[x, y]]);
      return {
        result: { kind: 'correlation', method: spec.method, columns: { x, y }, correlations, regression: line,
          status: worst.status, message: worst.message, summary, rows, n: xs.length, dropped, pAdjust: single, warnings: warning ? [warning] : [] },
        points: xs.map((xi, i) => ({ x: xi, y: ys[i]! })),
      };
    }
    case 'point_biserial':
    case 'group_comparison': {
      const value = findColumn(table, spec.columns.value, origin, 'columns.value');
      const group = findColumn(table, spec.columns.group, origin, 'columns.group');
      const { kept: [values, groups], dropped } = completeRows(numericValues(table, value, origin), labelValues(table, group));
      const base = { method: spec.method, columns: { value, group }, rows, n: values.length, dropped, pAdjust: single, warnings: [] };
      if (spec.kind === 'point_biserial') {
        const { correlation, groups: summaries } = pointBiserial({ values, groups });
        const meanDifference = summaries.length === 2 ? summaries[1]!.mean - summaries[0]!.mean : null;
        const means = summaries.map((g) => `${g.group}: mean ${formatNumber(g.mean)} (n = ${g.n})`).join(', ');
        return {
          result: { kind: 'point_biserial', ...base, correlation, groups: summaries, meanDifference,
            status: correlation.status, message: correlation.message, summary: `${describeCorrelation(correlation)}; ${means}` },
          points: [],
        };
      }
      const summaries = summariseGroups({ values, groups });
      const test = anova({ values, groups }, summaries);
      const summary = test.status === 'ok'
        ? `${summaries.length} groups; ANOVA F = ${formatNumber(test.fStatistic)}, ${formatP(test.pValue)}, η² = ${formatNumber(test.etaSquared)}, n = ${values.length}: ${test.message}`
        : `${summaries.length} group${summaries.length === 1 ? '' : 's'}, n = ${values.length}: ${test.message}`;
      return {
        result: { kind: 'group_comparison', ...base, groups: summaries, anova: test, status: test.status, message: test.message, summary },
        points: [],
      };
    }
    case 'matrix':
      return analyseMatrix(spec, table, origin);
  }
}
