import type { Dialect, RelationRef, Session } from '../adapters/types.js';

/** How two relations of one engine differ, computed by the engine (one full outer join on the key). */
export interface DataDiff {
  readonly rowsA: number;
  readonly rowsB: number;
  readonly onlyInA: number;
  readonly onlyInB: number;
  /** Rows whose key is in both and some compared column differs. */
  readonly changed: number;
  /** Per compared column, how many matched rows differ in it (null-safe). */
  readonly columns: Readonly<Record<string, number>>;
  readonly columnsOnlyInA: readonly string[];
  readonly columnsOnlyInB: readonly string[];
  /** A few keys only in A, only in B, and changed rows with both values of each differing column. */
  readonly samples: { readonly onlyInA: unknown[]; readonly onlyInB: unknown[]; readonly changed: unknown[] };
}

export interface DiffInput {
  readonly a: RelationRef;
  readonly b: RelationRef;
  readonly key: readonly string[];
  readonly columnsA: readonly string[];
  readonly columnsB: readonly string[];
  readonly sampleSize: number;
}

/** Runs the diff as SQL on one session: nothing but counts and a few sample rows reach Node. */
export async function diffRelations(session: Session, dialect: Dialect, input: DiffInput): Promise<DataDiff> {
  const q = dialect.quoteIdentifier;
  const inB = new Set(input.columnsB.map((c) => c.toLowerCase()));
  const inA = new Set(input.columnsA.map((c) => c.toLowerCase()));
  const keys = new Set(input.key.map((k) => k.toLowerCase()));
  const compared = input.columnsA.filter((c) => inB.has(c.toLowerCase()) && !keys.has(c.toLowerCase()));
  const differs = (c: string) => `a.${q(c)} is distinct from b.${q(c)}`;
  const both = 'a.__weir_a is not null and b.__weir_b is not null';
  const anyDiffers = compared.length ? `(${compared.map(differs).join(' or ')})` : 'false';
  const joined = `(select *, 1 as __weir_a from ${dialect.relation(input.a)}) as a full outer join (select *, 1 as __weir_b from ${dialect.relation(input.b)}) as b on ${input.key.map((k) => `a.${q(k)} = b.${q(k)}`).join(' and ')}`;
  const counts = [
    'count(a.__weir_a) as rows_a', 'count(b.__weir_b) as rows_b',
    'count(*) filter (where b.__weir_b is null) as only_a', 'count(*) filter (where a.__weir_a is null) as only_b',
    `count(*) filter (where ${both} and ${anyDiffers}) as changed`,
    ...compared.map((c, i) => `count(*) filter (where ${both} and ${differs(c)}) as d${i}`),
  ];
  const row = (await session.query(`select ${counts.join(', ')} from ${joined}`)).rows[0]!;
  const n = (v: unknown) => Number(v ?? 0);
  const keyOf = (side: 'a' | 'b') => input.key.map((k) => `${side}.${q(k)} as ${q(k)}`).join(', ');
  const sample = async (where: string, select: string) =>
    n(row.rows_a) + n(row.rows_b) === 0 ? [] : (await session.query(`select ${select} from ${joined} where ${where} order by 1 limit ${input.sampleSize}`)).rows as unknown[];
  const changedColumns = compared.flatMap((c) => [`a.${q(c)} as ${q(`${c} (a)`)}`, `b.${q(c)} as ${q(`${c} (b)`)}`]);
  return {
    rowsA: n(row.rows_a), rowsB: n(row.rows_b), onlyInA: n(row.only_a), onlyInB: n(row.only_b), changed: n(row.changed),
    columns: Object.fromEntries(compared.map((c, i) => [c, n(row[`d${i}`])])),
    columnsOnlyInA: input.columnsA.filter((c) => !inB.has(c.toLowerCase())),
    columnsOnlyInB: input.columnsB.filter((c) => !inA.has(c.toLowerCase())),
    samples: {
      onlyInA: await sample('b.__weir_b is null', keyOf('a')),
      onlyInB: await sample('a.__weir_a is null', keyOf('b')),
      changed: n(row.changed) ? await sample(`${both} and ${anyDiffers}`, [keyOf('a'), ...changedColumns].join(', ')) : [],
    },
  };
}
