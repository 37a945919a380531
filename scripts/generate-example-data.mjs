#!/usr/bin/env node
// Writes the example project's fixture data, deterministically (same bytes on every run):
//
//   node scripts/generate-example-data.mjs                 # the small fixtures under data/ and seeds/
//   node scripts/generate-example-data.mjs --purchases 10000000 --out /tmp/purchases.csv
//   node scripts/generate-example-data.mjs --carts 100000 --out /tmp/carts.json
//
// Fixtures: data/recordings/dummyjson/{users,products,carts}/ (the dummyjson API's pages of 30, in the
// format `weir ingest --record` writes and `recording:` replays), data/api/coingecko/<date>/{categories,global}.json (one
// CoinGecko snapshot a day, all but the newest), data/recordings/coingecko/{categories,global}/ (the newest, as the API answers),
// data/shopping_behavior.csv (purchases), data/crm/{customers,orders}.csv (with planted duplicates and
// missing values), seeds/us_states.csv and seeds/product_categories.csv. The scaled modes stream to --out and
// keep memory flat, for benchmarks.
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createRandom } from './example-data/random.mjs';
import { CATEGORIES as PRODUCT_CATEGORIES, generateDummyJson } from './example-data/dummyjson.mjs';
import { generateMarket } from './example-data/market.mjs';
import { csvLine, HEADER, purchase } from './example-data/shopping.mjs';
import { STATES } from './example-data/us-states.mjs';
import { offsetPages, requestUrl, writeRecording } from './example-data/recording.mjs';
import { CUSTOMER_HEADER, crmCsv, generateCrm, ORDER_HEADER } from './example-data/crm.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const START = '2024-09-01';
const DAYS = 90;
const SEED = 20241124;
const COINGECKO = 'https://api.coingecko.com/api/v3';

const { values } = parseArgs({ options: {
  purchases: { type: 'string' }, carts: { type: 'string' }, out: { type: 'string' }, root: { type: 'string' },
} });

/** Writes lines through a stream, waiting when its buffer is full, so millions of rows stay flat in memory. */
async function writeLines(path, lines) {
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  for (const line of lines) {
    if (!out.write(line + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

function* purchaseLines(count, market) {
  const r = createRandom(SEED + 1);
  yield csvLine(HEADER);
  for (let id = 1; id <= count; id++) yield csvLine(purchase(r, id, market[r.int(0, market.length - 1)], STATES));
}

function* cartLines(count) {
  const { carts } = generateDummyJson(createRandom(SEED + 2), { users: 208, products: 194, carts: count, start: START });
  yield `{"carts":[`;
  for (let i = 0; i < carts.length; i++) yield JSON.stringify(carts[i]) + (i < carts.length - 1 ? ',' : '');
  yield `],"total":${count},"skip":0,"limit":${count}}`;
}

const json = (value) => JSON.stringify(value, null, 2) + '\n';

async function main() {
  const market = generateMarket(createRandom(SEED), { days: DAYS, start: START });
  if (values.purchases || values.carts) {
    if (!values.out) throw new Error('--purchases and --carts need --out <file>');
    if (values.purchases) await writeLines(values.out, purchaseLines(Number(values.purchases), market));
    else await writeLines(values.out, cartLines(Number(values.carts)));
    return;
  }
  const root = values.root ? resolve(values.root) : ROOT;
  const api = join(root, 'data', 'api');
  const { users, products, carts } = generateDummyJson(createRandom(SEED + 3), { users: 208, products: 194, carts: 50, start: START });
  // The page size dummyjson answers with when no limit is asked for.
  const recordings = join(root, 'data', 'recordings', 'dummyjson');
  for (const [table, records] of Object.entries({ users, products, carts })) {
    writeRecording(join(recordings, table), offsetPages(`https://dummyjson.com/${table}`, table, records, 30));
  }
  // The market's history as daily files, and its newest snapshot as the recorded API answer: the
  // coingecko source appends what the API returns on every build, the history is loaded from files.
  const history = market.slice(0, -1);
  const latest = market[market.length - 1];
  rmSync(join(api, 'coingecko'), { recursive: true, force: true });
  for (const snapshot of history) {
    const dir = join(api, 'coingecko', snapshot.date);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'categories.json'), json(snapshot.categories));
    writeFileSync(join(dir, 'global.json'), json(snapshot.global));
  }
  const coingecko = join(root, 'data', 'recordings', 'coingecko');
  writeRecording(join(coingecko, 'categories'), [{ url: requestUrl(`${COINGECKO}/coins/categories`, {}), body: latest.categories }]);
  writeRecording(join(coingecko, 'global'), [{ url: requestUrl(`${COINGECKO}/global`, {}), body: latest.global }]);
  await writeLines(join(root, 'data', 'shopping_behavior.csv'), purchaseLines(3900, market));
  const crm = generateCrm(createRandom(SEED + 4), { customers: 150, orders: 700, start: START, days: DAYS });
  mkdirSync(join(root, 'data', 'crm'), { recursive: true });
  writeFileSync(join(root, 'data', 'crm', 'customers.csv'), crmCsv(CUSTOMER_HEADER, crm.customers));
  writeFileSync(join(root, 'data', 'crm', 'orders.csv'), crmCsv(ORDER_HEADER, crm.orders));
  mkdirSync(join(root, 'seeds'), { recursive: true });
  writeFileSync(join(root, 'seeds', 'us_states.csv'), ['state,state_code,political_colour', ...STATES.map((s) => s.join(','))].join('\n') + '\n');
  writeFileSync(join(root, 'seeds', 'product_categories.csv'), ['category', ...Object.keys(PRODUCT_CATEGORIES)].join('\n') + '\n');
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
