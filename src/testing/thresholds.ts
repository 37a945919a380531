/**
 * dbt's `warn_if` / `error_if`: a comparison against the number of failing rows, like `">10"` or
 * `"!=0"` (the default: any failing row counts).
 */
export interface Threshold {
  readonly text: string;
  test(failures: number): boolean;
}

const PATTERN = /^\s*(>=|<=|!=|<>|==|=|>|<)\s*(\d+)\s*$/;

export function parseThreshold(text: string): Threshold | undefined {
  const match = PATTERN.exec(text);
  if (!match) return undefined;
  const op = match[1]!;
  const n = Number(match[2]);
  const compare: Record<string, (f: number) => boolean> = {
    '>': (f) => f > n, '>=': (f) => f >= n, '<': (f) => f < n, '<=': (f) => f <= n,
    '!=': (f) => f !== n, '<>': (f) => f !== n, '=': (f) => f === n, '==': (f) => f === n,
  };
  return { text: text.trim(), test: compare[op]! };
}

export const THRESHOLD_HINT = "write a comparison with a whole number, like '>10', '>=1' or '!=0'";

export type TestStatus = 'pass' | 'warn' | 'fail';

/** dbt's rule: error_if decides `fail` (for error severity), else warn_if decides `warn`. */
export function judge(failures: number, config: { severity: 'error' | 'warn'; warn_if: string; error_if: string }): TestStatus {
  const errorIf = parseThreshold(config.error_if) ?? parseThreshold('!=0')!;
  const warnIf = parseThreshold(config.warn_if) ?? parseThreshold('!=0')!;
  if (config.severity === 'error' && errorIf.test(failures)) return 'fail';
  if (warnIf.test(failures)) return 'warn';
  return 'pass';
}
