import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analyses/analyse.js';
import type { CorrelationResult, MatrixResult } from '../../src/analyses/result-types.js';
import { findCompositions } from '../../src/analyses/statistics/composition.js';

const ORIGIN = { name: 'shares', sqlFile: 'analyses/shares.sql', ymlFile: 'analyses/analyses.yml' };

// Sixty days: four generations' shares of each day's purchases (percent, summing to exactly 100) and a
// market move unrelated to them.
const DAYS = Array.from({ length: 60 }, (_, i) => {
  const counts = [5 + (i % 7), 8 + ((i * 3) % 5), 6 + ((i * 5) % 9), 4 + ((i * 11) % 6)];
  const total = counts.reduce((s, c) => s + c, 0);
  const [gen_z, millennials, gen_x, boomers] = counts.map((c) => (100 * c) / total) as [number, number, number, number];
  return { market: Math.sin(i * 1.7) * 3, gen_z, millennials, gen_x, boomers };
});
const COLUMNS = ['market', 'gen_z', 'millennials', 'gen_x', 'boomers'];
const table = { columns: COLUMNS, rows: DAYS };
const SHARES = ['gen_z', 'millennials', 'gen_x', 'boomers'];

describe('compositional variables', () => {
  it('finds the columns that add up to a constant, and not the others', () => {
    const columns = COLUMNS.map((name) => ({ name, values: DAYS.map((d) => d[name as keyof typeof d]) }));
    expect(findCompositions(columns)).toEqual([{ columns: SHARES, total: expect.closeTo(100, 9) }]);
    expect(findCompositions([columns[0]!, columns[1]!, columns[2]!])).toEqual([]);
    // A pair x and 1 - x is the smallest composition.
    expect(findCompositions([{ name: 'x', values: [0.2, 0.5, 0.9] }, { name: 'y', values: [0.8, 0.5, 0.1] }]))
      .toEqual([{ columns: ['x', 'y'], total: 1 }]);
  });

  it('warns when a matrix correlates shares of one whole with each other (the node ends in WARN)', () => {
    const result = analyse({ kind: 'matrix', columns: COLUMNS, method: 'pearson' } as never, table, ORIGIN).result as MatrixResult;
    expect(result.status).toBe('ok');
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/^gen_z, millennials, gen_x and boomers add up to about 100 on every row: they are shares of one whole/);
    expect(result.warnings[0]).toContain('(6 tested pairs: gen_z ~ millennials, gen_z ~ gen_x,');
    // The spurious negatives the warning is about.
    const between = result.cells.filter((c) => SHARES.includes(c.x) && SHARES.includes(c.y));
    expect(between.reduce((s, c) => s + c.coefficient!, 0)).toBeLessThan(0);
  });

  it('does not warn when the pairs asked compare each share with an outside variable', () => {
    const pairs = SHARES.map((s) => ['market', s]);
    const result = analyse({ kind: 'matrix', columns: COLUMNS, method: 'pearson', pairs } as never, table, ORIGIN).result as MatrixResult;
    expect(result.warnings).toEqual([]);
    expect(result.cells.map((c) => c.y)).toEqual(SHARES);
    expect(result.summary.split('; ').slice(1).map((line) => line.split(':')[0])).toEqual(SHARES.map((s) => `market ~ ${s}`));
  });

  it('warns on a correlation between a share and its complement', () => {
    const rows = DAYS.map((d) => ({ young: d.gen_z + d.millennials, old: d.gen_x + d.boomers }));
    const result = analyse({ kind: 'correlation', columns: { x: 'young', y: 'old' }, method: 'both' } as never, { columns: ['young', 'old'], rows }, ORIGIN).result as CorrelationResult;
    expect(result.correlations[0]!.coefficient).toBe(-1);
    expect(result.warnings[0]).toMatch(/^young and old add up to about 100 on every row/);
  });
});
