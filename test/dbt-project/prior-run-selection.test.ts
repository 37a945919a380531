import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describePg, dropSchemas, freshSchema } from '../helpers/postgres.js';
import { weir } from '../helpers/project.js';
import { copyShop, duckdbEngine, postgresEngine, query, readJson, type Engine } from './shop-fixture.js';

/**
 * dbt's retry workflow on test/dbt-project/shop: a build where one model fails, its target kept as
 * target-old, the model fixed, then `-s result:error+ --state target-old` builds only it and what
 * depends on it. And `source_status:fresher` against sources.json files.
 */
const BROKEN = 'select customer_id, no_such_column from {{ ref(\'customer_orders\') }}\n';
const FIXED = "select customer_id, total_amount * 2 as doubled from {{ ref('customer_orders') }}\n";

/** What ls printed, without the log's warnings (the fixture's semantic layer is one). */
const lines = (stdout: string) => stdout.split('\n').filter(Boolean);

async function retry(engine: Engine) {
  const dir = copyShop();
  writeFileSync(join(dir, 'models/marts/spend.sql'), BROKEN);
  writeFileSync(join(dir, 'models/marts/top_spend.sql'), "select * from {{ ref('spend') }} where doubled > 0\n");
  const first = engine.build(dir);
  expect(first.code).not.toBe(0);
  const firstResults = readJson(dir, 'target/run_results.json').results;
  const status = (id: string) => firstResults.find((r: any) => r.unique_id === id)?.status;
  expect([status('model.shop.spend'), status('model.shop.top_spend'), status('model.shop.customer_orders')]).toEqual(['error', 'skipped', 'success']);
  cpSync(join(dir, 'target'), join(dir, 'target-old'), { recursive: true });

  writeFileSync(join(dir, 'models/marts/spend.sql'), FIXED);
  const second = engine.build(dir, ['build', '-s', 'result:error+', '--state', join(dir, 'target-old')]);
  expect(second.code).toBe(0);
  expect(readJson(dir, 'target/run_results.json').results.map((r: any) => r.unique_id).sort()).toEqual(['model.shop.spend', 'model.shop.top_spend']);
  const rows = await query(engine, dir, `select count(*) as n from "${engine.schema}"."top_spend"`);
  expect(Number(rows[0]!.n)).toBeGreaterThan(0);
  // The skipped one, by its own status.
  const listed = weir(['ls', '-s', 'result:skipped', '--state', join(dir, 'target-old'), '--output', 'name'], dir);
  expect(lines(listed.stdout)).toEqual(['top_spend']);
}

describe('result: and source_status: against --state on DuckDB', () => {
  it('-s result:error+ --state target-old rebuilds the failed model and its descendants only', async () => {
    await retry(duckdbEngine());
  }, 120_000);

  it('source_status:fresher compares max_loaded_at in target/sources.json with --state\'s', () => {
    const dir = copyShop();
    const sources = (customers: string, payments: string) => JSON.stringify({
      metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/sources/v3.json' },
      results: [
        { unique_id: 'source.shop.app.customers', max_loaded_at: customers, status: 'pass' },
        { unique_id: 'source.shop.app.payments', max_loaded_at: payments, status: 'pass' },
      ],
    });
    cpSync(join(dir, 'seeds'), join(dir, 'old'), { recursive: true }); // any folder; it gets the files below
    expect(weir(['compile'], dir).code).toBe(0);
    for (const file of ['manifest.json', 'weir_manifest.json']) cpSync(join(dir, 'target', file), join(dir, 'old', file));
    writeFileSync(join(dir, 'old/sources.json'), sources('2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'));
    const ls = (...select: string[]) => weir(['ls', '-s', ...select, '--state', join(dir, 'old'), '--output', 'selector'], dir);
    const missing = ls('source_status:fresher');
    expect(missing.code).not.toBe(0);
    expect(missing.output).toMatch(/'source_status:fresher': 'source_status:' compares two freshness checks, but there is no .*target\/sources.json: run weir source freshness first/);
    writeFileSync(join(dir, 'target/sources.json'), sources('2024-01-02T00:00:00Z', '2024-01-01T00:00:00Z'));
    expect(lines(ls('source_status:fresher').stdout)).toEqual(['source:shop.app.customers']);
    const noResults = ls('result:error');
    expect(noResults.output).toMatch(/'result:' reads the statuses of an earlier run, but there is no .*old\/run_results.json: copy that run's target\/run_results.json there/);
  }, 60_000);
});

describePg('result: against --state on PostgreSQL', (url) => {
  const schema = freshSchema('weir_retry');
  afterAll(() => dropSchemas(schema));
  it('-s result:error+ --state target-old rebuilds the failed model and its descendants only', async () => {
    await retry(postgresEngine(url, schema));
  }, 120_000);
});
