import type { TopLevelSpec } from 'vega-lite';
import type { ChartOptions } from '../../project/analysis-schema.js';
import type { AnalysisResult, Analysed } from '../result-types.js';
import type { GroupSummary } from '../statistics/types.js';
import { formatNumber } from '../statistics/format.js';

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
      return barsWithErrors(base, result.groups, options.x_title ?? result.columns.group, options.y_title ?? `mean ${result.columns.value}`);
    case 'matrix':
      return heatmap(base, result.columns, result.cells);
  }
}

/** The summary, one figure per line (vega cannot wrap text, and a long line widens the whole chart). */
function subtitleOf(result: AnalysisResult): string[] {
  const lines = result.summary.split('; ').map((line) => (line.length > 110 ? `${line.slice(0, 107)}...` : line));
  return lines.length > 4 ? [...lines.slice(0, 4), '...'] : lines;
}

/** At most `max` points, evenly spaced through the rows, so a large query still draws quickly. */
export function evenSample<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  const step = points.length / max;
  return Array.from({ length: max }, (_, i) => points[Math.floor(i * step)]!);
}

type Base = Record<string, unknown> & { title: { text: string; subtitle: string[] } };

function barsWithErrors(base: Base, groups: readonly GroupSummary[], xTitle: string, yTitle: string): TopLevelSpec {
  const values = groups.map((g) => ({ group: g.group, mean: g.mean, n: g.n, lo: g.ciLow, hi: g.ciHigh }));
  const x = { field: 'group', type: 'nominal' as const, sort: null, title: xTitle, axis: { labelAngle: groups.length > 8 ? -45 : 0, labelLimit: 160 } };
  return {
    ...base,
    data: { values },
    layer: [
      { mark: { type: 'bar', color: POINT }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: yTitle } } },
      {
        transform: [{ filter: 'isValid(datum.lo) && isValid(datum.hi)' }],
        mark: { type: 'rule', color: '#333', strokeWidth: 1.5 },
        encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
      },
    ],
  } as TopLevelSpec;
}

function heatmap(base: Base, columns: readonly string[], cells: ReadonlyArray<{ x: string; y: string; coefficient: number | null }>): TopLevelSpec {
  const byPair = new Map(cells.map((c) => [`${c.x}\u0000${c.y}`, c.coefficient]));
  const values = columns.flatMap((a) => columns.map((b) => {
    const r = a === b ? 1 : byPair.get(`${a}\u0000${b}`) ?? byPair.get(`${b}\u0000${a}`) ?? null;
    return { x: a, y: b, shade: r ?? 0, label: r === null ? 'n/a' : formatNumber(r, 2) };
  }));
  const axis = (title: string) => ({ field: title, type: 'nominal' as const, sort: [...columns], title: null, axis: { labelAngle: 0, labelLimit: 160 } });
  return {
    ...base,
    width: base.width ?? 480,
    data: { values },
    layer: [
      { mark: { type: 'rect' }, encoding: { x: axis('x'), y: axis('y'),
        color: { field: 'shade', type: 'quantitative', title: 'r', scale: { domain: [-1, 1], scheme: 'redblue' } } } },
      { mark: { type: 'text', fontSize: 12 }, encoding: { x: axis('x'), y: axis('y'), text: { field: 'label' },
        color: { condition: { test: 'abs(datum.shade) > 0.6', value: 'white' }, value: 'black' } } },
    ],
  } as TopLevelSpec;
}

function messageChart(base: Base, message: string): TopLevelSpec {
  return { ...base, data: { values: [{ text: message }] }, mark: { type: 'text', fontSize: 14, color: '#555' },
    encoding: { text: { field: 'text' } } } as TopLevelSpec;
}
