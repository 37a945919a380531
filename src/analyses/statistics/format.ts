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

export function formatInterval(low: number | null, high: number | null): string | undefined {
  return low === null || high === null ? undefined : `95% CI ${formatNumber(low)} to ${formatNumber(high)}`;
}
