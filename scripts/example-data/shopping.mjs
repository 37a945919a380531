// Purchases with the columns of the widely used shopping-behaviour data set, plus a purchase date.
// Who buys what on a day leans a little on that day's market moves, so the example's correlation
// questions have something real to find (and noise enough that the answer is not trivial).

export const HEADER = ['Customer ID', 'Age', 'Gender', 'Item Purchased', 'Category', 'Purchase Amount (USD)', 'Location',
  'Size', 'Color', 'Season', 'Review Rating', 'Subscription Status', 'Shipping Type', 'Discount Applied',
  'Promo Code Used', 'Previous Purchases', 'Payment Method', 'Frequency of Purchases', 'Purchase Date'];

const ITEMS = {
  Clothing: ['Blouse', 'Sweater', 'Jeans', 'Shirt', 'Shorts', 'Dress', 'Skirt', 'Pants', 'Hoodie', 'T-shirt', 'Socks'],
  Footwear: ['Sandals', 'Sneakers', 'Shoes', 'Boots'],
  Outerwear: ['Coat', 'Jacket'],
  Accessories: ['Handbag', 'Sunglasses', 'Jewelry', 'Scarf', 'Hat', 'Backpack', 'Belt', 'Gloves'],
};
const COLORS = ['Gray', 'Maroon', 'Turquoise', 'White', 'Charcoal', 'Silver', 'Pink', 'Purple', 'Olive', 'Gold',
  'Violet', 'Teal', 'Lavender', 'Black', 'Green', 'Peach', 'Red', 'Cyan', 'Brown', 'Beige', 'Orange', 'Indigo',
  'Yellow', 'Magenta', 'Blue'];
const SHIPPING = ['Express', 'Free Shipping', 'Next Day Air', 'Standard', '2-Day Shipping', 'Store Pickup'];
const PAYMENT = ['Venmo', 'Cash', 'Credit Card', 'PayPal', 'Bank Transfer', 'Debit Card'];
const FREQUENCY = ['Fortnightly', 'Weekly', 'Annually', 'Quarterly', 'Bi-Weekly', 'Monthly', 'Every 3 Months'];

function season(date) {
  const month = Number(date.slice(5, 7));
  return month <= 2 || month === 12 ? 'Winter' : month <= 5 ? 'Spring' : month <= 8 ? 'Summer' : 'Fall';
}

const clamp = (value, low, high) => Math.min(high, Math.max(low, value));

/**
 * One purchase on snapshot `day` (with its market `moves`), for customer `id`. `states` rows are
 * [name, code, colour]. The leanings: Gen Z (ages 18-28) buys more on strong meme days, red states on
 * strong Trump-themed days, high price points follow the global market, accessories follow RWA.
 */
export function purchase(r, id, { date, moves }, states) {
  const young = r.chance(clamp(0.2 + moves['meme-token'] * 0.008, 0.05, 0.45));
  const age = young ? r.int(18, 28) : r.int(29, 70);
  const red = r.chance(clamp(0.5 + moves.politifi * 0.01, 0.15, 0.85));
  const candidates = states.filter((s) => (red ? s[2] === 'red' : s[2] !== 'red'));
  const location = r.pick(candidates)[0];
  const accessory = r.chance(clamp(0.32 + moves['real-world-assets-rwa'] * 0.012, 0.1, 0.6));
  const category = accessory ? 'Accessories' : r.pick(['Clothing', 'Clothing', 'Clothing', 'Footwear', 'Outerwear']);
  const high = r.chance(clamp(0.35 + moves.global * 0.015, 0.1, 0.7));
  const amount = high ? r.int(70, 100) : r.int(20, 69);
  const subscribed = r.chance(0.27);
  const discount = subscribed || r.chance(0.15);
  return [
    id, age, r.chance(0.68) ? 'Male' : 'Female', r.pick(ITEMS[category]), category, amount, location,
    r.pick(['S', 'M', 'M', 'L', 'XL']), r.pick(COLORS), season(date), r.round(2.5 + r.next() * 2.5, 1),
    subscribed ? 'Yes' : 'No', r.pick(SHIPPING), discount ? 'Yes' : 'No', discount ? 'Yes' : 'No', r.int(1, 50),
    r.pick(PAYMENT), r.pick(FREQUENCY), date,
  ];
}

/** A CSV line: quoted only where needed (RFC 4180). */
export function csvLine(values) {
  return values.map((v) => {
    const text = String(v);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }).join(',');
}
