import { describe, expect, it, afterAll } from 'vitest';
import { describePg, dropSchemas, freshSchema } from '../helpers/postgres.js';
import { weir } from '../helpers/project.js';
import { copyJaffle, jaffleCsv, jafflePgEnv } from './fixture.js';

/**
 * -q/--quiet, --log-level, --warn-error, --warn-error-options, -x and --resource-type on build, as
 * a dbt user types them, on the jaffle fixture with one warn-severity singular test that fails
 * once per returned order.
 */
const RETURNED = jaffleCsv('raw_orders').filter((o) => o.status === 'returned').length;
const WARN_TEST = {
  'tests/no_returned_orders.sql': "{{ config(severity='warn') }}\nselect * from {{ ref('orders') }} where status = 'returned'\n",
};

function checks(env: Record<string, string>) {
  it('turns a warning test into a failure with --warn-error, and back with --warn-error-options warn', () => {
    const dir = copyJaffle(WARN_TEST);
    const plain = weir(['build'], dir, env);
    expect(plain.code, plain.output).toBe(0);
    expect(plain.output).toMatch(new RegExp(`WARN ${RETURNED} .*no_returned_orders`));
    expect(plain.output).toMatch(/PASS=24 WARN=1 ERROR=0/);

    const strict = weir(['build', '--warn-error'], dir, env);
    expect(strict.code).toBe(1);
    expect(strict.output).toMatch(new RegExp(`FAIL ${RETURNED} .*no_returned_orders`));
    expect(strict.output).toMatch(/PASS=24 WARN=0 ERROR=1/);

    const options = weir(['build', '--warn-error-options', '{"error": "all", "warn": ["LogTestResult"]}'], dir, env);
    expect(options.code, options.output).toBe(0);
    expect(options.output).toMatch(/PASS=24 WARN=1 ERROR=0/);
    const included = weir(['test', '--warn-error-options', '{include: [LogTestResult]}', '-s', 'no_returned_orders'], dir, env);
    expect(included.code).toBe(1);
  }, 120_000);

  it('stops before building when a selection warning is an error, and names the option', () => {
    const dir = copyJaffle();
    expect(weir(['seed'], dir, env).code).toBe(0);
    const run = weir(['run', '-s', 'stg_order', '--warn-error'], dir, env);
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/The selection criterion 'stg_order' does not match any node; did you mean .*'stg_orders'/);
    expect(run.output).toContain('--warn-error turns this warning (NoNodesForSelectionCriteria) into an error');
    expect(run.output).not.toMatch(/START/);
    const allowed = weir(['run', '-s', 'stg_order', 'stg_orders', '--warn-error-options', '{error: all, warn: [NoNodesForSelectionCriteria]}'], dir, env);
    expect(allowed.code, allowed.output).toBe(0);
    expect(allowed.output).toMatch(/Warning: The selection criterion 'stg_order'/);
    const silenced = weir(['run', '-s', 'stg_order', 'stg_orders', '--warn-error-options', '{silence: [NoNodesForSelectionCriteria]}'], dir, env);
    expect(silenced.output).not.toContain("'stg_order'");
    const bad = weir(['run', '--warn-error-options', '{errors: all}'], dir, env);
    expect(bad.code).toBe(2);
    expect(bad.output).toContain("--warn-error-options: unknown key 'errors'");
  }, 120_000);

  it('-q shows only errors, --log-level warn hides progress but not warnings; ls still lists', () => {
    const dir = copyJaffle(WARN_TEST);
    const quiet = weir(['-q', 'build'], dir, env);
    expect(quiet.code, quiet.output).toBe(0);
    expect(quiet.output.trim()).toBe('');
    const warnLevel = weir(['build', '--log-level', 'warn'], dir, env);
    expect(warnLevel.output).not.toMatch(/START|PASS=/);
    expect(warnLevel.output).toMatch(/WARN \d+ .*no_returned_orders/);
    const failing = copyJaffle({ 'models/staging/stg_orders.sql': 'select nope from {{ ref("raw_orders") }}' });
    const quietFailure = weir(['build', '--quiet'], failing, env);
    expect(quietFailure.code).toBe(1);
    expect(quietFailure.output).toContain("model 'stg_orders' (models/staging/stg_orders.sql) failed");
    expect(quietFailure.output).not.toMatch(/START|OK /);
    expect(weir(['--quiet', 'ls', '-s', 'stg_orders', '--resource-type', 'model', '--output', 'name'], dir, env).stdout).toBe('stg_orders\n');
    expect(weir(['ls', '--log-level', 'loud'], dir, env).code).toBe(2);
  }, 120_000);

  it('-x stops at the first failure; --resource-type narrows what build builds', () => {
    const failing = copyJaffle({ 'models/staging/stg_orders.sql': 'select nope from {{ ref("raw_orders") }}' });
    const run = weir(['build', '-x', '--threads', '1'], failing, env);
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/SKIP=[1-9]/);
    const dir = copyJaffle();
    const seeds = weir(['build', '--resource-type', 'seed'], dir, env);
    expect(seeds.output).toMatch(/PASS=3 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=3/);
    const noTests = weir(['build', '--exclude-resource-type', 'test'], dir, env);
    expect(noTests.output).toMatch(/PASS=8 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=8/);
  }, 120_000);
}

describe('log and warning flags on DuckDB', () => checks({}));

describePg('log and warning flags on PostgreSQL', (url) => {
  const schema = freshSchema('weir_flags');
  afterAll(() => dropSchemas(schema));
  checks(jafflePgEnv(url, schema));
});
