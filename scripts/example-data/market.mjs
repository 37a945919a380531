// Daily market snapshots shaped like CoinGecko's /coins/categories and /global responses. Moves follow
// a random walk with a shared market factor, so categories are correlated as real ones are.
import { addDays } from './random.mjs';

export const CATEGORIES = [
  { id: 'meme-token', name: 'Meme', cap: 52e9, beta: 1.8 },
  { id: 'real-world-assets-rwa', name: 'Real World Assets (RWA)', cap: 11e9, beta: 0.7 },
  { id: 'politifi', name: 'PolitiFi', cap: 1.4e9, beta: 2.4 },
  { id: 'layer-1', name: 'Layer 1 (L1)', cap: 2.1e12, beta: 1.0 },
  { id: 'decentralized-finance-defi', name: 'Decentralized Finance (DeFi)', cap: 95e9, beta: 1.2 },
  { id: 'stablecoins', name: 'Stablecoins', cap: 160e9, beta: 0.02 },
  { id: 'artificial-intelligence', name: 'Artificial Intelligence (AI)', cap: 24e9, beta: 1.5 },
];

/**
 * One snapshot a day for `days` days from `start`: `moves[day]` holds the 24h percentage changes the
 * purchase generator correlates with, and `responses[day]` the two API bodies as CoinGecko sends them.
 */
export function generateMarket(r, { days, start }) {
  const caps = Object.fromEntries(CATEGORIES.map((c) => [c.id, c.cap]));
  const snapshots = [];
  for (let day = 0; day < days; day++) {
    const market = r.normal(0, 2.2);
    const date = addDays(start, day);
    const updatedAt = Date.parse(`${date}T23:50:00Z`) / 1000 + r.int(0, 540);
    const change = {};
    const categories = CATEGORIES.map((category) => {
      const pct = r.round(category.beta * market + r.normal(0, category.id === 'stablecoins' ? 0.05 : 2.5), 4);
      change[category.id] = pct;
      caps[category.id] *= 1 + pct / 100;
      return {
        id: category.id, name: category.name, market_cap: Math.round(caps[category.id] * 100) / 100,
        market_cap_change_24h: pct, content: '', top_3_coins_id: [], top_3_coins: [],
        volume_24h: Math.round(caps[category.id] * (0.03 + r.next() * 0.08)),
        updated_at: new Date(updatedAt * 1000).toISOString(),
      };
    });
    const globalChange = r.round(market + r.normal(0, 0.4), 4);
    const totalCap = Object.values(caps).reduce((a, b) => a + b, 0);
    const global = {
      data: {
        active_cryptocurrencies: 15000 + day * 3, upcoming_icos: 0, ongoing_icos: 49, ended_icos: 3376, markets: 1200 + r.int(0, 20),
        total_market_cap: { usd: Math.round(totalCap), btc: Math.round(totalCap / 95000) },
        total_volume: { usd: Math.round(totalCap * 0.04) },
        market_cap_percentage: { btc: r.round(56 + r.normal(0, 0.5), 4), eth: r.round(12 + r.normal(0, 0.3), 4) },
        market_cap_change_percentage_24h_usd: globalChange,
        updated_at: updatedAt,
      },
    };
    snapshots.push({ date, moves: { ...change, global: globalChange }, categories, global });
  }
  return snapshots;
}
