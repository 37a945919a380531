import type { ChartOptions } from '../../project/analysis-schema.js';

/** A bar axis for these values: log when they span two orders of magnitude or more, and what to tell the reader. */
export interface BarScale {
  readonly log: boolean;
  readonly note: string | undefined;
}

/** Largest over smallest positive value beyond which small bars would be flattened to nothing on a linear axis. */
const SPAN = 100;

export function barScale(values: readonly number[], choice: NonNullable<ChartOptions['y_scale']>): BarScale {
  const positive = values.length > 0 && values.every((v) => v > 0);
  const magnitudes = values.map(Math.abs).filter((v) => v > 0);
  if (magnitudes.length < 2) return { log: false, note: undefined };
  const largest = Math.max(...magnitudes);
  const smallest = Math.min(...magnitudes);
  const ratio = largest / smallest;
  const orders = Math.floor(Math.log10(ratio));
  const span = `the means run from ${compactNumber(smallest)} to ${compactNumber(largest)}, ${orders} order${orders === 1 ? '' : 's'} of magnitude`;
  if (choice === 'log' || (choice === 'auto' && ratio >= SPAN)) {
    if (positive) return { log: true, note: `Log scale: ${span}` };
    return { log: false, note: `Note: ${span}; a log scale cannot show zero or negative means, so small bars may look empty` };
  }
  if (ratio >= SPAN) return { log: false, note: `Note: ${span}; the small bars are not zero (y_scale: log shows them)` };
  return { log: false, note: undefined };
}

/** 88500 -> "88.5k", 1234567 -> "1.23M", 0.0123 -> "0.0123": three significant digits for bar labels. */
export function compactNumber(value: number): string {
  const size = Math.abs(value);
  const trim = (v: number) => String(Number(v.toPrecision(3)));
  if (size >= 1e9) return `${trim(value / 1e9)}B`;
  if (size >= 1e6) return `${trim(value / 1e6)}M`;
  if (size >= 1e4) return `${trim(value / 1e3)}k`;
  return trim(value);
}
