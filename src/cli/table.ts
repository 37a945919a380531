import { toJson } from '../core/json.js';
/** A plain-text table for `weir show`: columns padded to their widest value. */
export function formatTable(columns: readonly string[], rows: ReadonlyArray<Readonly<Record<string, unknown>>>): string[] {
  const cell = (v: unknown) => (v === null || v === undefined ? 'null' : v instanceof Date ? formatDate(v) : typeof v === 'object' ? toJson(v) : String(v));
  const cells = rows.map((row) => columns.map((c) => cell(row[c])));
  const widths = columns.map((c, i) => Math.min(40, Math.max(c.length, ...cells.map((r) => r[i]!.length))));
  const fit = (s: string, w: number) => (s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w));
  const line = (values: string[]) => `| ${values.map((v, i) => fit(v, widths[i]!)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line([...columns]), rule, ...cells.map(line), `(${rows.length} row${rows.length === 1 ? '' : 's'})`];
}

/** Dates without a time of day print as dates (DuckDB DATE values arrive as midnight UTC). */
function formatDate(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('T', ' ').replace('.000Z', 'Z');
}
