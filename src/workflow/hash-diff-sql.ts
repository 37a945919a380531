import type { ColumnInfo, Dialect, RelationRef } from '../adapters/types.js';
import { valueFamily } from '../adapters/value-text.js';

/** One relation to compare, on its own engine: its catalog columns, the key and compared columns by its own names. */
export interface HashSide {
  readonly dialect: Dialect;
  readonly ref: RelationRef;
  readonly columns: readonly ColumnInfo[];
  readonly key: readonly string[];
  readonly compared: readonly string[];
}

/**
 * The SQL of the cross-engine diff on one side. Every value becomes canonical text (the engine's
 * rowHash), `v` + text or `n` for null (so null is not ''), joined by a unit separator; the key's
 * md5 picks the bucket, the row's md5 is summed per bucket as two 32-bit halves (order-independent,
 * no overflow below 2^31 rows a bucket). Engines agree on md5, so equal rows hash equal everywhere.
 */
export function hashDiffSql(side: HashSide) {
  const { dialect } = side;
  const q = dialect.quoteIdentifier;
  const relation = dialect.relation(side.ref);
  const typeOf = (name: string) => side.columns.find((c) => c.name === name)?.dataType ?? 'text';
  const canonical = (name: string) => `coalesce('v' || ${dialect.rowHash.canonicalText(q(name), valueFamily(typeOf(name)))}, 'n')`;
  const md5 = (text: string) => (dialect.md5 ? dialect.md5(text) : `md5(${text})`);
  const joined = (names: readonly string[]) => (names.length ? names.map(canonical).join(' || chr(31) || ') : "''");
  const keyText = joined(side.key);
  const hex = (from: number) => dialect.rowHash.hexToBigint(`substr(r, ${from}, 8)`);
  const literals = (values: Iterable<string>) => [...values].map(dialect.quoteLiteral).join(', ');
  const inPrefixes = (prefixes: ReadonlySet<string> | undefined, hash = 'kh') => {
    if (!prefixes) return '';
    const length = prefixes.values().next().value?.length ?? 1;
    // A semi-join on a VALUES list: engines hash it, where a long IN list is compared item by item.
    return ` where substr(${hash}, 1, ${length}) in (select p from (values ${[...prefixes].map((p) => `(${dialect.quoteLiteral(p)})`).join(', ')}) as v(p))`;
  };
  return {
    count: `select cast(count(*) as varchar) as n from ${relation}`,
    /** Per bucket (the first `digits` hex digits of the key's md5, within `prefixes`): rows and the two sums. */
    buckets: (digits: number, prefixes?: ReadonlySet<string>) =>
      `select substr(kh, 1, ${digits}) as b, cast(count(*) as varchar) as n, cast(sum(${hex(1)}) as varchar) as s1, cast(sum(${hex(9)}) as varchar) as s2\n`
      + `from (select ${md5(keyText)} as kh, ${md5(joined([...side.key, ...side.compared]))} as r from ${relation}) as t${inPrefixes(prefixes)}\ngroup by substr(kh, 1, ${digits})`,
    /**
     * Each row of these buckets: its key as canonical text (`__weir_k`), 8 hex digits of each
     * compared column's md5 (`__weir_c`) and, `withValues`, the key and compared columns themselves.
     * The buckets are picked first, so only their rows pay for the column hashes.
     */
    rows: (prefixes: ReadonlySet<string>, limit: number, withValues: boolean) => {
      const columnHashes = side.compared.length ? side.compared.map((c) => `substr(${md5(canonical(c))}, 1, 8)`).join(' || ') : "''";
      const values = withValues ? `${[...side.key, ...side.compared].map(q).join(', ')}, ` : '';
      return `select ${values}${keyText} as __weir_k, ${columnHashes} as __weir_c\nfrom (select *, ${md5(keyText)} as __weir_kh from ${relation}) as t${inPrefixes(prefixes, '__weir_kh')}\nlimit ${limit}`;
    },
    /** The rows with these canonical keys, with the key as `__weir_k`. */
    sample: (keys: readonly string[], names: readonly string[]) =>
      `select ${names.map(q).join(', ')}, ${keyText} as __weir_k from ${relation} where ${keyText} in (${literals(keys)})`,
  };
}
