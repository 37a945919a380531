import type { TestFamily } from './statistics/evidence.js';
import { formatInterval, formatNumber, formatPs } from './statistics/format.js';
import type { Correlation } from './statistics/types.js';

const SYMBOL: Record<Correlation['method'], string> = { pearson: 'Pearson r', spearman: 'Spearman ρ', point_biserial: 'point-biserial r' };
const SINGLE: TestFamily = { method: 'none', tests: 1 };

/** "Pearson r = 0.45 (95% CI 0.27 to 0.6), p < 0.001, adjusted p < 0.001, n = 90: a moderate positive relationship". */
export function describeCorrelation(c: Correlation, family: TestFamily = SINGLE): string {
  if (c.coefficient === null) return `${SYMBOL[c.method]}: ${c.message}`;
  const interval = formatInterval(c.ciLow, c.ciHigh);
  return `${SYMBOL[c.method]} = ${formatNumber(c.coefficient)}${interval ? ` (${interval})` : ''}, ${formatPs(c, family)}, n = ${c.n}: ${c.message}`;
}
