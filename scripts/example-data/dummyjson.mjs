// Users, products and carts shaped exactly like the public dummyjson API (/users, /products, /carts),
// including its unevenness: not every product has a brand, and carts name users and products that
// the /users and /products listings do not contain (the staging models must keep those).
import { addDays } from './random.mjs';

const FIRST = ['Emily', 'Michael', 'Sophia', 'James', 'Emma', 'Olivia', 'Alexander', 'Ava', 'Ethan', 'Isabella',
  'Liam', 'Mia', 'Noah', 'Charlotte', 'Lucas', 'Amelia', 'Mason', 'Harper', 'Logan', 'Evelyn'];
const LAST = ['Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson'];
const CITIES = [
  ['Phoenix', 'Arizona', 'AZ'], ['Houston', 'Texas', 'TX'], ['Denver', 'Colorado', 'CO'], ['Seattle', 'Washington', 'WA'],
  ['Columbus', 'Ohio', 'OH'], ['Fort Worth', 'Texas', 'TX'], ['San Jose', 'California', 'CA'], ['Jacksonville', 'Florida', 'FL'],
  ['Nashville', 'Tennessee', 'TN'], ['Boston', 'Massachusetts', 'MA'],
];
const DEPARTMENTS = ['Engineering', 'Marketing', 'Support', 'Sales', 'Human Resources', 'Legal', 'Accounting'];
const TITLES = ['Sales Manager', 'Support Specialist', 'Web Developer', 'Accountant', 'Research Analyst', 'Product Manager'];
// The 24 categories of the real API (https://dummyjson.com/products/categories), with brands, items and
// list prices like its own; vehicles and motorcycles cost thousands, groceries a few dollars.
export const CATEGORIES = {
  beauty: { brands: ['Essence', 'Glamour Beauty', 'Velvet Touch'], items: ['Mascara', 'Eyeshadow Palette', 'Powder Canister', 'Red Lipstick', 'Red Nail Polish'], price: [5, 40] },
  fragrances: { brands: ['Calvin Klein', 'Chanel', 'Dior', 'Gucci'], items: ['Eau de Parfum', 'Cologne', 'Body Mist'], price: [40, 140] },
  furniture: { brands: ['Annibale Colombo', 'Furniture Co.', 'Knoll'], items: ['Bed', 'Sofa', 'Bedside Table', 'Office Chair', 'Double Bed'], price: [80, 2500] },
  groceries: { brands: [], items: ['Apple', 'Beef Steak', 'Cat Food', 'Chicken Meat', 'Cooking Oil', 'Cucumber', 'Dog Food', 'Eggs', 'Fish Steak', 'Green Bell Pepper'], price: [1, 30] },
  'home-decoration': { brands: ['Home Decor'], items: ['Decoration Swing', 'Family Tree Photo Frame', 'House Showpiece Plant', 'Plant Pot'], price: [10, 70] },
  'kitchen-accessories': { brands: [], items: ['Bamboo Spatula', 'Black Aluminium Cup', 'Chopping Board', 'Fine Mesh Strainer', 'Grater'], price: [3, 40] },
  laptops: { brands: ['Apple', 'Asus', 'Huawei', 'Lenovo'], items: ['MacBook Pro 14', 'Zenbook', 'Matebook X Pro', 'Yoga 920'], price: [900, 2600] },
  'mens-shirts': { brands: ['Fashion Trends', 'Gigabyte'], items: ['Blue & Black Check Shirt', 'Gigabyte Aorus Men Tshirt', 'Man Plaid Shirt'], price: [15, 40] },
  'mens-shoes': { brands: ['Nike', 'Puma'], items: ['Nike Air Jordan 1', 'Nike Baseball Cleats', 'Puma Future Rider', 'Sports Sneakers'], price: [40, 180] },
  'mens-watches': { brands: ['Brown Leather', 'Longines', 'Rolex'], items: ['Brown Leather Belt Watch', 'Longines Master Collection', 'Rolex Cellini Date'], price: [90, 17000] },
  'mobile-accessories': { brands: ['Amazon', 'Apple', 'Beats'], items: ['Amazon Echo Plus', 'Apple AirPods', 'Beats Flex Earphones', 'Selfie Stick Monopod'], price: [10, 250] },
  motorcycle: { brands: ['Kawasaki', 'MotoGP', 'ScootMaster'], items: ['Kawasaki Z800', 'MotoGP CI.H1', 'Scooter Motorcycle', 'Sportbike Motorcycle'], price: [3000, 15000] },
  'skin-care': { brands: ['Olay', 'Vaseline'], items: ['Attitude Super Leaves Hand Soap', 'Olay Ultra Moisture Shea Butter', 'Vaseline Men Body and Face Lotion'], price: [8, 15] },
  smartphones: { brands: ['Apple', 'Samsung', 'Oppo', 'Realme'], items: ['iPhone 13 Pro', 'Galaxy S10', 'Oppo A57', 'Realme C35'], price: [150, 1300] },
  'sports-accessories': { brands: [], items: ['American Football', 'Baseball Ball', 'Basketball', 'Cricket Bat', 'Tennis Racket'], price: [5, 50] },
  sunglasses: { brands: ['Fashion Shades', 'Classic Sun'], items: ['Black Sun Glasses', 'Classic Sun Glasses', 'Green and Black Glasses'], price: [20, 40] },
  tablets: { brands: ['Apple', 'Samsung'], items: ['iPad Mini 2021', 'Samsung Galaxy Tab S8 Plus', 'Samsung Galaxy Tab White'], price: [350, 700] },
  tops: { brands: ['Fashion Trends'], items: ['Blue Frock', 'Girl Summer Dress', 'Short Frock', 'Tartan Dress'], price: [20, 40] },
  vehicle: { brands: ['Chrysler', 'Dodge'], items: ['300 Touring', 'Charger SXT RWD', 'Dodge Hornet GT Plus', 'Durango SXT RWD', 'Pacifica Touring'], price: [24000, 37000] },
  'womens-bags': { brands: ['Heshe', 'Prada'], items: ['Blue Women Handbag', 'Heshe Women Leather Bag', 'Prada Women Bag', 'White Faux Leather Backpack'], price: [40, 600] },
  'womens-dresses': { brands: ['Dress Co.'], items: ['Black Women Gown', 'Corset Leather With Skirt', 'Dress Pea', 'Marni Red & Black Suit'], price: [80, 180] },
  'womens-jewellery': { brands: ['Fashion Jewellery'], items: ['Green Crystal Earring', 'Green Oval Earring', 'Tropical Earring'], price: [10, 30] },
  'womens-shoes': { brands: ['Calvin Klein', 'Pampi'], items: ['Black & Brown Slipper', 'Calvin Klein Heel Shoes', 'Golden Shoes Woman', 'Pampi Shoes'], price: [20, 80] },
  'womens-watches': { brands: ['IWC', 'Rolex'], items: ['IWC Ingenieur Automatic Steel', 'Rolex Cellini Moonphase', 'Rolex Datejust Women'], price: [4000, 16000] },
};

