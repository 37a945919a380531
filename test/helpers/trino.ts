import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { createTrinoAdapter } from '../../src/adapters/trino/adapter.js';

/**
 * Trino tests read WEIR_TRINO_URL (a cluster from `scripts/services start trino`). Without it they
 * skip LOUDLY, unless WEIR_REQUIRE_TRINO=1 (as in CI), where the missing cluster is a failure.
 */
export const TRINO_URL = process.env.WEIR_TRINO_URL;

export function describeTrino(name: string, body: (url: string) => void): void {
  if (TRINO_URL) {
    describe(name, () => body(TRINO_URL));
    return;
  }
  if (process.env.WEIR_REQUIRE_TRINO === '1') {
    describe(name, () => it('needs a Trino cluster', () => {
      throw new Error('WEIR_REQUIRE_TRINO=1 but WEIR_TRINO_URL is not set: run eval "$(scripts/services start trino)" first');
    }));
    return;
  }
  console.warn(`\n!!! SKIPPING Trino tests "${name}": WEIR_TRINO_URL is not set. Run eval "$(scripts/services start trino)" to run them !!!\n`);
  describe.skip(name, () => body('http://skipped:8080'));
}

/** The target block fields for the test cluster, in a schema of the Iceberg catalog. */
export function trinoTarget(schema: string): { type: 'trino'; host: string; port: number; schema: string; catalog: string } {
  const url = new URL(TRINO_URL ?? 'http://127.0.0.1:8080');
  return { type: 'trino', host: url.hostname, port: Number(url.port || 8080), schema, catalog: 'iceberg' };
}

/** Runs SQL on the test cluster outside a project (set-up, checks, clean-up). */
export async function trinoQuery(sql: string): Promise<Array<Record<string, unknown>>> {
  const adapter = await createTrinoAdapter(trinoTarget('default'), { projectRoot: process.cwd(), threads: 1 });
  try {
    return (await adapter.withSession((s) => s.query(sql))).rows as Array<Record<string, unknown>>;
  } finally {
    await adapter.close();
  }
}

/** Drops the schema and every schema weir derived from it, with their tables and views. */
export async function dropTrinoSchemas(schema: string): Promise<void> {
  const rows = await trinoQuery(`select schema_name from information_schema.schemata where schema_name = '${schema}' or schema_name like '${schema}\\_%' escape '\\'`);
  for (const row of rows) await trinoQuery(`drop schema if exists "${String(row.schema_name)}" cascade`);
}

/**
 * The staging folder of the local cluster (scripts/services: a Hive catalog reading the Iceberg
 * warehouse's `staging` folder), as a target's `staging` block; WEIR_TRINO_STAGING_PATH and
 * WEIR_TRINO_STAGING_LOCATION name another cluster's.
 */
export function trinoStaging(): { path: string; location: string } {
  const cache = process.env.WEIR_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'weir-dev');
  return {
    path: process.env.WEIR_TRINO_STAGING_PATH ?? join(cache, 'trino/warehouse/staging'),
    location: process.env.WEIR_TRINO_STAGING_LOCATION ?? 'local:///staging',
  };
}
