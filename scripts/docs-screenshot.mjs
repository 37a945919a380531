#!/usr/bin/env node
// Redraws docs/screenshot.png (the README's picture of the docs site) from the example project:
//
//   npx weir build && npx weir docs generate && node scripts/docs-screenshot.mjs [node-id]
//
// Opens target/docs/index.html in Debian's chromium (WEIR_CHROMIUM overrides the path) at the page
// of one node (default: model.shop.cart_details) with its lineage drawn, and saves a 1280x760 PNG.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const node = process.argv[2] ?? 'model.shop.cart_details';
const site = join(root, 'target', 'docs', 'index.html');
if (!existsSync(site)) {
  console.error('no target/docs/index.html: run `npx weir build && npx weir docs generate` first');
  process.exit(1);
}
const profile = await mkdtemp(join(tmpdir(), 'weir-screenshot-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.WEIR_CHROMIUM ?? '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 760 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  const page = context.pages()[0] ?? await context.newPage();
  await page.goto(`${pathToFileURL(site).href}#node=${encodeURIComponent(node)}`);
  await page.waitForSelector('svg g', { timeout: 15_000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(root, 'docs', 'screenshot.png') });
  console.log(`docs/screenshot.png: ${node}`);
} finally {
  await context.close();
  await rm(profile, { recursive: true, force: true });
}