function user(r, id) {
  const firstName = r.pick(FIRST);
  const lastName = r.pick(LAST);
  const [city, state, stateCode] = r.pick(CITIES);
  const age = r.int(18, 78);
  const birthYear = 2024 - age;
  return {
    id, firstName, lastName, maidenName: r.chance(0.3) ? r.pick(LAST) : '', age,
    gender: r.chance(0.5) ? 'female' : 'male',
    email: `${firstName}.${lastName}${id}@x.dummyjson.com`.toLowerCase(),
    phone: `+1 ${r.int(200, 999)}-${r.int(200, 999)}-${r.int(1000, 9999)}`,
    username: `${firstName}${lastName[0]}${id}`.toLowerCase(),
    password: `${lastName.toLowerCase()}pass${r.int(10, 99)}`,
    birthDate: `${birthYear}-${r.int(1, 12)}-${r.int(1, 28)}`,
    image: `https://dummyjson.com/icon/${firstName.toLowerCase()}/128`,
    bloodGroup: r.pick(['A+', 'A-', 'B+', 'O+', 'O-', 'AB+']),
    height: r.round(150 + r.next() * 45, 2), weight: r.round(50 + r.next() * 50, 2),
    eyeColor: r.pick(['Green', 'Brown', 'Blue', 'Gray', 'Amber']),
    hair: { color: r.pick(['Brown', 'Black', 'Blonde', 'Red']), type: r.pick(['Curly', 'Straight', 'Wavy']) },
    ip: `${r.int(1, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
    address: {
      address: `${r.int(100, 9999)} ${r.pick(['Main', 'Oak', 'Pine', 'Maple', 'Cedar'])} Street`, city, state, stateCode,
      postalCode: String(r.int(10000, 99999)),
      coordinates: { lat: r.round(25 + r.next() * 20, 6), lng: r.round(-120 + r.next() * 45, 6) },
      country: 'United States',
    },
    macAddress: Array.from({ length: 6 }, () => r.int(0, 255).toString(16).padStart(2, '0')).join(':'),
    university: r.pick(['University of Wisconsin--Madison', 'Ohio State University', 'Rice University', 'Tufts University']),
    bank: { cardExpire: `${String(r.int(1, 12)).padStart(2, '0')}/${r.int(25, 30)}`, cardNumber: String(r.int(1e15, 9e15)),
      cardType: r.pick(['Visa', 'Mastercard', 'Amex']), currency: 'USD', iban: `GB${r.int(10, 99)}WEIR${r.int(1e9, 9e9)}` },
    company: { department: r.pick(DEPARTMENTS), name: `${r.pick(LAST)} ${r.pick(['Group', 'LLC', 'Inc'])}`, title: r.pick(TITLES),
      address: { address: `${r.int(100, 999)} Market Street`, city, state, stateCode, postalCode: String(r.int(10000, 99999)),
        coordinates: { lat: r.round(25 + r.next() * 20, 6), lng: r.round(-120 + r.next() * 45, 6) }, country: 'United States' } },
    ein: `${r.int(10, 99)}-${r.int(1000000, 9999999)}`,
    ssn: `${r.int(100, 899)}-${r.int(10, 99)}-${r.int(1000, 9999)}`,
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.93 Safari/537.36',
    crypto: { coin: 'Bitcoin', wallet: `0x${r.int(1e9, 9e9).toString(16)}`, network: 'Ethereum (ERC20)' },
    role: r.chance(0.1) ? 'admin' : r.chance(0.2) ? 'moderator' : 'user',
  };
}

/** Users as an older API shape wrote them: no `role` field (an optional field the staging must not require). */
function withoutRole(record) {
  const { role: _role, ...rest } = record;
  return rest;
}

function product(r, id, start) {
  // Every category has a product (the first 24 ids take one each), the rest are drawn at random.
  const names = Object.keys(CATEGORIES);
  const category = id <= names.length ? names[id - 1] : r.pick(names);
  const spec = CATEGORIES[category];
  const item = r.pick(spec.items);
  const brand = spec.brands.length && r.chance(0.85) ? r.pick(spec.brands) : undefined;
  const price = r.round(spec.price[0] + r.next() * (spec.price[1] - spec.price[0]), 2);
  const created = `${addDays(start, -r.int(30, 400))}T09:${String(r.int(10, 59))}:00.000Z`;
  const record = {
    id, title: brand ? `${brand} ${item}` : item, description: `The ${item.toLowerCase()} our customers come back for.`,
    category, price, discountPercentage: r.round(r.next() * 20, 2), rating: r.round(2.5 + r.next() * 2.5, 2),
    stock: r.int(0, 150), tags: [category, item.split(' ')[0].toLowerCase()],
  };
  if (brand) record.brand = brand;
  return Object.assign(record, {
    sku: `${category.slice(0, 4).toUpperCase()}-${String(id).padStart(4, '0')}`, weight: r.int(1, 10),
    dimensions: { width: r.round(5 + r.next() * 25, 2), height: r.round(5 + r.next() * 25, 2), depth: r.round(5 + r.next() * 25, 2) },
    warrantyInformation: r.pick(['1 month warranty', '1 year warranty', 'No warranty', 'Lifetime warranty']),
    shippingInformation: r.pick(['Ships in 1 week', 'Ships overnight', 'Ships in 2 weeks']),
    availabilityStatus: record.stock === 0 ? 'Out of Stock' : record.stock < 10 ? 'Low Stock' : 'In Stock',
    reviews: Array.from({ length: r.int(0, 3) }, () => ({
      rating: r.int(1, 5), comment: r.pick(['Very satisfied!', 'Would not recommend!', 'Great value for money!', 'Disappointing product!']),
      date: `${addDays(start, -r.int(1, 30))}T08:56:21.618Z`, reviewerName: `${r.pick(FIRST)} ${r.pick(LAST)}`,
      reviewerEmail: `${r.pick(FIRST).toLowerCase()}.${r.pick(LAST).toLowerCase()}@x.dummyjson.com`,
    })),
    returnPolicy: r.pick(['30 days return policy', '60 days return policy', 'No return policy']),
    minimumOrderQuantity: r.int(1, 40),
    meta: { createdAt: created, updatedAt: created, barcode: String(r.int(1e12, 9e12)), qrCode: 'https://cdn.dummyjson.com/public/qr-code.png' },
    images: [`https://cdn.dummyjson.com/products/images/${category}/${id}/1.png`],
    thumbnail: `https://cdn.dummyjson.com/products/images/${category}/${id}/thumbnail.png`,
  });
}

