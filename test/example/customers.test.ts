import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryDuckDb } from '../helpers/duckdb.js';
import { copyExample } from '../helpers/example-data.js';
import { REPO_ROOT, weir } from '../helpers/project.js';

/** The CRM exports as records of strings (the generator writes no quoted fields); '' is missing. */
function readCsv(path: string): Array<Record<string, string>> {
  const [header, ...lines] = readFileSync(join(REPO_ROOT, path), 'utf8').trim().split('\n').map((l) => l.split(','));
  return lines.map((cells) => Object.fromEntries(header!.map((name, i) => [name, cells[i] ?? ''])));
}

const cents = (dollars: number | string) => Math.round(Number(dollars) * 100);

/**
 * The customer pipeline against numbers computed here from the CSV exports, independently of SQL:
 * what validation removes, what the merge keeps, and the summary's figures.
 */
describe('the example customer pipeline', () => {
  const customers = readCsv('data/crm/customers.csv');
  const orders = readCsv('data/crm/orders.csv');
  let dir = '';
  const query = (sql: string) => queryDuckDb(dir, sql);

  // Validation as the models describe it: required fields first, then one row per id (latest export).
  const completeCustomers = customers.filter((c) => c.customer_id && c.email);
  const latest = new Map<string, Record<string, string>>();
  for (const c of completeCustomers) if (!latest.has(c.customer_id!) || c.updated_at! > latest.get(c.customer_id!)!.updated_at!) latest.set(c.customer_id!, c);
  const completeOrders = orders.filter((o) => o.order_id && o.customer_id && o.quantity && o.unit_price);
  const uniqueOrders = [...new Map(completeOrders.map((o) => [o.order_id!, o])).values()];
  const merged = uniqueOrders.filter((o) => latest.has(o.customer_id!));

  beforeAll(() => {
    dir = copyExample();
    const run = weir(['build', '-s', '+customer_orders_summary', '+customer_data_quality', '+fct_daily_orders'], dir);
    expect(run.output).toMatch(/Completed successfully/);
  });

  it('counts the rows validation removed, and they account for every raw row', async () => {
    expect(completeCustomers.length).toBeLessThan(customers.length);
    expect(uniqueOrders.length).toBeLessThan(completeOrders.length);
    expect(await query('select dataset, raw_rows, missing_required, duplicates, clean_rows, orphan_rows from main.customer_data_quality order by dataset')).toEqual([
      { dataset: 'customers', raw_rows: customers.length, missing_required: customers.length - completeCustomers.length,
        duplicates: completeCustomers.length - latest.size, clean_rows: latest.size, orphan_rows: 0 },
      { dataset: 'orders', raw_rows: orders.length, missing_required: orders.length - completeOrders.length,
        duplicates: completeOrders.length - uniqueOrders.length, clean_rows: uniqueOrders.length, orphan_rows: uniqueOrders.length - merged.length },
    ]);
    // The latest export of a re-exported customer is the one kept.
    const reexported = [...latest.values()].find((c) => completeCustomers.filter((x) => x.customer_id === c.customer_id && x.email !== c.email).length > 0)!;
    expect(await query(`select email from main.stg_customers where customer_id = ${reexported.customer_id}`)).toEqual([{ email: reexported.email }]);
  });

  it('sums revenue, orders, customers and the top city and product as the summary says', async () => {
    const revenue = merged.reduce((sum, o) => sum + Number(o.quantity) * cents(o.unit_price!), 0);
    const by = (key: (o: Record<string, string>) => string) => {
      const totals = new Map<string, number>();
      for (const o of merged) totals.set(key(o), (totals.get(key(o)) ?? 0) + Number(o.quantity) * cents(o.unit_price!));
      return [...totals.entries()].sort(([a, x], [b, y]) => y - x || a.localeCompare(b))[0]![0];
    };
    const [row] = await query('select revenue, order_count, average_order_value, unique_customers, top_city, top_product from main.customer_orders_summary');
    expect({ ...row, revenue: cents(row!.revenue as string), average_order_value: cents(row!.average_order_value as string) }).toEqual({
      revenue, order_count: merged.length, average_order_value: Math.round(revenue / merged.length),
      unique_customers: new Set(merged.map((o) => o.customer_id)).size,
      top_city: by((o) => latest.get(o.customer_id!)!.city!), top_product: by((o) => o.product!),
    });
    const [daily] = await query('select cast(sum(order_count) as integer) as orders, sum(revenue) as revenue from main.fct_daily_orders');
    expect({ orders: daily!.orders, revenue: cents(daily!.revenue as string) }).toEqual({ orders: merged.length, revenue });
  });
});
