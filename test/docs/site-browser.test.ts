/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// page.evaluate callbacks run in the browser: they see window, location and document.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDocsSite } from '../../src/docs/index.js';
import { browserAvailable, builtDocsSite, launchBrowser, openSite } from '../helpers/browser.js';
import { makeProject, weir } from '../helpers/project.js';
import { DOCS_PROJECT, EVIL_DESCRIPTION } from './fixture.js';

const haveBrowser = browserAvailable();

describe.skipIf(!haveBrowser)('the docs site in Chromium', { timeout: 90_000 }, () => {
  let dir: string;
  let url: string;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    ({ dir, url } = builtDocsSite(DOCS_PROJECT));
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.dispose();
  });

  async function open(hash = '', at = url) {
    return openSite(browser, at + hash);
  }

  it('opens from disk, draws the lineage, and a click opens the node with its compiled SQL and columns', async () => {
    const { page, problems } = await open();
    const drawn = await page.$$eval('svg.lineage g.node', (nodes) => nodes.map((n) => n.getAttribute('data-id')).sort());
    expect(drawn).toEqual(['model.shop.big_spenders', 'model.shop.stg_orders', 'model.shop.user_totals', 'seed.shop.raw_orders']);
    expect(await page.locator('svg.lineage path.edge').count()).toBe(3);

    await page.locator('svg.lineage g.node[data-id="model.shop.user_totals"]').click();
    await page.waitForSelector('.node-page[data-id="model.shop.user_totals"]');
    expect(decodeURIComponent(new URL(page.url()).hash)).toContain('node=model.shop.user_totals');
    expect(await page.locator('.node-page h2').textContent()).toBe('user_totals');
    expect(await page.locator('.node-page pre.compiled').textContent()).toBe(
      'select user_id, sum(amount_cents) as total_cents, count(*) as order_count from "main"."stg_orders" group by user_id');
    expect(await page.locator('.node-page pre.raw').textContent()).toContain("{{ ref('stg_orders') }}");
    const columns = await page.$$eval('table.columns tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
    expect(columns).toEqual([
      ['user_id', 'BIGINT', 'The customer.', 'not_null passunique pass'],
      ['total_cents', 'HUGEINT', 'Money spent, in cents.', 'accepted_values warn'],
      ['order_count', 'BIGINT', '', ''],
    ]);
    const details = await page.locator('.node-page').textContent();
    expect(details).toContain('created table');
    expect(details).toContain('"main"."user_totals"');
    expect(await page.locator('.node-page header .status').textContent()).toBe('success');
    // Its lineage stays lit, the rest is dimmed.
    expect(await page.locator('g.node.dim').count()).toBe(0);
    expect(await page.locator('g.node.current').getAttribute('data-id')).toBe('model.shop.user_totals');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a click on a column lists its upstream and downstream columns and lights only the models they pass through', async () => {
    const { page, problems } = await open('#node=model.shop.user_totals');
    await page.waitForSelector('.node-page[data-id="model.shop.user_totals"]');
    await page.locator('table.columns td.name a', { hasText: 'total_cents' }).click();
    await page.waitForSelector('.column-lineage[data-column="total_cents"]');
    expect(decodeURIComponent(new URL(page.url()).hash)).toContain('column=total_cents');
    const steps = (side: string) => page.$$eval(`.column-lineage .${side} li`, (items) => items.map((li) => li.textContent));
    expect(await steps('upstream')).toEqual(['stg_orders.amount_cents aggregated', 'raw_orders.amount transformed']);
    expect(await steps('downstream')).toEqual(['big_spenders filter on total_cents']);
    expect(await page.locator('table.columns tr.picked').getAttribute('data-column')).toBe('total_cents');
    const dim = () => page.$$eval('g.node.dim', (nodes) => nodes.map((n) => n.getAttribute('data-id')).sort());
    expect(await dim()).toEqual([]);

    // order_count (count(*)) reads no column and no model reads it: only user_totals stays lit.
    await page.locator('table.columns td.name a', { hasText: 'order_count' }).click();
    await page.waitForSelector('.column-lineage[data-column="order_count"]');
    expect(await steps('downstream')).toEqual([]);
    expect(await dim()).toEqual(['model.shop.big_spenders', 'model.shop.stg_orders', 'seed.shop.raw_orders']);
    // A link in the list opens that node with its column picked.
    await page.locator('table.columns td.name a', { hasText: 'user_id' }).click();
    await page.locator('.column-lineage .upstream a', { hasText: 'stg_orders.user_id' }).click();
    await page.waitForSelector('.node-page[data-id="model.shop.stg_orders"] .column-lineage[data-column="user_id"]');
    expect(await steps('downstream')).toContain('user_totals.user_id copied');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows a description holding <script> as inert text', async () => {
    const { page, problems } = await open('#node=model.shop.user_totals');
    expect(await page.locator('.node-page .description').textContent()).toBe(EVIL_DESCRIPTION);
    expect(await page.locator('.panel script, .panel img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('finds a column by name in the search box', async () => {
    const { page, problems } = await open();
    await page.fill('.search-input', 'total_cen');
    await page.waitForSelector('.search-results a');
    expect(await page.locator('.search-results a').first().textContent()).toBe('model user_totals · column total_cents');
    await page.locator('.search-results a').first().click();
    await page.waitForSelector('.node-page[data-id="model.shop.user_totals"]');
    await page.fill('.search-input', 'Money spent');
    await page.waitForSelector('.search-results a');
    expect(await page.locator('.search-results a').first().textContent()).toContain('column total_cents description');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('selects with the CLI syntax and draws what weir ls selects', async () => {
    const { page, problems } = await open();
    for (const selector of ['+user_totals', '@stg_orders', 'tag:marts', 'config.materialized:table+']) {
      await page.fill('.select-input', selector);
      await page.press('.select-input', 'Enter');
      await page.waitForFunction((s) => decodeURIComponent(location.hash).includes(`select=${s}`), selector.replace(/ /g, '+'));
      const drawn = await page.$$eval('svg.lineage g.node', (nodes) => nodes.map((n) => n.getAttribute('data-id')!).sort());
      const ls = weir(['ls', '-s', selector, '--exclude', 'resource_type:test', '--output', 'json'], dir);
      const expected = ls.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line).unique_id as string).sort();
      expect(drawn, selector).toEqual(expected);
    }
    await page.fill('.select-input', 'nosuch+');
    await page.press('.select-input', 'Enter');
    await page.waitForSelector('.notice .warning');
    expect(await page.locator('.notice').textContent()).toContain("The selection criterion 'nosuch+' does not match any node");
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it('draws a neighbourhood, not everything, when the project is too large to draw', async () => {
    // 1,000 models from artifacts alone: model i reads model floor(i/2).
    const target = join(makeProject({}), 'target');
    const nodes: Record<string, unknown> = {};
    for (let i = 0; i < 1000; i++) {
      nodes[`model.big.m${i}`] = {
        unique_id: `model.big.m${i}`, resource_type: 'model', name: `m${i}`, package_name: 'big', original_file_path: `models/m${i}.sql`,
        fqn: ['big', `m${i}`], tags: [], config: { materialized: 'view' }, description: '', columns: {}, raw_code: 'select 1',
        depends_on: { nodes: i === 0 ? [] : [`model.big.m${Math.floor(i / 2)}`] },
      };
    }
    mkdirSync(target, { recursive: true });
    writeFileSync(join(target, 'manifest.json'), JSON.stringify({ metadata: { project_name: 'big' }, nodes, sources: {} }));
    await writeDocsSite(target);
    const { page, problems } = await open('', pathToFileURL(join(target, 'docs/index.html')).href);
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe('#select=2+m1+2');
    const drawn = Number(await page.getAttribute('svg.lineage', 'data-nodes'));
    expect(drawn).toBe(await page.locator('svg.lineage g.node').count());
    expect(drawn).toBe(8); // m1, its parent m0, its children m2 m3, its grandchildren m4..m7
    await page.fill('.select-input', 'm0+');
    await page.press('.select-input', 'Enter');
    await page.waitForSelector('text=Drawing 300 of the 1,000 selected nodes');
    expect(await page.locator('svg.lineage g.node').count()).toBe(300);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('colours by last run status, and draws tests when asked', async () => {
    const { page, problems } = await open('#color=status&hide=');
    expect(await page.locator('g.node[data-id="model.shop.user_totals"] rect').getAttribute('fill')).toBe('#2e9e5b');
    expect(await page.locator('g.node[data-id="test.shop.accepted_values_user_totals_total_cents__1.69cb32c359"] rect').getAttribute('fill')).toBe('#e0a100');
    expect(await page.locator('svg.lineage g.node').count()).toBe(7);
    await page.locator('.legend input[data-type="test"]').uncheck();
    await page.waitForFunction(() => document.querySelectorAll('svg.lineage g.node').length === 4);
    expect(problems).toEqual([]);
    await page.close();
  });
});
