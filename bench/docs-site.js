#!/usr/bin/env node
// Times the docs site of a large project in headless Chromium:
//
//   node bench/docs-site.js [<project dir>]     (default /tmp/weir-bench-10000, from bench/run.js)
//
// Runs `weir docs generate` there unless target/docs exists, then opens target/docs/index.html from
// disk and reports: time until the first graph is drawn, how many nodes it drew, the layout time,
// the time to open a node's page by clicking it, to draw a selection typed in the select box, to
// show search results, and to open the page of the most used macro. Needs /usr/bin/chromium
// (Debian's) and playwright-core.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const project = process.argv[2] ?? join(tmpdir(), 'weir-bench-10000');
const index = join(project, 'target', 'docs', 'index.html');
if (!existsSync(index)) {
  const run = spawnSync(process.execPath, [join(repoRoot, 'bin', 'weir.js'), 'docs', 'generate', '--project-dir', project], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(1);
}

const profile = mkdtempSync(join(tmpdir(), 'weir-bench-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.WEIR_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const rows = [];
const timed = async (name, work) => {
  const start = performance.now();
  const detail = await work();
  rows.push([name, ((performance.now() - start) / 1000).toFixed(2), detail ?? '']);
};
try {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await timed('open page, first graph drawn', async () => {
    await page.goto(pathToFileURL(index).href);
    await page.waitForSelector('svg.lineage g.node', { timeout: 120_000 });
    const nodes = await page.getAttribute('svg.lineage', 'data-nodes');
    const layout = await page.getAttribute('svg.lineage', 'data-layout-ms');
    const total = await page.evaluate(() => window.WEIR_DOCS.nodes.length);
    const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)])));
    return `${nodes} of ${total} nodes drawn (${decodeURIComponent(new URL(page.url()).hash)}), layout ${layout} ms; ms since navigation: data parsed ${marks['weir-data-loaded']}, graph and search index ${marks['weir-project-ready']}, drawn ${marks['weir-first-render']}`;
  });
  await timed('click a node, its page shown', async () => {
    const id = await page.locator('svg.lineage g.node').nth(3).getAttribute('data-id');
    await page.locator(`svg.lineage g.node[data-id="${id}"]`).click();
    await page.waitForSelector(`.node-page[data-id="${id}"]`);
    return id;
  });
  for (const selector of ['+m09999', 'm00042+', 'tag:t3']) {
    await timed(`select ${selector}`, async () => {
      await page.fill('.select-input', selector);
      await page.press('.select-input', 'Enter');
      await page.waitForFunction((s) => decodeURIComponent(location.hash).includes(`select=${s}`), selector.replace(/ /g, '+'));
      return `${await page.getAttribute('svg.lineage', 'data-nodes')} nodes drawn, layout ${await page.getAttribute('svg.lineage', 'data-layout-ms')} ms; ${await page.locator('.notice').textContent()}`;
    });
  }
  await timed('search "m0999"', async () => {
    await page.fill('.search-input', 'm0999');
    await page.waitForSelector('.search-results a');
    return `${await page.locator('.search-results a').count()} results`;
  });
  // The most used macro's page: its "Referenced by" list and the graph lighting its callers.
  const macro = await page.evaluate(() => [...window.WEIR_DOCS.macros].sort((a, b) => b.usedBy.length - a.usedBy.length)[0]);
  if (macro) {
    await timed(`open macro ${macro.name}`, async () => {
      await page.evaluate((id) => { location.hash = `#node=${encodeURIComponent(id)}`; }, macro.id);
      await page.waitForSelector(`.macro-page[data-id="${macro.id}"]`);
      return `referenced by ${macro.usedBy.length}`;
    });
  }
  if (errors.length) throw new Error(errors.join('\n'));
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`\n${project}`);
for (const [name, seconds, detail] of rows) console.log(`${name.padEnd(30)} ${seconds.padStart(6)} s  ${detail}`);
