import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryDuckDb } from '../helpers/duckdb.js';
import { copyExample, recordedListing } from '../helpers/example-data.js';
import { weir } from '../helpers/project.js';

interface Line { id: number; title: string; price: number; quantity: number; total: number; discountedTotal: number }
interface Cart { id: number; userId: number; products: Line[] }
interface User { id: number; age: number; address: { city: string } }
interface Product { id: number; category: string }

/** Money in whole cents, so sums are exact (the marts keep decimal(18,2) dollars). */
const cents = (dollars: number | string) => Math.round(Number(dollars) * 100);

/**
 * The e-commerce marts checked against totals computed here, independently of weir and SQL, from
 * the recorded API pages the example ingests.
 */
describe('the example e-commerce pipeline', () => {
  const carts = recordedListing<Cart>('carts');
  const users = recordedListing<User>('users');
  const products = recordedListing<Product>('products');
  const lines = carts.flatMap((cart) => cart.products.map((line) => ({ ...line, cartId: cart.id, userId: cart.userId })));
  const categoryOf = new Map(products.map((p) => [p.id, p.category]));
  let dir = '';
  const query = (sql: string) => queryDuckDb(dir, sql);

  beforeAll(() => {
    dir = copyExample();
    const run = weir(['build', '-s', '+category_sales_summary', '+user_summaries', '+user_transactions', 'country_codes', 'product_categories'], dir);
    expect(run.output).toMatch(/Completed successfully/);
  });

  it('keeps users and products that only carts name, and counts them', async () => {
    const listedUsers = new Set(users.map((u) => u.id));
    const cartOnlyUsers = new Set(carts.map((c) => c.userId).filter((id) => !listedUsers.has(id)));
    const cartOnlyProducts = new Set(lines.map((l) => l.id).filter((id) => !categoryOf.has(id)));
    expect(cartOnlyUsers.size).toBeGreaterThan(0);
    expect(cartOnlyProducts.size).toBeGreaterThan(0);
    expect(await query('select cast(count(*) filter (where not is_listed) as integer) as cart_only, cast(count(*) as integer) as all_users from main.int_users'))
      .toEqual([{ cart_only: cartOnlyUsers.size, all_users: listedUsers.size + cartOnlyUsers.size }]);
    expect(await query(`select cast(count(*) as integer) as n from main.int_products where not is_listed and category = 'unlisted'`)).toEqual([{ n: cartOnlyProducts.size }]);
    expect(await query('select cast(count(*) as integer) as n from main.user_transactions where not is_listed_user'))
      .toEqual([{ n: carts.filter((c) => cartOnlyUsers.has(c.userId)).length }]);
  });

  it('sums sales per category to the cart lines, to the cent', async () => {
    const expected = new Map<string, { net: number; gross: number; items: number; carts: Set<number> }>();
    for (const line of lines) {
      const category = categoryOf.get(line.id) ?? 'unlisted';
      const entry = expected.get(category) ?? { net: 0, gross: 0, items: 0, carts: new Set<number>() };
      entry.net += cents(line.discountedTotal);
      entry.gross += cents(line.total);
      entry.items += line.quantity;
      entry.carts.add(line.cartId);
      expected.set(category, entry);
    }
    const rows = await query('select category, total_sales, gross_sales, items_sold, cart_count from main.category_sales_summary order by category');
    expect(rows.map((r) => ({ category: r.category, net: cents(r.total_sales as string), gross: cents(r.gross_sales as string), items: r.items_sold, carts: r.cart_count })))
      .toEqual([...expected.entries()].sort(([a], [b]) => a.localeCompare(b))
        .map(([category, e]) => ({ category, net: e.net, gross: e.gross, items: e.items, carts: e.carts.size })));
    const total = lines.reduce((sum, l) => sum + cents(l.discountedTotal), 0);
    expect(rows.reduce((sum, r) => sum + cents(r.total_sales as string), 0)).toBe(total);
  });

  it('keys a cart line by its position (a product named twice is two lines) and lists a cart\'s categories once each, sorted', async () => {
    const repeated = carts.filter((c) => new Set(c.products.map((l) => l.id)).size < c.products.length);
    expect(repeated.length).toBeGreaterThan(0);
    expect(await query('select cast(count(*) as integer) as n, cast(count(distinct cart_line_id) as integer) as ids from main.enriched_transactions'))
      .toEqual([{ n: lines.length, ids: lines.length }]);
    const cart = repeated[0]!;
    expect(await query(`select line_number, product_id from main.stg_cart_lines where cart_id = ${cart.id} order by line_number`))
      .toEqual(cart.products.map((l, i) => ({ line_number: i + 1, product_id: l.id })));
    const rows = await query('select cart_id, categories, category_count, line_count from main.cart_details order by cart_id');
    expect(rows).toEqual(carts.map((c) => {
      const names = [...new Set(c.products.map((l) => categoryOf.get(l.id) ?? 'unlisted'))].sort();
      return { cart_id: c.id, categories: names.join(', '), category_count: names.length, line_count: c.products.length };
    }).sort((a, b) => a.cart_id - b.cart_id));
  });

  it('builds stg_users from a users listing without the role field (an older API shape)', async () => {
    const old = copyExample('weir-old-users-');
    const pages = join(old, 'data/recordings/dummyjson/users');
    for (const file of readdirSync(pages).filter((f) => f.endsWith('.json'))) {
      const page = JSON.parse(readFileSync(join(pages, file), 'utf8'));
      if (!Array.isArray(page.body?.users ?? page.users)) continue;
      const users = (page.body?.users ?? page.users) as Array<Record<string, unknown>>;
      for (const user of users) delete user.role;
      writeFileSync(join(pages, file), JSON.stringify(page));
    }
    expect(readFileSync(join(pages, readdirSync(pages).find((f) => f.endsWith('.json'))!), 'utf8')).not.toContain('"role"');
    const run = weir(['build', '-s', '+stg_users', 'country_codes'], old);
    expect(run.output).toMatch(/Completed successfully/);
    expect(await queryDuckDb(old, 'select cast(count(*) as integer) as n, cast(count(role) as integer) as roles from main.stg_users')).toEqual([{ n: users.length, roles: 0 }]);
  });

  it('gives every user their spend, carts, items, age and city', async () => {
    const byUser = new Map<number, { spend: number; carts: number; items: number }>();
    for (const cart of carts) {
      const entry = byUser.get(cart.userId) ?? { spend: 0, carts: 0, items: 0 };
      entry.spend += cart.products.reduce((sum, l) => sum + cents(l.discountedTotal), 0);
      entry.carts += 1;
      entry.items += cart.products.reduce((sum, l) => sum + l.quantity, 0);
      byUser.set(cart.userId, entry);
    }
    const rows = await query('select user_id, total_spend, cart_count, item_count, age, city from main.user_summaries where cart_count > 0 order by user_id');
    expect(rows.map((r) => ({ id: r.user_id, spend: cents(r.total_spend as string), carts: r.cart_count, items: r.item_count })))
      .toEqual([...byUser.entries()].sort(([a], [b]) => a - b).map(([id, e]) => ({ id, ...e })));
    const someone = users.find((u) => byUser.has(u.id))!;
    expect(rows.find((r) => r.user_id === someone.id)).toMatchObject({ age: someone.age, city: someone.address.city });
    expect(await query('select cast(count(*) as integer) as n from main.user_summaries where cart_count = 0 and total_spend = 0'))
      .toEqual([{ n: users.filter((u) => !byUser.has(u.id)).length }]);
  });
});
