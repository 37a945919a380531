import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryDuckDb } from '../helpers/duckdb.js';
import { copyExample, readExampleJson } from '../helpers/example-data.js';
import { REPO_ROOT, weir } from '../helpers/project.js';

// The shopping/crypto example end to end: the star schema's figures against the same figures computed
// here, independently, from the fixture files; the four analyses of issue 7 with the planted correlations.

type Row = Record<string, string>;
const purchases = parse(readFileSync(join(REPO_ROOT, 'data/shopping_behavior.csv'), 'utf8'), { columns: true }) as Row[];
const states = parse(readFileSync(join(REPO_ROOT, 'seeds/us_states.csv'), 'utf8'), { columns: true }) as Row[];
const colourOf = new Map(states.map((s) => [s.state!, s.political_colour!]));

function generation(age: number, date: string): string {
  const born = Number(date.slice(0, 4)) - age;
  return born >= 1997 ? 'Gen Z' : born >= 1981 ? 'Millennials' : born >= 1965 ? 'Gen X' : born >= 1946 ? 'Baby Boomers' : 'Silent';
}

function tally(key: (p: Row) => string, value: (p: Row) => number = () => 1): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of purchases) out[key(p)] = (out[key(p)] ?? 0) + value(p);
  return out;
}

const cents = (p: Row) => Math.round(Number(p['Purchase Amount (USD)']) * 100);
const asNumbers = (rows: ReadonlyArray<Readonly<Record<string, unknown>>>) => Object.fromEntries(rows.map((r) => [String(r.k), Number(r.v)]));

describe('the shopping and crypto example', () => {
  let dir = '';
  const query = (sql: string) => queryDuckDb(dir, sql);
  beforeAll(() => {
    dir = copyExample('weir-shopping-');
    const build = weir(['build'], dir);
    expect(build.output).toMatch(/Completed successfully/);
  }, 120_000);

  it('builds the star schema with the numbers the CSV gives', async () => {
    expect(Number((await query('select count(*) as n from fct_purchases'))[0]!.n)).toBe(purchases.length);
    expect(asNumbers(await query(`select c.generation as k, count(*) as v from fct_purchases p join dim_customers c using (customer_key) group by 1`)))
      .toEqual(tally((p) => generation(Number(p.Age), p['Purchase Date']!)));
    expect(asNumbers(await query(`select c.political_colour as k, cast(sum(p.purchase_amount_usd) * 100 as bigint) as v from fct_purchases p join dim_customers c using (customer_key) group by 1`)))
      .toEqual(tally((p) => colourOf.get(p.Location!) ?? 'unknown', cents));
    expect(asNumbers(await query('select price_point as k, count(*) as v from fct_purchases group by 1')))
      .toEqual(tally((p) => { const a = Number(p['Purchase Amount (USD)']); return a < 40 ? 'budget' : a < 70 ? 'mid-range' : 'premium'; }));
    expect(asNumbers(await query(`select i.category as k, count(*) as v from fct_purchases p join dim_items i using (item_key) group by 1`)))
      .toEqual(tally((p) => p.Category!));
    const items = new Set(purchases.map((p) => [p['Item Purchased'], p.Category, p.Size, p.Color].join('|')));
    expect(Number((await query('select count(*) as n from dim_items'))[0]!.n)).toBe(items.size);
  });

  it('keeps one market snapshot a day, however often the API snapshot is appended', async () => {
    const history = readdirSync(join(REPO_ROOT, 'data/api/coingecko')).sort();
    const recorded = readExampleJson('data/recordings/coingecko/categories/000001.json') as Array<{ id: string; market_cap_change_24h: number; updated_at: string }>;
    const snapshots = async () => query('select cast(snapshot_date as varchar) as snapshot_date, meme_change_pct_24h, trump_change_pct_24h from fct_market_snapshots order by snapshot_date');
    const first = await snapshots();
    expect(first).toHaveLength(history.length + 1);
    const day0 = readExampleJson(`data/api/coingecko/${history[0]}/categories.json`) as typeof recorded;
    expect(first[0]!.meme_change_pct_24h).toBe(day0.find((c) => c.id === 'meme-token')!.market_cap_change_24h);
    expect(first.at(-1)!.trump_change_pct_24h).toBe(recorded.find((c) => c.id === 'politifi')!.market_cap_change_24h);
    expect(first.at(-1)!.snapshot_date).toBe(recorded[0]!.updated_at.slice(0, 10));

    const again = weir(['build', '-s', 'source:coingecko+'], dir);
    expect(again.output).toMatch(/Completed successfully/);
    expect(await query('select count(*) as n from raw_coingecko.categories')).toEqual([{ n: BigInt(2 * recorded.length) }]);
    expect(await snapshots()).toEqual(first);
  }, 120_000);

  it('answers the four questions over at least 60 days, finding the correlations planted in the fixtures', () => {
    const result = (name: string) => JSON.parse(readFileSync(join(dir, 'target/analyses', name, 'latest/result.json'), 'utf8')).result;
    for (const [name, low] of [['price_point_vs_market', 0.3], ['state_colour_vs_trump_coins', 0.5], ['accessories_vs_rwa', 0.3]] as const) {
      const r = result(name);
      expect(r, name).toMatchObject({ kind: 'correlation', status: 'ok' });
      expect(r.n, name).toBeGreaterThanOrEqual(60);
      const pearson = r.correlations.find((c: { method: string }) => c.method === 'pearson');
      expect(pearson.coefficient, name).toBeGreaterThan(low);
      expect(pearson.coefficient, name).toBeLessThan(0.95);
      expect(pearson.pValue, name).toBeLessThan(0.01);
    }
    const matrix = result('generation_vs_meme_coins');
    expect(matrix).toMatchObject({ kind: 'matrix', status: 'ok' });
    expect(matrix.n).toBeGreaterThanOrEqual(60);
    const cell = (a: string, b: string) => matrix.cells.find((c: { x: string; y: string }) => (c.x === a && c.y === b) || (c.x === b && c.y === a));
    expect(cell('meme_change_pct_24h', 'gen_z_share').coefficient).toBeGreaterThan(0.3);
    expect(cell('meme_change_pct_24h', 'baby_boomers_share').coefficient).toBeLessThan(0);
    // The shares add up to 100% a day: only the four share-vs-market pairs asked are tested and adjusted
    // together, the headline answers them, and no share-vs-share pair raises the compositional warning.
    expect(matrix.pAdjust).toEqual({ method: 'bh', tests: 4 });
    expect(matrix.cells.map((c: { x: string; y: string }) => `${c.x} ~ ${c.y}`)).toEqual(['gen_z', 'millennials', 'gen_x', 'baby_boomers'].map((g) => `meme_change_pct_24h ~ ${g}_share`));
    expect(matrix.warnings).toEqual([]);
    expect(matrix.summary).toMatch(/^4 pairs asked of 5 columns \(pearson, p adjusted by Benjamini-Hochberg over 4 tests\); meme_change_pct_24h ~ gen_z_share: Pearson r = /);
    for (const c of matrix.cells) expect(c.pAdjusted).toBeGreaterThanOrEqual(c.pValue);
  });
});
