import { pearson, spearman } from './correlation.js';
import type { Correlation } from './types.js';

export interface MatrixCell extends Correlation {
  readonly x: string;
  readonly y: string;
}

type Column = { readonly name: string; readonly values: ReadonlyArray<number | null> };

/** Every pair of columns in the order they were listed: [a,b], [a,c], [b,c]. */
export function allPairs(names: readonly string[]): Array<[string, string]> {
  return names.flatMap((a, i) => names.slice(i + 1).map((b): [string, string] => [a, b]));
}

/**
 * The correlation of each pair (every pair of columns unless `pairs` names the ones asked about),
 * each on the rows where both are present (pairwise complete).
 */
export function correlationMatrix(columns: readonly Column[], method: 'pearson' | 'spearman', pairs?: ReadonlyArray<readonly [string, string]>): MatrixCell[] {
  const byName = new Map(columns.map((c) => [c.name, c]));
  return (pairs ?? allPairs(columns.map((c) => c.name))).map(([xName, yName]) => {
    const a = byName.get(xName)!;
    const b = byName.get(yName)!;
    const x: number[] = [];
    const y: number[] = [];
    a.values.forEach((v, row) => {
      const w = b.values[row];
      if (v !== null && w !== null && w !== undefined) {
        x.push(v);
        y.push(w);
      }
    });
    const stat = method === 'pearson' ? pearson(x, y) : spearman(x, y);
    return { ...stat, x: xName, y: yName };
  });
}
