import type { TopLevelSpec } from 'vega-lite';
import type { ChartOptions } from '../../project/analysis-schema.js';
import type { AnalysisResult, Analysed, MatrixResult } from '../result-types.js';
import type { GroupSummary } from '../statistics/types.js';
import { formatNumber, formatP } from '../statistics/format.js';
import { barScale, compactNumber } from './bar-scale.js';

export const DEFAULT_MAX_POINTS = 5000;
const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';
const POINT = '#4c78a8';
const LINE = '#e45756';

/**
 * The vega-lite spec of an analysis's chart: a scatter plot with its regression line, bars of group
 * means with 95% error bars, or a heatmap of a correlation matrix. Pure data; render.ts draws it.
 * Fields are fixed names (x, y, group, mean...), so no column name needs escaping inside the spec.
 */
export function chartSpec(name: string, analysed: Analysed, options: ChartOptions = {}): TopLevelSpec {
  const { result } = analysed;
  const base = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: options.width ?? 480,
    height: options.height ?? 320,
    background: 'white',
    title: { text: options.title ?? name, subtitle: options.subtitle !== undefined ? [options.subtitle] : subtitleOf(result), anchor: 'start' as const },
    config: { font: FONT, title: { subtitleColor: '#555', subtitleFontSize: 11 } },
  };
  switch (result.kind) {
    case 'correlation': {
      const max = options.max_points ?? DEFAULT_MAX_POINTS;
      const points = evenSample(analysed.points, max);
      if (points.length === 0) return messageChart(base, result.message);
      const x = { field: 'x', type: 'quantitative' as const, title: options.x_title ?? result.columns.x, scale: { zero: false } };
      const y = { field: 'y', type: 'quantitative' as const, title: options.y_title ?? result.columns.y, scale: { zero: false } };
      const { slope, intercept } = result.regression;
      const xs = points.map((p) => p.x);
      const ends = slope === null || intercept === null ? [] : [Math.min(...xs), Math.max(...xs)].map((v) => ({ x: v, y: slope * v + intercept }));
      const sampled = points.length < analysed.points.length ? ` (chart shows ${points.length} of ${analysed.points.length} points)` : '';
      return {
        ...base,
        title: { ...base.title, subtitle: sampled ? [...base.title.subtitle, sampled.trim()] : base.title.subtitle },
        layer: [
          { data: { values: points }, mark: { type: 'point', filled: true, opacity: 0.7, color: POINT }, encoding: { x, y } },
          ...(ends.length ? [{ data: { values: ends }, mark: { type: 'line' as const, color: LINE, strokeWidth: 2 }, encoding: { x, y } }] : []),
        ],
      } as TopLevelSpec;
    }
    case 'point_biserial':
    case 'group_comparison':
      if (result.groups.length === 0) return messageChart(base, result.message);
      return barsWithErrors(base, result.groups, options.x_title ?? result.columns.group, options.y_title ?? `mean ${result.columns.value}`,
        { ...options, sort: options.sort ?? (result.kind === 'group_comparison' ? 'value' : 'label') });
    case 'matrix':
      return heatmap(base, result);
  }
}

/** The summary, one figure per line (vega cannot wrap text, and a long line widens the whole chart), then the warnings. */
function subtitleOf(result: AnalysisResult): string[] {
  const cut = (line: string) => (line.length > 110 ? `${line.slice(0, 107)}...` : line);
  const lines = result.summary.split('; ').map(cut);
  const warnings = (result.warnings ?? []).map((w) => cut(`Warning: ${w}`));
  return [...(lines.length > 6 ? [...lines.slice(0, 6), '...'] : lines), ...warnings];
}

/** At most `max` points, evenly spaced through the rows, so a large query still draws quickly. */
export function evenSample<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  const step = points.length / max;
  return Array.from({ length: max }, (_, i) => points[Math.floor(i * step)]!);
}

type Base = Record<string, unknown> & { title: { text: string; subtitle: string[] } };

