import { mean, variance } from 'simple-statistics';

/** Columns that add up to (nearly) the same total on every row: shares of a whole. */
export interface Composition {
  readonly columns: readonly string[];
  /** The mean of their sum per row (100 for percentages, 1 for fractions). */
  readonly total: number;
}

/** Beyond this many columns the subsets are not searched (2^12 sums of a few hundred rows is instant). */
const MAX_COLUMNS = 12;
/**
 * A sum counts as constant when its variance is at most this share of the parts' summed variances:
 * for unrelated parts the two are about equal, for parts of a whole the sum barely moves.
 */
const CLOSURE = 0.01;

/**
 * Groups of columns whose row sums are (nearly) constant, largest first, none inside another. Parts
 * of a whole are negatively correlated by construction (raising one share lowers the others), so a
 * correlation between two of them says nothing about the data. Uses the rows where every column has
 * a value; columns without variation are left out.
 */
export function findCompositions(columns: ReadonlyArray<{ readonly name: string; readonly values: ReadonlyArray<number | null> }>): Composition[] {
  const rows = (columns[0]?.values ?? []).map((_, row) => row).filter((row) => columns.every((c) => c.values[row] !== null && c.values[row] !== undefined));
  if (rows.length < 3) return [];
  const varying = columns
    .map((c) => ({ name: c.name, values: rows.map((row) => c.values[row]!) }))
    .filter((c) => variance(c.values) > 0)
    .slice(0, MAX_COLUMNS);
  const found: Composition[] = [];
  const subsets = Array.from({ length: 2 ** varying.length }, (_, mask) => mask)
    .filter((mask) => bitCount(mask) >= 2)
    .sort((a, b) => bitCount(b) - bitCount(a) || a - b);
  const taken: number[] = [];
  for (const mask of subsets) {
    if (taken.some((t) => (t & mask) === mask)) continue;
    const parts = varying.filter((_, i) => mask & (1 << i));
    const sums = rows.map((_, row) => parts.reduce((s, p) => s + p.values[row]!, 0));
    const partsVariance = parts.reduce((s, p) => s + variance(p.values), 0);
    if (variance(sums) <= CLOSURE * partsVariance) {
      taken.push(mask);
      found.push({ columns: parts.map((p) => p.name), total: mean(sums) });
    }
  }
  return found;
}

function bitCount(mask: number): number {
  let count = 0;
  for (let m = mask; m; m &= m - 1) count++;
  return count;
}

/** The warning for tested pairs that lie inside a composition, or undefined when none does. */
export function compositionWarning(compositions: readonly Composition[], pairs: ReadonlyArray<readonly [string, string]>): string | undefined {
  const messages = compositions.flatMap((composition) => {
    const inside = pairs.filter(([x, y]) => composition.columns.includes(x) && composition.columns.includes(y));
    if (inside.length === 0) return [];
    const names = listWords(composition.columns);
    const total = Number(composition.total.toPrecision(4));
    return [`${names} add up to about ${total} on every row: they are shares of one whole, so a correlation between two of them ` +
      `is pushed negative by construction, not by the data (${inside.length} tested pair${inside.length === 1 ? '' : 's'}: ` +
      `${inside.map(([x, y]) => `${x} ~ ${y}`).join(', ')}); compare each share with an outside variable instead (pairs: in the analysis's yml)`];
  });
  return messages.length ? messages.join('; ') : undefined;
}

function listWords(names: readonly string[]): string {
  return names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
