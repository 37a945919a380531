// Customers and orders as a CRM and a web shop export them: CSV files with the flaws the customer
// pipeline must clean up. Planted on purpose, and counted by the example's tests:
//   - exact duplicate rows (the export ran twice over the same page),
//   - customers exported again after a change (same id, later updated_at: the latest one counts),
//   - rows missing a required field (customer id or email; order's customer, quantity or price),
//   - orders of customers the CRM does not have.
import { addDays } from './random.mjs';

const FIRST = ['Ava', 'Ben', 'Chloe', 'Dan', 'Ella', 'Finn', 'Grace', 'Hugo', 'Isla', 'Jack', 'Kara', 'Leo', 'Maya', 'Noah'];
const LAST = ['Adams', 'Baker', 'Clark', 'Diaz', 'Evans', 'Foster', 'Gray', 'Hill', 'Irwin', 'Jones', 'King', 'Lewis'];
const CITIES = ['Austin', 'Boston', 'Chicago', 'Denver', 'Miami', 'Portland', 'Seattle', 'New York'];
const PRODUCTS = [
  ['Trail Runner', 'Footwear', 89.9], ['City Sneaker', 'Footwear', 64.5], ['Rain Jacket', 'Outerwear', 129],
  ['Fleece Hoodie', 'Outerwear', 54.25], ['Wool Beanie', 'Accessories', 19.99], ['Leather Belt', 'Accessories', 34],
  ['Daypack 20L', 'Bags', 74.95], ['Weekender Duffel', 'Bags', 119.5], ['Water Bottle', 'Accessories', 14.5],
];

export const CUSTOMER_HEADER = ['customer_id', 'first_name', 'last_name', 'email', 'age', 'city', 'signup_date', 'updated_at'];
export const ORDER_HEADER = ['order_id', 'customer_id', 'order_date', 'product', 'category', 'quantity', 'unit_price'];

/** Rows as arrays of cell values; null is an empty cell. */
export function generateCrm(r, { customers: customerCount, orders: orderCount, start, days }) {
  const customers = [];
  for (let id = 1; id <= customerCount; id++) {
    const first = r.pick(FIRST);
    const last = r.pick(LAST);
    const signup = addDays(start, -r.int(1, 600));
    customers.push([id, first, last, `${first}.${last}.${id}@example.com`.toLowerCase(), r.chance(0.05) ? null : r.int(18, 80),
      r.pick(CITIES), signup, `${signup} 10:00:00`]);
  }
  const customerRows = [...customers];
  // Re-exported after a change of email or city: the later updated_at wins.
  for (const original of customers.filter(() => r.chance(0.05))) {
    customerRows.push([original[0], original[1], original[2], `${original[1]}.${original[2]}@mail.example.org`.toLowerCase(), original[4],
      r.pick(CITIES), original[6], `${addDays(start, r.int(0, days - 1))} 12:00:00`]);
  }
  for (const row of customers.filter(() => r.chance(0.04))) customerRows.push([...row]);          // exact duplicates
  for (let i = 0; i < 4; i++) {                                                                    // required field missing
    const row = [...r.pick(customers)];
    if (i % 2 === 0) row[0] = null; else row[3] = null;
    if (row[0] !== null) row[0] = customerCount + 100 + i;                                       // a new id without an email
    customerRows.push(row);
  }

  const orders = [];
  for (let id = 1; id <= orderCount; id++) {
    const [product, category, price] = r.pick(PRODUCTS);
    const customerId = r.chance(0.03) ? customerCount + r.int(1, 20) : r.int(1, customerCount);
    orders.push([id, customerId, addDays(start, r.int(0, days - 1)), product, category, r.int(1, 4), price]);
  }
  const orderRows = [...orders];
  for (const row of orders.filter(() => r.chance(0.02))) orderRows.push([...row]);                // exact duplicates
  for (let i = 0; i < 6; i++) {                                                                    // required field missing
    const row = [orderCount + 1 + i, ...r.pick(orders).slice(1)];
    row[[1, 5, 6][i % 3]] = null;
    orderRows.push(row);
  }
  return { customers: shuffle(r, customerRows), orders: shuffle(r, orderRows) };
}

/** Exports are not sorted: duplicates and re-exports land anywhere in the file. */
function shuffle(r, rows) {
  const out = [...rows];
  for (let i = out.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export const crmCsv = (header, rows) => [header, ...rows].map((row) => row.map((v) => (v === null ? '' : String(v))).join(',')).join('\n') + '\n';
