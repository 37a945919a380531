import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analyses/analyse.js';
import { chartSpec } from '../../src/analyses/charts/specs.js';
import { renderSvg, svgToPng } from '../../src/analyses/charts/render.js';
import type { AnalysisSpec } from '../../src/project/analysis-schema.js';

const ORIGIN = { name: 'a', sqlFile: 'analyses/a.sql', ymlFile: 'analyses/a.yml' };

type XmlNode = Record<string, unknown>;

/** Parses SVG strictly and counts the children of every vega mark group, by mark type. */
function marksOf(svg: string): Record<string, number> {
  expect(XMLValidator.validate(svg)).toBe(true);
  const tree = new XMLParser({ ignoreAttributes: false, preserveOrder: true }).parse(svg) as XmlNode[];
  expect(Object.keys(tree[0]!)).toContain('svg');
  const counts: Record<string, number> = {};
  const walk = (nodes: XmlNode[]) => {
    for (const node of nodes) {
      const tag = Object.keys(node).find((k) => k !== ':@')!;
      const attrs = (node[':@'] ?? {}) as Record<string, string>;
      const children = (node[tag] ?? []) as XmlNode[];
      const mark = /\bmark-(symbol|line|rect|rule|text)\b/.exec(attrs['@_class'] ?? '')?.[1];
      const role = /\brole-mark\b/.test(attrs['@_class'] ?? '');
      if (tag === 'g' && mark && role) counts[mark] = (counts[mark] ?? 0) + children.filter((c) => !(':@' in c && Object.keys(c).length === 1)).length;
      if (Array.isArray(children)) walk(children);
    }
  };
  walk(tree);
  return counts;
}

async function draw(spec: AnalysisSpec, columns: string[], rows: Array<Record<string, unknown>>) {
  const analysed = analyse(spec, { columns, rows }, ORIGIN);
  return { analysed, svg: await renderSvg(chartSpec('title <&> "quoted"', analysed)) };
}

