import type { Session } from '../adapters/types.js';
import { UsageError } from '../core/errors.js';
import type { DataDiff } from './data-diff.js';
import { hashDiffSql, type HashSide } from './hash-diff-sql.js';

export interface HashDiffSide extends HashSide {
  readonly session: Session;
  /** How the user knows it (`"main"."orders" in dev`), for messages. */
  readonly label: string;
}

export interface HashDiffInput {
  readonly a: HashDiffSide;
  readonly b: HashDiffSide;
  readonly sampleSize: number;
  /** The most rows of one side to fetch (key + column hashes) from the buckets that differ. */
  readonly maxRows: number;
}

/** 16^3 buckets to start (16^4 above 65,536 rows); a differing bucket is split 16 ways until its rows are few enough to fetch. */
const FIRST_DIGITS = 3;
const LAST_DIGITS = 8;
const ROWS_PER_BUCKET = 16;
const VALUE_ROWS = 20_000;

/**
 * Compares two relations on different engines (or databases) without moving tables: each side
 * sums row hashes per key bucket, Node compares the buckets, and only the rows of differing
 * buckets come over (their key and a short hash per column), then a few sample rows.
 */
export async function hashDiff(input: HashDiffInput): Promise<DataDiff> {
  const { a, b } = input;
  const [sqlA, sqlB] = [hashDiffSql(a), hashDiffSql(b)];
  // Big tables start at 16^4 buckets (about 16 rows each at 1M rows), saving the split pass that 16^3 would need.
  const counts = await Promise.all([a, b].map(async (side) => Number((await side.session.query(hashDiffSql(side).count)).rows[0]?.n ?? 0)));
  let digits = Math.max(...counts) > 16 * 16 ** FIRST_DIGITS ? FIRST_DIGITS + 1 : FIRST_DIGITS;
  let [bucketsA, bucketsB] = await Promise.all([buckets(a.session, sqlA.buckets(digits)), buckets(b.session, sqlB.buckets(digits))]);
  const rowsA = total(bucketsA, bucketsA.keys());
  const rowsB = total(bucketsB, bucketsB.keys());
  let differing = differingBuckets(bucketsA, bucketsB);
  // Split while the differing buckets hold many rows each: a split costs one more grouped scan, and
  // narrows what comes to Node towards the rows that really differ.
  const worthSplitting = () => {
    const rows = Math.max(total(bucketsA, differing), total(bucketsB, differing));
    return rows > input.maxRows || rows > ROWS_PER_BUCKET * differing.size;
  };
  while (differing.size > 0 && digits < LAST_DIGITS && worthSplitting()) {
    digits += 1;
    [bucketsA, bucketsB] = await Promise.all([buckets(a.session, sqlA.buckets(digits, differing)), buckets(b.session, sqlB.buckets(digits, differing))]);
    differing = differingBuckets(bucketsA, bucketsB);
  }
  const tooMany = Math.max(total(bucketsA, differing), total(bucketsB, differing));
  if (tooMany > input.maxRows) {
    throw new UsageError(`${a.label} and ${b.label} differ in too many rows to list across engines: ${tooMany} rows fall in key buckets that differ, more than --max-rows ${input.maxRows}`, {
      hint: 'raise --max-rows (those rows\' keys and column hashes come into memory), or diff a narrower --select/--key',
    });
  }
  // Few rows: bring their values along and take the samples from them, saving a scan a side.
  // Values weigh more than hashes, so only within half the --max-rows budget.
  const withValues = tooMany <= Math.min(VALUE_ROWS, input.maxRows / 2);
  const [keyedA, keyedB] = differing.size
    ? await Promise.all([keyed(a, sqlA.rows(differing, input.maxRows + 1, withValues)), keyed(b, sqlB.rows(differing, input.maxRows + 1, withValues))])
    : [new Map<string, Keyed>(), new Map<string, Keyed>()];
  const onlyInA = [...keyedA.keys()].filter((k) => !keyedB.has(k)).sort();
  const onlyInB = [...keyedB.keys()].filter((k) => !keyedA.has(k)).sort();
  const changed: string[] = [];
  const columns = Object.fromEntries(a.compared.map((c) => [c, 0]));
  for (const [key, { hashes: hashesA }] of keyedA) {
    const hashesB = keyedB.get(key)?.hashes;
    if (hashesB === undefined || hashesB === hashesA) continue;
    changed.push(key);
    a.compared.forEach((c, i) => {
      if (hashesA.slice(i * 8, i * 8 + 8) !== hashesB.slice(i * 8, i * 8 + 8)) columns[c]! += 1;
    });
  }
  changed.sort();
  return {
    rowsA, rowsB, onlyInA: onlyInA.length, onlyInB: onlyInB.length, changed: changed.length, columns,
    columnsOnlyInA: [], columnsOnlyInB: [],
    samples: await samples(input, withValues ? [keyedA, keyedB] : undefined, onlyInA, onlyInB, changed),
  };
}