/** A cart line as dummyjson writes it: totals computed from price, quantity and discount. */
function cartLine(r, item) {
  const quantity = r.int(1, 5);
  const total = r.round(item.price * quantity, 2);
  const discountPercentage = r.round(r.next() * 20, 2);
  return { id: item.id, title: item.title, price: item.price, quantity, total, discountPercentage,
    discountedTotal: r.round(total * (1 - discountPercentage / 100), 2), thumbnail: item.thumbnail };
}

/**
 * `users` and `products` are the listings; carts also draw from `extraUsers` ids and `extraProducts`
 * (products the listing lacks), as real API data does.
 */
export function generateDummyJson(r, { users: userCount, products: productCount, carts: cartCount, start }) {
  // One user in ten comes without a role, as the API's older records do.
  const users = Array.from({ length: userCount }, (_, i) => (i % 10 === 9 ? withoutRole(user(r, i + 1)) : user(r, i + 1)));
  const all = Array.from({ length: productCount + 5 }, (_, i) => product(r, i + 1, start));
  const products = all.slice(0, productCount);
  const carts = Array.from({ length: cartCount }, (_, i) => {
    const ids = new Set();
    const lines = [];
    for (let n = r.int(1, 5); lines.length < n;) {
      const item = r.chance(0.06) ? all[productCount + r.int(0, 4)] : r.pick(products);
      if (ids.has(item.id)) continue;
      ids.add(item.id);
      lines.push(cartLine(r, item));
    }
    // About one cart in twelve names a product on a second line (12 of the real API's 208 carts do).
    if (i % 12 === 5) lines.push(cartLine(r, all.find((p) => p.id === lines[0].id)));
    const userId = r.chance(0.08) ? userCount + r.int(1, 5) : r.int(1, userCount);
    return {
      id: i + 1, products: lines,
      total: r.round(lines.reduce((s, l) => s + l.total, 0), 2),
      discountedTotal: r.round(lines.reduce((s, l) => s + l.discountedTotal, 0), 2),
      userId, totalProducts: lines.length, totalQuantity: lines.reduce((s, l) => s + l.quantity, 0),
    };
  });
  return { users, products, carts };
}
