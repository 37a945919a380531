import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { makeProject, weir } from '../helpers/project.js';

/** dbt's analyses are compiled, never run: `dbt build` lists no analysis among its results or counts. */
it('build compiles a dbt analysis but neither runs nor counts it, as dbt build', () => {
  const dir = makeProject({
    'dbt_project.yml': 'name: shop\nprofile: shop\nanalysis-paths: ["analysis"]\n',
    'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: target/dev.duckdb\n',
    'models/orders.sql': 'select 1 as id',
    // Snowflake SQL: running it on DuckDB would fail.
    'analysis/spend.sql': "select dateadd(days, -30, current_date) as d from {{ ref('orders') }}",
  });
  const run = weir(['build'], dir);
  expect(run.code, run.output).toBe(0);
  expect(run.stdout).toContain('PASS=1 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=1');
  const results = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')).results.map((r: { unique_id: string }) => r.unique_id);
  expect(results).toEqual(['model.shop.orders']);
  expect(readFileSync(join(dir, 'target/compiled/shop/analysis/spend.sql'), 'utf8')).toContain('dateadd(days, -30, current_date)');
  expect(existsSync(join(dir, 'target/manifest.json'))).toBe(true);
}, 60_000);
