import { pearson, spearman } from './correlation.js';
import type { Correlation } from './types.js';

export interface MatrixCell extends Correlation {
  readonly x: string;
  readonly y: string;
}

/**
 * Every pair of columns, each on the rows where both are present (pairwise complete), in the order
 * the columns were listed: [a,b], [a,c], [b,c].
 */
export function correlationMatrix(
  columns: ReadonlyArray<{ readonly name: string; readonly values: ReadonlyArray<number | null> }>,
  method: 'pearson' | 'spearman',
): MatrixCell[] {
  const cells: MatrixCell[] = [];
  for (let i = 0; i < columns.length; i++) {
    for (let j = i + 1; j < columns.length; j++) {
      const a = columns[i]!;
      const b = columns[j]!;
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
      cells.push({ ...stat, x: a.name, y: b.name });
    }
  }
  return cells;
}