describe('charts', () => {
  it('draws a scatter plot with one symbol per row and one regression line', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => ({ x: i, y: 2 * i + (i % 3) }));
    const { svg } = await draw({ kind: 'correlation', columns: { x: 'x', y: 'y' }, method: 'both' }, ['x', 'y'], rows);
    expect(marksOf(svg)).toMatchObject({ symbol: 25, line: 1 });
    expect(svg).toContain('title &lt;&amp;&gt; &quot;quoted&quot;');
    expect(svg).toContain('Pearson r = 0.99');
  });

  it('samples a scatter plot above max_points but computes on every row', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ x: i, y: Math.sin(i) }));
    const analysed = analyse({ kind: 'correlation', columns: { x: 'x', y: 'y' }, method: 'pearson' }, { columns: ['x', 'y'], rows }, ORIGIN);
    const svg = await renderSvg(chartSpec('s', analysed, { max_points: 100 }));
    expect(marksOf(svg).symbol).toBe(100);
    expect(analysed.result.n).toBe(300);
    expect(svg).toContain('chart shows 100 of 300 points');
  });

  it('draws bars of group means with an error bar for each group that has an interval', async () => {
    const rows = [...'aaabbbbcc'].map((g, i) => ({ g, v: i * 1.5 })).concat([{ g: 'solo', v: 3 }]);
    const { svg, analysed } = await draw({ kind: 'group_comparison', columns: { value: 'v', group: 'g' }, method: 'mean' }, ['g', 'v'], rows);
    expect(analysed.result.kind === 'group_comparison' && analysed.result.groups.map((g) => g.group)).toEqual(['a', 'b', 'c', 'solo']);
    expect(marksOf(svg)).toMatchObject({ rect: 4, rule: 3 });
  });

  it('draws a heatmap with a cell and a label per pair of columns', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ a: i, b: i * i, c: 10 - i }));
    const { svg } = await draw({ kind: 'matrix', columns: ['a', 'b', 'c'], method: 'spearman' }, ['a', 'b', 'c'], rows);
    // A coefficient and a p-value per cell (the diagonal's p is empty).
    expect(marksOf(svg)).toMatchObject({ rect: 9, text: 18 });
    expect(svg).toContain('>-1<');
  });

  it('sorts bars by mean, labels them, and switches to a log axis with a note when one category dwarfs the rest', async () => {
    // Like dummyjson's categories: vehicles at ~$88.5k a line, groceries at a few dollars.
    const means: Record<string, number> = { groceries: 4, beauty: 20, laptops: 1500, vehicle: 88500, fragrances: 70 };
    const rows = Object.entries(means).flatMap(([g, m]) => [0.9, 1, 1.1].map((f) => ({ g, v: m * f })));
    const { svg, analysed } = await draw({ kind: 'group_comparison', columns: { value: 'v', group: 'g' }, method: 'mean' }, ['g', 'v'], rows);
    const spec = chartSpec('c', analysed) as unknown as { layer: Array<{ encoding: { x: { sort: string[] }; y: { scale?: { type?: string }; title?: string } } }>; title: { subtitle: string[] } };
    expect(spec.layer[0]!.encoding.x.sort).toEqual(['vehicle', 'laptops', 'fragrances', 'beauty', 'groceries']);
    expect(spec.layer[0]!.encoding.y.scale).toEqual({ type: 'log' });
    expect(spec.title.subtitle.at(-1)).toBe('Log scale: the means run from 4 to 88.5k, 4 orders of magnitude');
    expect(marksOf(svg)).toMatchObject({ rect: 5, rule: 5, text: 5 });
    expect(svg).toContain('>88.5k<');
    expect(svg).toContain('>4<');
    // Asked for a linear axis (or when means are not all positive), a note says the small bars are not zero.
    const linear = chartSpec('c', analysed, { y_scale: 'linear', sort: 'label' }) as unknown as typeof spec;
    expect(linear.layer[0]!.encoding.y.scale).toEqual({});
    expect(linear.layer[0]!.encoding.x.sort).toEqual(['beauty', 'fragrances', 'groceries', 'laptops', 'vehicle']);
    expect(linear.title.subtitle.at(-1)).toMatch(/^Note: the means run from 4 to 88.5k, 4 orders of magnitude; the small bars are not zero/);
    // Comparable means: a plain linear axis, no note.
    const even = analyse({ kind: 'group_comparison', columns: { value: 'v', group: 'g' }, method: 'mean' }, { columns: ['g', 'v'], rows: rows.filter((r) => r.g !== 'vehicle' && r.g !== 'laptops') }, ORIGIN);
    expect((chartSpec('c', even) as unknown as typeof spec).title.subtitle.some((l) => /scale|Note/.test(l))).toBe(false);
  });

  it('draws only the pairs asked, with r and the adjusted p on each cell', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({ m: i, a: i * 2 + (i % 3), b: 12 - i, c: (i * 7) % 5 }));
    const { svg, analysed } = await draw({ kind: 'matrix', columns: ['m', 'a', 'b', 'c'], method: 'pearson', pairs: [['m', 'a'], ['m', 'b'], ['m', 'c']] } as never, ['m', 'a', 'b', 'c'], rows);
    expect(marksOf(svg)).toMatchObject({ rect: 3, text: 6 });
    expect(analysed.result.pAdjust).toEqual({ method: 'bh', tests: 3 });
    expect(svg).toContain('>adj. p &lt; 0.001<');
    expect(svg).toMatch(/aria-label="x: m; y: c; r: [-0-9.]+; p: p = [0-9.]+; adjusted p: adj\. p = [0-9.]+; n: 12"/);
  });

  it('shows the message when there is nothing to draw', async () => {
    const { svg } = await draw({ kind: 'correlation', columns: { x: 'x', y: 'y' }, method: 'both' }, ['x', 'y'], []);
    expect(marksOf(svg)).toMatchObject({ text: 1 });
    expect(svg).toContain('too few rows: 0 complete rows');
  });

  it('renders PNG without a browser', async () => {
    const { svg } = await draw({ kind: 'correlation', columns: { x: 'x', y: 'y' }, method: 'both' }, ['x', 'y'], [{ x: 1, y: 2 }, { x: 2, y: 1 }, { x: 3, y: 5 }]);
    const png = svgToPng(svg);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBeGreaterThan(400);
  });
});
