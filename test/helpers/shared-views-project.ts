import pg from 'pg';
import { makeProject, writeFiles } from './project.js';

/**
 * A small project shaped like the example where PostgreSQL rebuilds used to fail: three ingested
 * tables and a seed, views that join two of them (so two ingest swaps share a view), a view on a
 * view, tables and an incremental model built on those, and views on the tables. Only `t1` changes
 * between builds (`setT1Rows`), so every relation's count is t1's, a constant, or a known function.
 */
export function sharedViewsProject(schema: string): string {
  const raw = `${schema}_raw`;
  const dir = makeProject({
    'project.yml': `name: shared\ntargets:\n  dev:\n    type: postgres\n    url: "{{ env_var('WEIR_PG_URL') }}"\n    schema: ${schema}\n`,
    'sources/raw.yml': `version: 2\nsources:\n  - name: raw\n    schema: ${raw}\n    tables:\n${['t1', 't2', 't3'].map((t) =>
      `      - name: ${t}\n        ingest:\n          file: {path: data/${t}.csv, format: csv}\n          write_disposition: replace\n`).join('')}`,
    'data/t2.csv': `id,name\n${Array.from({ length: 50 }, (_, i) => `${i + 1},name ${i + 1}`).join('\n')}\n`,
    'data/t3.csv': `id,t2_id\n${Array.from({ length: 30 }, (_, i) => `${i + 1},${(i % 50) + 1}`).join('\n')}\n`,
    'seeds/colours.csv': 'id,colour\n1,red\n2,green\n3,blue\n',
    'models/stg_t1.sql': "select id, amount from {{ source('raw', 't1') }}",
    'models/t1_t2.sql': "select t1.id, t1.amount, t2.name from {{ source('raw', 't1') }} as t1 join {{ source('raw', 't2') }} as t2 on t2.id = t1.id % 50 + 1",
    'models/t2_t3.sql': "select t3.id, t2.name from {{ source('raw', 't3') }} as t3 join {{ source('raw', 't2') }} as t2 on t2.id = t3.t2_id",
    'models/t1_colours.sql': "select t1.id, c.colour from {{ ref('stg_t1') }} as t1 join {{ ref('colours') }} as c on c.id = t1.id % 3 + 1",
    'models/chain.sql': "select * from {{ ref('t1_t2') }} where amount >= 0",
    'models/wide.sql': "{{ config(materialized='table') }}\nselect c.*, (select count(*) from {{ ref('t2_t3') }}) as pairs from {{ ref('chain') }} as c",
    'models/wide_colours.sql': "{{ config(materialized='table') }}\nselect w.id, tc.colour from {{ ref('wide') }} as w join {{ ref('t1_colours') }} as tc on tc.id = w.id",
    'models/top.sql': "select w.*, wc.colour from {{ ref('wide') }} as w join {{ ref('wide_colours') }} as wc on wc.id = w.id",
    'models/inc.sql': "{{ config(materialized='incremental', unique_key='id') }}\nselect id, amount from {{ ref('stg_t1') }}",
  });
  setT1Rows(dir, 100);
  return dir;
}

/** Rewrites the t1 file with `rows` rows (ids 1..rows). */
export function setT1Rows(dir: string, rows: number): void {
  writeFiles(dir, { 'data/t1.csv': `id,amount\n${Array.from({ length: rows }, (_, i) => `${i + 1},${(i * 7) % 100}`).join('\n')}\n` });
}

/** Every relation the project builds, quoted. */
export function sharedViewsRelations(schema: string): string[] {
  return [
    ...['t1', 't2', 't3'].map((t) => `"${schema}_raw"."${t}"`),
    ...['colours', 'stg_t1', 't1_t2', 't2_t3', 't1_colours', 'chain', 'wide', 'wide_colours', 'top', 'inc'].map((m) => `"${schema}"."${m}"`),
  ];
}

/** The row count of each relation, read outside weir. */
export async function countAll(url: string, relations: readonly string[]): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const counts = new Map<string, number>();
    for (const relation of relations) counts.set(relation, Number((await client.query(`select count(*) as n from ${relation}`)).rows[0].n));
    return counts;
  } finally {
    await client.end();
  }
}

export interface ReaderLog {
  readonly queries: number;
  readonly errors: readonly string[];
  /** Counts that match no state the query could have seen. */
  readonly wrong: readonly string[];
}

/**
 * Reader connections that loop `select count(*)` over every relation until stopped, as a
 * dashboard would during builds. `states` gets the counts measured while no build runs (before the
 * first build and after each one); a query that starts when it has n entries and ends when it has
 * m must see one of states n-1..m (a build running at its end counts with its after-state).
 */
export function startReaders(url: string, relations: readonly string[], readers: number, states: ReadonlyArray<Map<string, number>>) {
  const seen: Array<{ relation: string; n: number; from: number; to: number }> = [];
  const errors: string[] = [];
  let stopping = false;
  const loops = Array.from({ length: readers }, async (_, r) => {
    const client = new pg.Client({ connectionString: url, application_name: 'weir-test-reader' });
    await client.connect();
    try {
      for (let i = r; !stopping; i++) {
        const relation = relations[i % relations.length]!;
        const from = states.length;
        try {
          const n = Number((await client.query(`select count(*) as n from ${relation}`)).rows[0].n);
          seen.push({ relation, n, from, to: states.length });
        } catch (error) {
          errors.push(`${relation}: ${(error as Error).message}`);
        }
      }
    } finally {
      await client.end();
    }
  });
  return {
    /** Stops the readers; call after the state following the last build is in `states`. */
    async stop(): Promise<ReaderLog> {
      stopping = true;
      await Promise.all(loops);
      const wrong = seen.filter((q) => !states.slice(Math.max(0, q.from - 1), q.to + 1).some((s) => s.get(q.relation) === q.n))
        .map((q) => `${q.relation}: ${q.n}, expected one of ${states.slice(Math.max(0, q.from - 1), q.to + 1).map((s) => s.get(q.relation)).join(', ')}`);
      return { queries: seen.length + errors.length, errors, wrong };
    },
  };
}
