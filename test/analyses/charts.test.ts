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
    expect(marksOf(svg)).toMatchObject({ rect: 9, text: 9 });
    expect(svg).toContain('>-1<');
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
