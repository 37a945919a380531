/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// page.evaluate callbacks run in the browser: they see window, location and document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, builtDocsSite, launchBrowser, openSite } from '../helpers/browser.js';
import { EVIL_DOC, PAGES_PROJECT } from './pages-fixture.js';

const haveBrowser = browserAvailable();

/** The pages of macros, doc blocks, groups and exposures, as a person opens them in Chromium. */
describe.skipIf(!haveBrowser)('docs site pages besides models', { timeout: 90_000 }, () => {
  let url: string;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    ({ url } = builtDocsSite(PAGES_PROJECT));
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.dispose();
  });

  async function open(hash = '') {
    return openSite(browser, url + hash);
  }
  const texts = (page: Awaited<ReturnType<typeof open>>['page'], selector: string) => page.$$eval(selector, (els) => els.map((e) => e.textContent!.trim()));

  it('the overview lists groups, exposures, macros (not the hidden one) and doc blocks, each a link to its page', async () => {
    const { page, problems } = await open();
    expect(await texts(page, '.directory-group li')).toEqual(['finance · 3 models, owned by Fiona Finance']);
    expect(await texts(page, '.directory-exposure li')).toEqual(['revenue_dashboard · dashboard']);
    expect(await texts(page, '.directory-macro li')).toEqual(['cents_to_dollars · used by 2', 'dollars · used by 0', 'test_is_positive · used by 1']);
    expect(await texts(page, '.directory-doc li')).toEqual(['money · used by 3']);
    await page.locator('.directory-macro a', { hasText: 'cents_to_dollars' }).click();
    await page.waitForSelector('.macro-page[data-id="macro.shop.cents_to_dollars"]');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a macro page: package, rendered description, arguments, SQL, referenced by; model pages link their macros', async () => {
    const { page, problems } = await open('#node=macro.shop.cents_to_dollars');
    await page.waitForSelector('.macro-page');
    expect(await page.locator('.macro-page h2').textContent()).toBe('cents_to_dollars');
    expect(await page.locator('.macro-page .description strong').first().textContent()).toBe('cents');
    expect(await texts(page, '.macro-page table.details tr')).toEqual(['packageshop', 'filemacros/money.sql', 'doc blocksmoney']);
    expect(await texts(page, '.macro-page table.arguments tbody tr')).toEqual(['column_namestringThe column holding cents.', 'scaleintegerDecimal places.']);
    expect(await page.locator('.macro-page pre.macro-sql').textContent()).toBe('{% macro cents_to_dollars(column_name, scale=2) %}\n  round({{ column_name }} / 100.0, {{ scale }})\n{% endmacro %}');
    expect(await page.locator('.macro-page pre.macro-sql .jinja-expr').first().textContent()).toBe('{{ column_name }}');
    expect(await texts(page, '.macro-page section:has(h3:text("Referenced by")) li')).toEqual(['dollars', 'order_dollars']);
    // The models that call it stay lit on the graph; the rest is dimmed.
    expect((await page.$$eval('g.node:not(.dim)', (n) => n.map((x) => x.getAttribute('data-id')))).sort()).toEqual(['model.shop.order_dollars']);
    await page.locator('.macro-page a', { hasText: 'order_dollars' }).click();
    await page.waitForSelector('.node-page[data-id="model.shop.order_dollars"]');
    expect(await texts(page, '.node-page section:has(h3:text("Macros used")) li')).toEqual(['cents_to_dollars']);
    await page.locator('.node-page section:has(h3:text("Macros used")) a').click();
    await page.waitForSelector('.macro-page[data-id="macro.shop.cents_to_dollars"]');
    // Hidden: no page, and the search does not find it.
    const hidden = await open('#node=macro.shop.secret_helper');
    expect(await hidden.page.locator('.overview').count()).toBe(1);
    await hidden.page.close();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a doc block page renders its markdown safely and lists where it is used; descriptions render it', async () => {
    const { page, problems } = await open('#node=doc.shop.money');
    await page.waitForSelector('.doc-page');
    expect(await texts(page, '.doc-page .doc-contents li')).toEqual(['rounded', 'never negative']);
    const link = page.locator('.doc-page .doc-contents a');
    expect(await link.getAttribute('href')).toBe('https://example.com/handbook');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await page.locator('.doc-page .doc-contents').textContent()).toContain(EVIL_DOC);
    expect(await texts(page, '.doc-page .used-by li')).toEqual(['order_dollars · description', 'order_dollars · column amount', 'cents_to_dollars · description']);
    await page.goto(`${url}#node=model.shop.order_dollars`);
    await page.waitForSelector('.node-page[data-id="model.shop.order_dollars"]');
    expect(await page.locator('.node-page .description strong').textContent()).toBe('US dollars');
    expect(await page.locator('table.columns tr[data-column="amount"] .column-description li').count()).toBe(2);
    expect(await page.locator('.panel script, .panel img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a group page lists its owner and models with their access; a model page shows its group and access', async () => {
    const { page, problems } = await open('#node=group.shop.finance');
    await page.waitForSelector('.group-page');
    expect(await texts(page, '.group-page table.details tr')).toEqual(['ownerFiona Finance <fiona@example.com>', 'filemodels/_models.yml', 'access1 public, 1 protected, 1 private']);
    expect(await page.locator('.group-page a[href="mailto:fiona@example.com"]').count()).toBe(1);
    expect(await page.$$eval('.group-page table.members tbody tr', (rows) => rows.map((r) => [r.children[0]!.textContent, r.children[1]!.textContent])))
      .toEqual([['order_dollars', 'protected'], ['stg_orders', 'private'], ['user_totals', 'public']]);
    // A member's description is summed up in words, without its markdown marks.
    expect(await page.locator('.group-page table.members tr[data-id="model.shop.order_dollars"] td.muted').textContent()).toMatch(/^All money is in US dollars; see the handbook\./);
    await page.locator('.group-page a', { hasText: 'stg_orders' }).click();
    await page.waitForSelector('.node-page[data-id="model.shop.stg_orders"]');
    const details = await texts(page, '.node-page table.details tr');
    expect(details).toContain('groupfinance');
    expect(details).toContain('accessprivate');
    await page.locator('.node-page table.details a', { hasText: 'finance' }).click();
    await page.waitForSelector('.group-page');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('an exposure page: type, owner, maturity, its url as a link, what it depends on; drawn on the graph', async () => {
    const { page, problems } = await open('#node=exposure.shop.revenue_dashboard');
    await page.waitForSelector('.node-page[data-id="exposure.shop.revenue_dashboard"]');
    expect(await page.locator('svg.lineage g.node[data-id="exposure.shop.revenue_dashboard"]').count()).toBe(1);
    expect(await texts(page, '.node-page table.exposure tr')).toEqual([
      'typedashboard', 'labelRevenue dashboard', 'ownerAnn Analyst <ann@example.com>', 'maturityhigh', 'urlhttps://bi.example.com/d/1?a=1&b=<2>',
    ]);
    expect(await page.locator('.node-page table.exposure a.external').getAttribute('href')).toBe('https://bi.example.com/d/1?a=1&b=<2>');
    expect(await texts(page, '.node-page section:has(h3:text("Upstream")) li')).toEqual(['user_totals']);
    expect(await page.locator('.node-page header .status').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the search finds macros (and their arguments), groups, doc blocks and exposures', async () => {
    const { page, problems } = await open();
    // The list follows the box after a short pause: poll until it shows the query's best hit.
    const best = async (query: string, expected: string) => {
      await page.fill('.search-input', query);
      await expect.poll(() => page.locator('.search-results a').first().textContent(), { timeout: 5000 }).toBe(expected);
    };
    await best('cents_to', 'macro cents_to_dollars');
    await best('column holding', 'macro cents_to_dollars · argument column_name description');
    await best('financ', 'group finance');
    await best('mone', 'doc money');
    await best('revenue', 'exposure revenue_dashboard');
    await page.fill('.search-input', 'secret_helper');
    await page.waitForSelector('.search-results li.muted');
    await page.fill('.search-input', 'financ');
    await page.waitForSelector('.search-results a[data-id="group.shop.finance"]');
    await page.press('.search-input', 'Enter');
    await page.waitForSelector('.group-page');
    expect(problems).toEqual([]);
    await page.close();
  });
});
