import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createDuckDbAdapter } from '../../src/adapters/duckdb/adapter.js';
import { createPostgresAdapter } from '../../src/adapters/postgres/adapter.js';
import { createTrinoAdapter } from '../../src/adapters/trino/adapter.js';
import type { Adapter } from '../../src/adapters/types.js';
import { describePg, freshSchema, withFreshDatabase } from '../helpers/postgres.js';
import { describeTrino, dropTrinoSchemas, trinoQuery, trinoTarget } from '../helpers/trino.js';
import { copyExample } from '../helpers/example-data.js';
import { weir } from '../helpers/project.js';
import { rowChecksum } from '../helpers/row-checksum.js';

async function fingerprints(adapter: Adapter, relations: ReadonlyArray<[string, string]>) {
  const out: Record<string, { count: number; checksum: string }> = {};
  try {
    for (const [name, relation] of relations) {
      out[name] = rowChecksum((await adapter.withSession((s) => s.query(`select * from ${relation}`))).rows);
    }
  } finally {
    await adapter.close();
  }
  return out;
}

/** The models and seeds a build made, as [name, relation], from its manifest. */
function built(dir: string): Array<[string, string]> {
  const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8'));
  return Object.values(manifest.nodes as Record<string, { resource_type: string; name: string; relation_name: string | null }>)
    .filter((n) => (n.resource_type === 'model' || n.resource_type === 'seed') && n.relation_name)
    .map((n): [string, string] => [n.name, n.relation_name!])
    .sort();
}

/** The example built on DuckDB: its relations and their fingerprints, the reference for other engines. */
async function duckDbReference() {
  const duck = copyExample('weir-parity-');
  const onDuck = weir(['build'], duck);
  expect(onDuck.output).toMatch(/Completed successfully/);
  const relations = built(duck);
  expect(relations.length).toBeGreaterThan(10);
  const prints = await fingerprints(await createDuckDbAdapter({ type: 'duckdb' }, { projectRoot: duck, threads: 1 }), relations);
  for (const [name] of relations) expect(prints[name]!.count, `${name} has rows`).toBeGreaterThan(0);
  return { relations, prints };
}

describePg('the example project on DuckDB and on PostgreSQL', (url) => {
  it('builds with the same rows in every model and seed', async () => {
    // A database of its own: the sources append to fixed raw_* schemas, which a shared database would
    // carry over from earlier runs.
    await withFreshDatabase('weir_parity', async (dbUrl) => {
      const pg = copyExample('weir-parity-');
      const onPg = weir(['build', '--target', 'pg'], pg, { WEIR_PG_URL: dbUrl, WEIR_PG_SCHEMA: 'analytics' });
      expect(onPg.output).toMatch(/Completed successfully/);
      expect(onPg.code).toBe(0);
      const duck = await duckDbReference();
      const pgRelations = built(pg);
      expect(pgRelations.map(([n]) => n)).toEqual(duck.relations.map(([n]) => n));
      const pgPrints = await fingerprints(await createPostgresAdapter({ type: 'postgres', url: dbUrl, schema: 'analytics' }, { projectRoot: pg, threads: 1 }), pgRelations);
      expect(pgPrints).toEqual(duck.prints);
    }, url);
  }, 120_000);
});

describeTrino('the example project on DuckDB and on a Trino cluster', () => {
  const schema = freshSchema('weir_parity');
  afterAll(async () => {
    await dropTrinoSchemas(schema);
  });

  // Sources ingested (API replays and CSV files) into Iceberg tables, seeds, every model, data and unit tests.
  it('builds with the same rows in every model and seed', async () => {
    const dir = copyExample('weir-parity-');
    // The example's sources land in fixed raw_* schemas and some append on every run; the cluster's warehouse
    // outlives test runs (it is in the cache), so start them empty as DuckDB's fresh file does.
    for (const row of await trinoQuery("select schema_name from information_schema.schemata where schema_name like 'raw\\_%' escape '\\'")) {
      await trinoQuery(`drop schema if exists "${String(row.schema_name)}" cascade`);
    }
    const target = trinoTarget(schema);
    const onTrino = weir(['build', '--target', 'trino'], dir, { WEIR_TRINO_HOST: target.host, WEIR_TRINO_PORT: String(target.port), WEIR_TRINO_SCHEMA: schema });
    expect(onTrino.output).toMatch(/Completed successfully/);
    expect(onTrino.code).toBe(0);
    const duck = await duckDbReference();
    const trinoRelations = built(dir);
    expect(trinoRelations.map(([n]) => n)).toEqual(duck.relations.map(([n]) => n));
    const trinoPrints = await fingerprints(await createTrinoAdapter(target, { projectRoot: dir, threads: 1 }), trinoRelations);
    expect(trinoPrints).toEqual(duck.prints);
  }, 600_000);
});
