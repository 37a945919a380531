import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readExampleJson, recordedListing } from '../helpers/example-data.js';
import { REPO_ROOT } from '../helpers/project.js';
import { tempDir } from '../helpers/temp-dir.js';

const GENERATOR = join(REPO_ROOT, 'scripts', 'generate-example-data.mjs');
const readJson = readExampleJson;

interface CartLine { id: number; price: number; quantity: number; total: number; discountedTotal: number }
interface Cart { id: number; userId: number; products: CartLine[]; total: number; discountedTotal: number; totalQuantity: number }

describe('example fixture data', () => {
  const fresh = tempDir('weir-example-data-');
  afterAll(() => rmSync(fresh, { recursive: true, force: true }));

  it('is exactly what the generator writes, so the committed files can be regenerated', () => {
    execFileSync(process.execPath, [GENERATOR, '--root', fresh]);
    const files = (dir: string): string[] =>
      readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
    const generated = files(join(fresh, 'data'));
    expect(generated).toEqual(files(join(REPO_ROOT, 'data')));
    expect(generated.length).toBeGreaterThan(180);
    for (const file of generated) {
      expect(readFileSync(join(fresh, 'data', file), 'utf8'), file).toBe(readFileSync(join(REPO_ROOT, 'data', file), 'utf8'));
    }
    for (const seed of ['us_states.csv', 'product_categories.csv']) {
      expect(readFileSync(join(fresh, 'seeds', seed), 'utf8'), seed).toBe(readFileSync(join(REPO_ROOT, 'seeds', seed), 'utf8'));
    }
  });

  it('has dummyjson-shaped carts whose totals add up, and the unevenness real API data has', () => {
    const carts = recordedListing<Cart>('carts');
    const users = recordedListing<{ id: number }>('users');
    const products = recordedListing<{ id: number; brand?: string }>('products');
    expect([carts.length, users.length, products.length]).toEqual([50, 208, 194]);
    for (const cart of carts) {
      const sum = (f: (l: CartLine) => number) => Math.round(cart.products.reduce((s, l) => s + f(l), 0) * 100) / 100;
      expect(cart.total).toBeCloseTo(sum((l) => l.total), 2);
      expect(cart.discountedTotal).toBeCloseTo(sum((l) => l.discountedTotal), 2);
      expect(cart.totalQuantity).toBe(sum((l) => l.quantity));
      for (const line of cart.products) expect(line.total).toBeCloseTo(line.price * line.quantity, 2);
    }
    const userIds = new Set(users.map((u) => u.id));
    const productIds = new Set(products.map((p) => p.id));
    expect(carts.some((c) => !userIds.has(c.userId))).toBe(true);
    expect(carts.some((c) => c.products.some((l) => !productIds.has(l.id)))).toBe(true);
    expect(products.some((p) => p.brand === undefined)).toBe(true);
    // The real API's shapes: a cart naming a product on two lines, all 24 categories, users without a role.
    expect(carts.filter((c) => new Set(c.products.map((l) => l.id)).size < c.products.length).length).toBeGreaterThanOrEqual(3);
    const categories = readFileSync(join(REPO_ROOT, 'seeds', 'product_categories.csv'), 'utf8').trim().split('\n').slice(1);
    expect(categories).toHaveLength(24);
    expect(new Set(recordedListing<{ category: string }>('products').map((p) => p.category))).toEqual(new Set(categories));
    const roles = recordedListing<{ role?: string }>('users').map((u) => u.role);
    expect(roles.filter((r) => r === undefined).length).toBeGreaterThan(10);
    expect(roles.filter((r) => r !== undefined).length).toBeGreaterThan(100);
    expect(products.some((p) => p.brand !== undefined)).toBe(true);
  });

  it('covers at least 60 daily market snapshots (files, then the newest as the recorded API), and every purchase falls on one of those days', () => {
    const history = readdirSync(join(REPO_ROOT, 'data', 'api', 'coingecko')).sort();
    const recorded = readJson('data/recordings/coingecko/global/000001.json');
    const newest = new Date(recorded.data.updated_at * 1000).toISOString().slice(0, 10);
    expect(readJson('data/recordings/coingecko/categories/000001.json')[0].updated_at.slice(0, 10)).toBe(newest);
    expect(newest > history[history.length - 1]!).toBe(true);
    const days = [...history, newest];
    expect(days.length).toBeGreaterThanOrEqual(60);
    const global = readJson(`data/api/coingecko/${days[0]}/global.json`);
    expect(typeof global.data.market_cap_change_percentage_24h_usd).toBe('number');
    expect(typeof global.data.updated_at).toBe('number');
    const categories = readJson(`data/api/coingecko/${days[0]}/categories.json`) as Array<{ id: string }>;
    // Real CoinGecko ids (PolitiFi holds the TRUMP coin; there is no 'trump-themed'), the ones the seed maps.
    expect(categories.map((c) => c.id)).toEqual(expect.arrayContaining(['meme-token', 'real-world-assets-rwa', 'politifi']));
    expect(categories.map((c) => c.id)).not.toContain('trump-themed');
    const mapped = readFileSync(join(REPO_ROOT, 'seeds', 'coingecko_categories.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[1]);
    expect(mapped).toEqual(['meme-token', 'real-world-assets-rwa', 'politifi']);
    const rows = readFileSync(join(REPO_ROOT, 'data', 'shopping_behavior.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toMatch(/^Customer ID,Age,Gender,Item Purchased,Category,Purchase Amount \(USD\),Location,/);
    expect(rows.length - 1).toBe(3900);
    const daySet = new Set(days);
    for (const row of rows.slice(1)) expect(daySet.has(row.slice(row.lastIndexOf(',') + 1))).toBe(true);
  });
});
