import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AnalysisRecord, AnalysisResult } from '../result-types.js';
import type { TestFamily } from '../statistics/evidence.js';
import { describeFamily, formatInterval, formatNumber, formatP } from '../statistics/format.js';
import type { Correlation, GroupSummary } from '../statistics/types.js';
import { ANALYSES_DIR, LATEST } from './run-folder.js';

/** Escapes text for HTML content and attribute values. Every user-written string goes through it. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * target/analyses/index.html: every analysis's latest chart and figures, from the result.json files
 * on disk (so analyses not run this time still show their last result), linking to the run folders.
 */
export async function writeAnalysesIndex(targetDir: string, generatedAt: Date): Promise<string> {
  const root = join(targetDir, ANALYSES_DIR);
  const entries: Array<{ record: AnalysisRecord; runs: number }> = [];
  const names = existsSync(root) ? (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort() : [];
  for (const name of names) {
    const file = join(root, name, LATEST, 'result.json');
    if (!existsSync(file)) continue;
    const record = JSON.parse(await readFile(file, 'utf8')) as AnalysisRecord;
    const runs = (await readdir(join(root, name))).filter((d) => d !== LATEST).length;
    entries.push({ record, runs });
  }
  await mkdir(root, { recursive: true });
  const path = join(root, 'index.html');
  await writeFile(path, page(entries, generatedAt));
  return path;
}

function page(entries: ReadonlyArray<{ record: AnalysisRecord; runs: number }>, generatedAt: Date): string {
  const nav = entries.map(({ record }) => `<li><a href="#${attr(record.analysis)}">${escapeHtml(record.analysis)}</a> <span class="status ${attr(record.result.status)}">${escapeHtml(statusWord(record.result.status))}</span></li>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Analyses</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #222; }
section { border-top: 1px solid #ddd; padding: 1rem 0 2rem; }
table { border-collapse: collapse; margin: 0.5rem 0; font-size: 0.9rem; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
img { max-width: 100%; height: auto; border: 1px solid #eee; }
.status { font-size: 0.8rem; padding: 0.1rem 0.4rem; border-radius: 0.2rem; background: #e6f4ea; }
.status.insufficient_data, .status.zero_variance, .status.invalid { background: #fdecea; }
.meta { color: #666; font-size: 0.85rem; }
.warning { background: #fff4e5; border-left: 4px solid #f0a020; padding: 0.4rem 0.6rem; }
</style>
</head>
<body>
<h1>Analyses</h1>
<p class="meta">Generated ${escapeHtml(generatedAt.toISOString())}. ${entries.length} analys${entries.length === 1 ? 'is' : 'es'}; each shows its latest run.</p>
${entries.length === 0 ? '<p>No analysis has run yet: add one to analyses/ and run <code>weir analyse</code>.</p>' : `<ul>\n${nav}\n</ul>`}
${entries.map(({ record, runs }) => section(record, runs)).join('\n')}
</body>
</html>
`;
}

function section(record: AnalysisRecord, runs: number): string {
  const { result } = record;
  const name = encodeURIComponent(record.analysis);
  const files = record.files.map((f) => `<a href="${name}/${LATEST}/${encodeURIComponent(f)}">${escapeHtml(f)}</a>`).join(', ');
  return `<section id="${attr(record.analysis)}">
<h2>${escapeHtml(record.analysis)} <span class="status ${attr(result.status)}">${escapeHtml(statusWord(result.status))}</span></h2>
${record.description ? `<p>${escapeHtml(record.description)}</p>` : ''}
<p><strong>${escapeHtml(result.summary)}</strong></p>
${result.status === 'ok' ? '' : `<p>${escapeHtml(result.message)}</p>`}
${(result.warnings ?? []).map((w) => `<p class="warning">Warning: ${escapeHtml(w)}</p>`).join('\n')}
<img src="${name}/${LATEST}/chart.svg" alt="${attr(`chart of ${record.analysis}`)}">
${figures(result)}
<p class="meta">${escapeHtml(result.kind)} of ${escapeHtml(describeColumns(result))}; ${result.n} of ${result.rows} rows used${result.dropped ? ` (${result.dropped} with a missing value left out)` : ''}.
Run ${escapeHtml(record.run.startedAt)} (${runs} run${runs === 1 ? '' : 's'} kept in <a href="${name}/">${escapeHtml(record.analysis)}/</a>). Files: ${files}.
Query: ${escapeHtml(record.sqlFile)}${record.ymlFile ? `, spec: ${escapeHtml(record.ymlFile)}` : ''}.</p>
</section>`;
}

function figures(result: AnalysisResult): string {
  // Results written by an older weir have no adjustment: a family of one.
  const family: TestFamily = result.pAdjust ?? { method: 'none', tests: 1 };
  const correlationTable = (rows: ReadonlyArray<{ label: string; c: Correlation }>) => correlationRows(rows, family);
  switch (result.kind) {
    case 'correlation': {
      const line = result.regression;
      return correlationTable(result.correlations.map((c) => ({ label: `${result.columns.x} ~ ${result.columns.y}`, c }))) +
        (line.slope !== null ? `<p>Least-squares line: ${escapeHtml(`${result.columns.y} = ${formatNumber(line.slope)} × ${result.columns.x} + ${formatNumber(line.intercept)}`)} (R² = ${escapeHtml(formatNumber(line.rSquared))})</p>` : `<p>${escapeHtml(line.message)}</p>`);
    }
    case 'matrix':
      return correlationTable(result.cells.map((c) => ({ label: `${c.x} ~ ${c.y}`, c })));
    case 'point_biserial':
      return correlationTable([{ label: `${result.columns.value} by ${result.columns.group}`, c: result.correlation }]) + groupTable(result.groups);
    case 'group_comparison': {
      const a = result.anova;
      return groupTable(result.groups) + `<p>One-way ANOVA: ${escapeHtml(a.status === 'ok'
        ? `F(${a.dfBetween}, ${a.dfWithin}) = ${formatNumber(a.fStatistic)}, ${formatP(a.pValue)}, η² = ${formatNumber(a.etaSquared)}; ${a.message}`
        : a.message)}</p>`;
    }
  }
}

function correlationRows(rows: ReadonlyArray<{ label: string; c: Correlation }>, family: TestFamily): string {
  const adjusted = (c: Correlation) => formatP(c.pAdjusted ?? c.pValue);
  const body = rows.map(({ label, c }) => `<tr><td>${escapeHtml(label)}</td><td>${escapeHtml(c.method)}</td><td class="num">${escapeHtml(formatNumber(c.coefficient))}</td><td>${escapeHtml(formatInterval(c.ciLow, c.ciHigh) ?? 'n/a')}</td><td>${escapeHtml(formatP(c.pValue))}</td><td>${escapeHtml(adjusted(c))}</td><td class="num">${c.n}</td><td>${escapeHtml(c.message)}</td></tr>`).join('\n');
  const scope = describeFamily(family) ?? 'a single test: adjusted p = p';
  return `<table><thead><tr><th>columns</th><th>method</th><th>coefficient</th><th>95% CI</th><th>p (two-sided)</th><th>adjusted p</th><th>n</th><th>what it says</th></tr></thead><tbody>\n${body}\n</tbody></table>\n<p class="meta">${escapeHtml(scope)}; the words follow the adjusted p (below 0.05) and the 95% interval.</p>`;
}

function groupTable(groups: readonly GroupSummary[]): string {
  const body = groups.map((g) => `<tr><td>${escapeHtml(g.group)}</td><td class="num">${g.n}</td><td class="num">${escapeHtml(formatNumber(g.mean))}</td><td class="num">${escapeHtml(formatNumber(g.sd))}</td><td class="num">${escapeHtml(formatNumber(g.standardError))}</td><td>${escapeHtml(formatInterval(g.ciLow, g.ciHigh) ?? 'n/a (one row)')}</td></tr>`).join('\n');
  return `<table><thead><tr><th>group</th><th>n</th><th>mean</th><th>sd</th><th>standard error</th><th>95% CI of the mean</th></tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function describeColumns(result: AnalysisResult): string {
  if (result.kind === 'matrix') return result.columns.join(', ');
  if (result.kind === 'correlation') return `${result.columns.x} and ${result.columns.y}`;
  return `${result.columns.value} by ${result.columns.group}`;
}

function statusWord(status: string): string {
  return status.replace(/_/g, ' ');
}

function attr(text: string): string {
  return escapeHtml(text);
}
