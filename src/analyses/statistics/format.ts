import { P_ADJUST_NAMES } from './adjust.js';
import type { TestFamily } from './evidence.js';
/** Figures in words a person reads: 3 significant decimals, p-values as journals print them. */
export function formatNumber(value: number | null, digits = 3): string {
  if (value === null) return 'n/a';
  if (value !== 0 && Math.abs(value) < 10 ** -digits) return value.toExponential(2);
  if (Math.abs(value) >= 1e6) return value.toExponential(3);
  return String(Number(value.toFixed(digits)));
}

export function formatP(p: number | null): string {
  if (p === null) return 'p n/a';
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p.toFixed(p < 0.01 ? 4 : 3)}`;
}

/** A test's p-value, and its adjusted one when it was adjusted with others: "p = 0.012, adjusted p = 0.048". */
export function formatPs(c: { pValue: number | null; pAdjusted: number | null }, family: TestFamily): string {
  if (family.tests <= 1 || family.method === 'none' || c.pValue === null) return formatP(c.pValue);
  return `${formatP(c.pValue)}, adjusted ${formatP(c.pAdjusted)}`;
}

/** "p adjusted by Benjamini-Hochberg over 10 tests", or undefined for a single test or none. */
export function describeFamily(family: TestFamily): string | undefined {
  if (family.tests <= 1) return undefined;
  return family.method === 'none' ? `p not adjusted for the ${family.tests} tests` : `p adjusted by ${P_ADJUST_NAMES[family.method]} over ${family.tests} tests`;
}

export function formatInterval(low: number | null, high: number | null): string | undefined {
  return low === null || high === null ? undefined : `95% CI ${formatNumber(low)} to ${formatNumber(high)}`;
}
