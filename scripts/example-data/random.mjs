// A small seeded PRNG so the example data is the same on every machine and every run.
// mulberry32: 32-bit state, fast, good enough for fixture data (not for cryptography).
export function createRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const pick = (list) => list[Math.floor(next() * list.length)];
  /** Normal deviate (Box-Muller), for market moves and planted relationships. */
  const normal = (mean = 0, sd = 1) => {
    const u = Math.max(next(), 1e-12);
    const v = next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const chance = (p) => next() < p;
  const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
  return { next, int, pick, normal, chance, round };
}

/** ISO date (YYYY-MM-DD) `offset` days after `start`. */
export function addDays(start, offset) {
  const date = new Date(`${start}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + offset);
  return date.toISOString().slice(0, 10);
}