type Buckets = Map<string, { n: number; sums: string }>;

async function buckets(session: Session, sql: string): Promise<Buckets> {
  const { rows } = await session.query(sql);
  return new Map(rows.map((r) => [String(r.b), { n: Number(r.n), sums: `${String(r.n)}:${String(r.s1)}:${String(r.s2)}` }]));
}

function total(buckets: Buckets, names: Iterable<string>): number {
  let sum = 0;
  for (const name of names) sum += buckets.get(name)?.n ?? 0;
  return sum;
}

function differingBuckets(a: Buckets, b: Buckets): Set<string> {
  const names = new Set([...a.keys(), ...b.keys()]);
  return new Set([...names].filter((name) => a.get(name)?.sums !== b.get(name)?.sums));
}

interface Keyed {
  readonly hashes: string;
  readonly row: Record<string, unknown>;
}

/** Canonical key -> the row's column hashes (and values); a key twice means it does not identify a row. */
async function keyed(side: HashDiffSide, sql: string): Promise<Map<string, Keyed>> {
  const result = new Map<string, Keyed>();
  for (const row of (await side.session.query(sql)).rows) {
    const key = String(row.__weir_k);
    if (result.has(key)) {
      throw new UsageError(`${side.label} has more than one row with the same ${side.key.join(', ')}: the key must identify one row`, { hint: 'pass --key with the columns that make a row unique' });
    }
    result.set(key, { hashes: String(row.__weir_c ?? ''), row });
  }
  return result;
}

/** A few rows of each kind, shaped as the one-engine diff shapes them (keys; `col (a)` and `col (b)`). */
async function samples(input: HashDiffInput, fetched: [Map<string, Keyed>, Map<string, Keyed>] | undefined, onlyInA: string[], onlyInB: string[], changed: string[]): Promise<DataDiff['samples']> {
  const { a, b, sampleSize } = input;
  const fetch = async (side: HashDiffSide, keys: string[], names: readonly string[]) => {
    if (keys.length === 0) return new Map<string, Record<string, unknown>>();
    const known = fetched?.[side === a ? 0 : 1];
    if (known) return new Map(keys.flatMap((k) => (known.has(k) ? [[k, known.get(k)!.row] as const] : [])));
    const { rows } = await side.session.query(hashDiffSql(side).sample(keys, names));
    return new Map(rows.map((row) => [String(row.__weir_k), row]));
  };
  const keysOnly = async (side: HashDiffSide, keys: string[]) => {
    const rows = await fetch(side, keys.slice(0, sampleSize), side.key);
    return keys.slice(0, sampleSize).map((k) => rows.get(k)).filter((r) => r !== undefined).map((r) => pick(r, side.key, a.key));
  };
  const keys = changed.slice(0, sampleSize);
  const [rowsA, rowsB] = await Promise.all([fetch(a, keys, [...a.key, ...a.compared]), fetch(b, keys, [...b.key, ...b.compared])]);
  return {
    onlyInA: await keysOnly(a, onlyInA),
    onlyInB: await keysOnly(b, onlyInB),
    changed: keys.filter((k) => rowsA.has(k) && rowsB.has(k)).map((k) => {
      const [rowA, rowB] = [rowsA.get(k)!, rowsB.get(k)!];
      const row = pick(rowA, a.key, a.key);
      a.compared.forEach((c, i) => {
        row[`${c} (a)`] = value(rowA, c);
        row[`${c} (b)`] = value(rowB, b.compared[i]!);
      });
      return row;
    }),
  };
}

/** The row's `names` (its side's spelling) under `as` (A's spelling); engines may fold the case of names. */
function pick(row: Record<string, unknown>, names: readonly string[], as: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(names.map((name, i) => [as[i]!, value(row, name)]));
}

function value(row: Record<string, unknown>, name: string): unknown {
  return name in row ? row[name] : row[name.toLowerCase()];
}
