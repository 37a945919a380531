import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createDuckDbAdapter } from '../../src/adapters/duckdb/adapter.js';
import { createPostgresAdapter } from '../../src/adapters/postgres/adapter.js';
import type { Adapter } from '../../src/adapters/types.js';
import { describePg, dropSchemas, freshSchema } from '../helpers/postgres.js';
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

describePg('the example project on DuckDB and on PostgreSQL', (url) => {
  const schema = freshSchema('weir_parity');
  afterAll(async () => {
    await dropSchemas(schema);
  });

  it('builds with the same rows in every model and seed', async () => {
    const duck = copyExample('weir-parity-');
    const pg = copyExample('weir-parity-');
    const onDuck = weir(['build'], duck);
    expect(onDuck.output).toMatch(/Completed successfully/);
    const onPg = weir(['build', '--target', 'pg'], pg, { WEIR_PG_URL: url, WEIR_PG_SCHEMA: schema });
    expect(onPg.output).toMatch(/Completed successfully/);
    expect(onPg.code).toBe(0);

    const built = (dir: string) => {
      const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8'));
      return Object.values(manifest.nodes as Record<string, { resource_type: string; name: string; relation_name: string | null }>)
        .filter((n) => (n.resource_type === 'model' || n.resource_type === 'seed') && n.relation_name)
        .map((n): [string, string] => [n.name, n.relation_name!])
        .sort();
    };
    const duckRelations = built(duck);
    const pgRelations = built(pg);
    expect(pgRelations.map(([n]) => n)).toEqual(duckRelations.map(([n]) => n));
    expect(duckRelations.length).toBeGreaterThan(10);

    const duckPrints = await fingerprints(await createDuckDbAdapter({ type: 'duckdb' }, { projectRoot: duck, threads: 1 }), duckRelations);
    const pgPrints = await fingerprints(await createPostgresAdapter({ type: 'postgres', url, schema }, { projectRoot: pg, threads: 1 }), pgRelations);
    for (const [name] of duckRelations) expect(duckPrints[name]!.count, `${name} has rows`).toBeGreaterThan(0);
    expect(pgPrints).toEqual(duckPrints);
  }, 120_000);
});