function barsWithErrors(base: Base, groups: readonly GroupSummary[], xTitle: string, yTitle: string, options: ChartOptions): TopLevelSpec {
  const ordered = options.sort === 'value' ? [...groups].sort((a, b) => b.mean - a.mean) : [...groups];
  const scale = barScale(ordered.map((g) => g.mean), options.y_scale ?? 'auto');
  const values = ordered.map((g) => ({ group: g.group, mean: g.mean, n: g.n, lo: g.ciLow, hi: g.ciHigh, label: compactNumber(g.mean),
    ci: g.ciLow === null || g.ciHigh === null ? 'n/a (one row)' : `${compactNumber(g.ciLow)} to ${compactNumber(g.ciHigh)}` }));
  const x = { field: 'group', type: 'nominal' as const, sort: ordered.map((g) => g.group), title: xTitle, axis: { labelAngle: groups.length > 8 ? -45 : 0, labelLimit: 160 } };
  const y = { field: 'mean', type: 'quantitative' as const, title: scale.log ? `${yTitle} (log scale)` : yTitle, scale: scale.log ? { type: 'log' as const } : {} };
  const tooltip = [{ field: 'group', title: xTitle }, { field: 'mean', format: ',.4~g' }, { field: 'n' }, { field: 'ci', title: '95% CI' }];
  // A log axis cannot draw an interval reaching zero or below: those error bars are left out.
  const drawable = scale.log ? 'isValid(datum.lo) && isValid(datum.hi) && datum.lo > 0' : 'isValid(datum.lo) && isValid(datum.hi)';
  return {
    ...base,
    title: { ...base.title, subtitle: scale.note ? [...base.title.subtitle, scale.note] : base.title.subtitle },
    data: { values },
    layer: [
      { mark: { type: 'bar', color: POINT }, encoding: { x, y, tooltip } },
      { transform: [{ filter: drawable }], mark: { type: 'rule', color: '#333', strokeWidth: 1.5 },
        encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
      { mark: { type: 'text', dy: -6, baseline: 'bottom', fontSize: 10, color: '#333' }, encoding: { x, y, text: { field: 'label' } } },
    ],
  } as TopLevelSpec;
}

function heatmap(base: Base, result: MatrixResult): TopLevelSpec {
  const adjusted = result.pAdjust && result.pAdjust.tests > 1 && result.pAdjust.method !== 'none';
  const pLabel = (c: { pValue: number | null; pAdjusted?: number | null }) => (adjusted ? `adj. ${formatP(c.pAdjusted ?? c.pValue)}` : formatP(c.pValue));
  const cell = (a: string, b: string, c: (typeof result.cells)[number] | undefined) => ({ x: a, y: b, shade: c?.coefficient ?? 0,
    label: c?.coefficient == null ? 'n/a' : formatNumber(c.coefficient, 2), p: c ? pLabel(c) : '', raw: c ? formatP(c.pValue) : '', n: c?.n ?? null });
  // Asked pairs: a cell per pair, first columns across and second ones down; else the full symmetric matrix.
  const xs = result.pairs ? unique(result.pairs.map(([a]) => a)) : [...result.columns];
  const ys = result.pairs ? unique(result.pairs.map(([, b]) => b)) : [...result.columns];
  const byPair = new Map(result.cells.map((c) => [`${c.x}\u0000${c.y}`, c]));
  const values = result.pairs
    ? result.cells.map((c) => cell(c.x, c.y, c))
    : xs.flatMap((a) => ys.map((b) => (a === b ? { x: a, y: b, shade: 1, label: '1', p: '', raw: '', n: null }
      : cell(a, b, byPair.get(`${a}\u0000${b}`) ?? byPair.get(`${b}\u0000${a}`)))));
  const axis = (field: 'x' | 'y', names: string[]) => ({ field, type: 'nominal' as const, sort: names, title: null, axis: { labelAngle: 0, labelLimit: 160 } });
  const encoding = { x: axis('x', xs), y: axis('y', ys) };
  const ink = { condition: { test: 'abs(datum.shade) > 0.6', value: 'white' }, value: 'black' };
  const tooltip = [{ field: 'x' }, { field: 'y' }, { field: 'label', title: 'r' }, { field: 'raw', title: 'p' },
    ...(adjusted ? [{ field: 'p', title: 'adjusted p' }] : []), { field: 'n' }];
  return {
    ...base,
    width: base.width ?? 480,
    data: { values },
    layer: [
      { mark: { type: 'rect' }, encoding: { ...encoding, tooltip,
        color: { field: 'shade', type: 'quantitative', title: 'r', scale: { domain: [-1, 1], scheme: 'redblue' } } } },
      { mark: { type: 'text', fontSize: 12, dy: -6 }, encoding: { ...encoding, text: { field: 'label' }, color: ink } },
      { mark: { type: 'text', fontSize: 9, dy: 8 }, encoding: { ...encoding, text: { field: 'p' }, color: ink } },
    ],
  } as TopLevelSpec;
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}

function messageChart(base: Base, message: string): TopLevelSpec {
  return { ...base, data: { values: [{ text: message }] }, mark: { type: 'text', fontSize: 14, color: '#555' },
    encoding: { text: { field: 'text' } } } as TopLevelSpec;
}
