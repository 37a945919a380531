import type { FixtureRow } from './unit-test-spec.js';

const MAX_LINES = 30;

/**
 * A readable diff of expected and actual rows, as dbt prints it: rows only expected are `-`,
 * rows only returned are `+`, rows in both are shown unmarked for context. Sorted so a changed
 * row's two versions sit side by side.
 */
export function formatRowDiff(
  columns: readonly string[],
  missing: readonly FixtureRow[],
  extra: readonly FixtureRow[],
  matched: readonly FixtureRow[],
): string {
  const cell = (v: unknown) => (v === null || v === undefined ? 'null' : String(v));
  const lines = [
    ...missing.map((row) => ({ mark: '-', cells: columns.map((c) => cell(row[c])) })),
    ...extra.map((row) => ({ mark: '+', cells: columns.map((c) => cell(row[c])) })),
    ...matched.map((row) => ({ mark: ' ', cells: columns.map((c) => cell(row[c])) })),
  ];
  const collator = new Intl.Collator('en', { numeric: true });
  lines.sort((a, b) => {
    for (let i = 0; i < columns.length; i++) {
      const order = collator.compare(a.cells[i]!, b.cells[i]!);
      if (order !== 0) return order;
    }
    return a.mark === '-' ? -1 : b.mark === '-' ? 1 : 0;
  });
  const widths = columns.map((c, i) => Math.min(40, Math.max(c.length, ...lines.map((l) => l.cells[i]!.length))));
  const fit = (s: string, w: number) => (s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w));
  const row = (mark: string, cells: readonly string[]) => `  ${mark} | ${cells.map((s, i) => fit(s, widths[i]!)).join(' | ')} |`;
  const shown = lines.slice(0, MAX_LINES);
  const counts = [
    missing.length ? `${missing.length} expected row${missing.length === 1 ? '' : 's'} not returned (-)` : '',
    extra.length ? `${extra.length} returned row${extra.length === 1 ? '' : 's'} not expected (+)` : '',
  ].filter(Boolean).join(', ');
  return [
    `actual differs from expected: ${counts}`,
    row(' ', columns),
    ...shown.map((l) => row(l.mark, l.cells)),
    ...(lines.length > shown.length ? [`    (${lines.length - shown.length} more rows)`] : []),
  ].join('\n');
}
