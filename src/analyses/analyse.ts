import type { AnalysisSpec } from '../project/analysis-schema.js';
import { completeRows, findColumn, labelValues, numericValues, type AnalysisOrigin, type QueryTable } from './prepare-data.js';
import { pearson, regression, spearman } from './statistics/correlation.js';
import { formatInterval, formatNumber, formatP } from './statistics/format.js';
import { anova, pointBiserial, summariseGroups } from './statistics/groups.js';
import { correlationMatrix } from './statistics/matrix.js';
import type { Correlation, StatStatus } from './statistics/types.js';
import type { Analysed } from './result-types.js';

const SYMBOL: Record<Correlation['method'], string> = { pearson: 'Pearson r', spearman: 'Spearman ρ', point_biserial: 'point-biserial r' };

/**
 * The statistics an analysis asks for, from its query's rows. Pure: no I/O. Throws a WeirError only
 * for a mistake in the analysis itself (a column that is not there, text in a numeric column);
 * data that cannot answer the question gives a result whose status and message say so.
 */
export function analyse(spec: AnalysisSpec, table: QueryTable, origin: AnalysisOrigin): Analysed {
  const rows = table.rows.length;
  switch (spec.kind) {
    case 'correlation': {
      const x = findColumn(table, spec.columns.x, origin, 'columns.x');
      const y = findColumn(table, spec.columns.y, origin, 'columns.y');
      const { kept: [xs, ys], dropped } = completeRows(numericValues(table, x, origin), numericValues(table, y, origin));
      const methods = spec.method === 'both' ? (['pearson', 'spearman'] as const) : [spec.method];
      const correlations = methods.map((m) => (m === 'pearson' ? pearson(xs, ys) : spearman(xs, ys)));
      const line = regression(xs, ys);
      const worst = worstOf(correlations);
      const summary = correlations.map(describeCorrelation).join('; ') +
        (line.slope !== null ? `; y = ${formatNumber(line.slope)}·x + ${formatNumber(line.intercept)}` : '');
      return {
        result: { kind: 'correlation', method: spec.method, columns: { x, y }, correlations, regression: line,
          status: worst.status, message: worst.message, summary, rows, n: xs.length, dropped },
        points: xs.map((xi, i) => ({ x: xi, y: ys[i]! })),
      };
    }
    case 'point_biserial':
    case 'group_comparison': {
      const value = findColumn(table, spec.columns.value, origin, 'columns.value');
      const group = findColumn(table, spec.columns.group, origin, 'columns.group');
      const { kept: [values, groups], dropped } = completeRows(numericValues(table, value, origin), labelValues(table, group));
      const base = { method: spec.method, columns: { value, group }, rows, n: values.length, dropped };
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
        ? `${summaries.length} groups; ANOVA F = ${formatNumber(test.fStatistic)}, ${formatP(test.pValue)}, η² = ${formatNumber(test.etaSquared)}, n = ${values.length}`
        : `${summaries.length} group${summaries.length === 1 ? '' : 's'}, n = ${values.length}: ${test.message}`;
      return {
        result: { kind: 'group_comparison', ...base, groups: summaries, anova: test, status: test.status, message: test.message, summary },
        points: [],
      };
    }
    case 'matrix': {
      const names = spec.columns.map((c, i) => findColumn(table, c, origin, `columns[${i}]`));
      const columns = names.map((name) => ({ name, values: numericValues(table, name, origin) }));
      const cells = correlationMatrix(columns, spec.method);
      const complete = completeRows(...columns.map((c) => c.values));
      const worst = worstOf(cells);
      const strongest = cells.filter((c) => c.coefficient !== null).sort((a, b) => Math.abs(b.coefficient!) - Math.abs(a.coefficient!))[0];
      const summary = `${cells.length} pairs of ${names.length} columns (${spec.method})` +
        (strongest ? `; strongest: ${strongest.x} ~ ${strongest.y}, ${describeCorrelation(strongest)}` : '');
      return {
        result: { kind: 'matrix', method: spec.method, columns: names, cells, status: worst.status, message: worst.message,
          summary, rows, n: complete.kept[0]?.length ?? 0, dropped: complete.dropped },
        points: [],
      };
    }
  }
}

export function describeCorrelation(c: Correlation): string {
  if (c.coefficient === null) return `${SYMBOL[c.method]}: ${c.message}`;
  const interval = formatInterval(c.ciLow, c.ciHigh);
  return `${SYMBOL[c.method]} = ${formatNumber(c.coefficient)}${interval ? ` (${interval})` : ''}, ${formatP(c.pValue)}, n = ${c.n}`;
}

const RANK: Record<StatStatus, number> = { ok: 0, zero_variance: 1, insufficient_data: 2, invalid: 3 };

function worstOf(stats: ReadonlyArray<{ status: StatStatus; message: string }>): { status: StatStatus; message: string } {
  if (stats.length === 0) return { status: 'insufficient_data', message: 'nothing to compute' };
  const worst = [...stats].sort((a, b) => RANK[b.status] - RANK[a.status])[0]!;
  if (worst.status !== 'ok') return worst;
  return stats[0]!;
}
