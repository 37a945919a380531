import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { makeProject, weir } from '../helpers/project.js';

const PROJECT = {
  'dbt_project.yml': 'name: shop\nprofile: shop\n',
  'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: dev.duckdb\n',
  'seeds/raw.csv': 'id\n1\n',
  'models/orders.sql': "select id from {{ ref('raw') }}",
};

/** A CI script written for dbt passes dbt's global flags; weir takes them rather than stopping at "unknown option". */
it("takes dbt's global flags: --target-path, -d/--debug, --resource-types, and the ones about dbt-core itself", () => {
  const dir = makeProject(PROJECT);
  const run = weir(['build', '--target-path', 'ci-target', '-d', '--no-use-colors', '--no-version-check', '--no-send-anonymous-usage-stats',
    '--printer-width', '80', '--static-parser', '--partial-parse', '--no-introspect', '--cache-selected-only', '--resource-types', 'seed', 'model'], dir);
  expect(run.code, run.output).toBe(0);
  expect(run.stdout).toContain('PASS=2');
  expect(existsSync(join(dir, 'ci-target', 'run_results.json'))).toBe(true);
  expect(existsSync(join(dir, 'target', 'run_results.json'))).toBe(false);
  // -d is --verbose: debug events are shown (and only then).
  expect(run.stdout).toContain('partial parse:');
  expect(weir(['run'], dir).stdout).not.toContain('partial parse:');

  const fromEnv = weir(['run', '-q'], dir, { DBT_TARGET_PATH: 'env-target' });
  expect(fromEnv.code, fromEnv.output).toBe(0);
  expect(existsSync(join(dir, 'env-target', 'manifest.json'))).toBe(true);

  // What weir does not do yet is said, not ignored.
  const noPrint = weir(['run', '--no-print', '--no-write-json'], dir);
  expect(noPrint.code).toBe(0);
  expect(noPrint.output).toContain('weir does not support --no-print yet');
  expect(noPrint.output).toContain('weir does not support --no-write-json yet');

  const listed = weir(['ls', '--exclude-resource-types', 'model'], dir);
  expect(listed.stdout.trim()).toBe('shop.raw');

  // dbt 1.5's `compile --inline`: printed as dbt prints it, nothing written.
  const inline = weir(['compile', '--inline', "select id from {{ ref('orders') }} where {{ 1 + 1 }} = 2"], dir);
  expect(inline.code, inline.output).toBe(0);
  // dbt-duckdb names it with the database, the file's name: "dev"."main"."orders".
  expect(inline.stdout).toContain('Compiled inline node is:\nselect id from "dev"."main"."orders" where 2 = 2');
}, 60_000);
