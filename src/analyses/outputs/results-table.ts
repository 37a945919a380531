import type { Dialect, RelationRef } from '../../adapters/types.js';
import type { AnalysisResult } from '../result-types.js';
import type { Correlation } from '../statistics/types.js';

/** The warehouse table every analysis run appends to, in the target's schema. */
export const RESULTS_TABLE = 'weir_analysis_results';

/** Columns and their types, spelled in SQL every supported engine accepts (DuckDB and Postgres). */
const COLUMNS = [
  ['run_id', 'varchar(64)'],
  ['run_started_at', 'timestamp'],
  ['analysis', 'varchar(256)'],
  ['kind', 'varchar(32)'],
  ['statistic', 'varchar(32)'],
  ['x_column', 'varchar(256)'],
  ['y_column', 'varchar(256)'],
  ['group_label', 'varchar(1024)'],
  ['status', 'varchar(32)'],
  ['n', 'integer'],
  ['estimate', 'double precision'],
  ['std_error', 'double precision'],
  ['p_value', 'double precision'],
  ['p_adjusted', 'double precision'],
  ['p_adjust_method', 'varchar(32)'],
  ['p_adjust_tests', 'integer'],
  ['ci_low', 'double precision'],
  ['ci_high', 'double precision'],
  ['slope', 'double precision'],
  ['intercept', 'double precision'],
  ['message', 'varchar(2048)'],
] as const;

type Column = (typeof COLUMNS)[number][0];
export type ResultRow = Readonly<Partial<Record<Column, string | number | null>>>;

export function createResultsTableSql(dialect: Dialect, table: RelationRef): string {
  const columns = COLUMNS.map(([name, type]) => `  ${dialect.quoteIdentifier(name)} ${type}`).join(',\n');
  return `create table if not exists ${dialect.relation(table)} (\n${columns}\n)`;
}

/**
 * Columns a results table created by an older weir lacks, as `alter table ... add column`: the table
 * keeps its history and gains the new columns (null in old rows). Nothing is ever dropped or retyped.
 */
export function migrateResultsTableSql(dialect: Dialect, table: RelationRef, existing: readonly string[]): string[] {
  const have = new Set(existing.map((name) => name.toLowerCase()));
  return COLUMNS.filter(([name]) => !have.has(name))
    .map(([name, type]) => `alter table ${dialect.relation(table)} add column ${dialect.quoteIdentifier(name)} ${type}`);
}

export function insertResultsSql(dialect: Dialect, table: RelationRef, rows: readonly ResultRow[], run: { id: string; startedAt: Date }): string {
  const literal = (column: Column, value: string | number | null | undefined): string => {
    if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value))) return 'null';
    if (typeof value === 'number') return column === 'n' || column === 'p_adjust_tests' ? String(Math.trunc(value)) : String(value);
    return dialect.quoteLiteral(value);
  };
  const stamp = run.startedAt.toISOString().replace('T', ' ').replace('Z', '');
  const values = rows.map((row) => {
    const full: ResultRow = { ...row, run_id: run.id };
    return `(${COLUMNS.map(([name]) => (name === 'run_started_at' ? `cast(${dialect.quoteLiteral(stamp)} as timestamp)` : literal(name, full[name]))).join(', ')})`;
  });
  return `insert into ${dialect.relation(table)} (${COLUMNS.map(([c]) => dialect.quoteIdentifier(c)).join(', ')})\nvalues\n${values.join(',\n')}`;
}

/** An analysis result as rows of the results table: one per coefficient, group or pair. */
export function resultRows(analysis: string, result: AnalysisResult): ResultRow[] {
  const base = { analysis, kind: result.kind, p_adjust_method: result.pAdjust.method, p_adjust_tests: result.pAdjust.tests };
  const fromCorrelation = (c: Correlation, x: string, y: string, extra: ResultRow = {}): ResultRow => ({
    ...base, statistic: c.method, x_column: x, y_column: y, status: c.status, n: c.n, estimate: c.coefficient,
    p_value: c.pValue, p_adjusted: c.pAdjusted, ci_low: c.ciLow, ci_high: c.ciHigh, message: c.message.slice(0, 2048), ...extra,
  });
  switch (result.kind) {
    case 'correlation':
      return result.correlations.map((c) => fromCorrelation(c, result.columns.x, result.columns.y,
        c.method === 'pearson' ? { slope: result.regression.slope, intercept: result.regression.intercept } : {}));
    case 'matrix':
      return result.cells.map((c) => fromCorrelation(c, c.x, c.y, { statistic: `${c.method}` }));
    case 'point_biserial':
    case 'group_comparison': {
      const { value, group } = result.columns;
      const means = result.groups.map((g): ResultRow => ({
        ...base, statistic: 'mean', x_column: value, y_column: group, group_label: g.group.slice(0, 1024), status: 'ok', n: g.n,
        estimate: g.mean, std_error: g.standardError, ci_low: g.ciLow, ci_high: g.ciHigh,
      }));
      const head = result.kind === 'point_biserial'
        ? fromCorrelation(result.correlation, value, group)
        : { ...base, statistic: 'anova_f', x_column: value, y_column: group, status: result.anova.status, n: result.n,
            estimate: result.anova.fStatistic, p_value: result.anova.pValue, p_adjusted: result.anova.pValue, message: result.anova.message };
      return [head, ...means];
    }
  }
}
