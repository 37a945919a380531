import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { makeProject, weir } from './project.js';
import { expect } from 'vitest';
import { pathToFileURL } from 'node:url';

export const CHROMIUM = process.env.WEIR_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Debian's chromium, headless, with a fresh profile and nothing that calls home. The caller closes
 * the returned context (which also deletes the profile).
 */
export async function launchBrowser(): Promise<BrowserContext & { dispose(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'weir-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 860 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  return Object.assign(context, {
    async dispose() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  });
}

/**
 * Opens the docs site at `address` in a new page and waits for its graph; `problems` collects what
 * must never happen there: script errors, dialogs (an injected alert), requests off the disk.
 */
export async function openSite(browser: BrowserContext, address: string) {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    if (!request.url().startsWith('file:')) problems.push(`request to ${request.url()}`);
  });
  await page.goto(address);
  await page.waitForSelector('svg.lineage g.node');
  return { page, problems };
}

/** Whether Chromium is here to run the docs browser tests; without it they skip, unless WEIR_REQUIRE_BROWSER=1 (CI). */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const message = `docs browser tests need ${CHROMIUM} (apt-get install -y chromium; .ci/run installs it)`;
  if (process.env.WEIR_REQUIRE_BROWSER === '1') throw new Error(message);
  console.warn(`SKIPPING ${message}`);
  return false;
}

/** A project built and its docs site generated (both must succeed): its folder and the site's file URL. */
export function builtDocsSite(files: Record<string, string>): { dir: string; url: string } {
  const dir = makeProject(files);
  expect(weir(['build'], dir).code).toBe(0);
  expect(weir(['docs', 'generate'], dir).code).toBe(0);
  return { dir, url: pathToFileURL(join(dir, 'target/docs/index.html')).href };
}
