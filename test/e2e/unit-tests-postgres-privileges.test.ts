import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describePg, freshSchema, pgQuery, PG_URL } from '../helpers/postgres.js';
import { makeProject, weir } from '../helpers/project.js';

/**
 * dbt runs unit tests with no more than a build needs. On PostgreSQL weir's fixtures are temporary
 * tables (the session's pg_temp, in a transaction rolled back), so a role that may only write its own
 * schema runs them: no CREATE on the database, nothing left behind.
 */
describePg('unit tests on PostgreSQL with a least-privilege role', () => {
  let role = '';
  let schema = '';
  beforeEach(async () => {
    role = `weir_unit_role_${randomBytes(4).toString('hex')}`;
    schema = freshSchema();
    await pgQuery(`create role ${role} login`);
    await pgQuery(`create schema ${schema} authorization ${role}`);
  });
  afterEach(async () => {
    await pgQuery(`drop schema if exists ${schema} cascade`);
    await pgQuery(`drop role if exists ${role}`);
  });

  it('need no CREATE on the database and leave no schema or table', async () => {
    const url = new URL(PG_URL!);
    url.username = role;
    url.password = '';
    const canCreate = await pgQuery(`select has_database_privilege('${role}', current_database(), 'CREATE') as c`);
    expect(canCreate[0]!.c).toBe(false);
    const dir = makeProject({
      'project.yml': `name: shop\ntargets:\n  dev:\n    type: postgres\n    url: "${url.toString()}"\n    schema: ${schema}\n`,
      'models/numbers.sql': 'select 1 as n union all select 2',
      'models/doubled.sql': "select n, n * 2 as twice from {{ ref('numbers') }}",
      'models/unit.yml': [
        'unit_tests:',
        '  - name: doubles',
        '    model: doubled',
        "    given: [{input: ref('numbers'), rows: [{n: 3}, {n: 4}]}]",
        '    expect: {rows: [{n: 3, twice: 6}, {n: 4, twice: 8}]}',
        '  - name: doubles_wrongly',
        '    model: doubled',
        "    given: [{input: ref('numbers'), rows: [{n: 5}]}]",
        '    expect: {rows: [{n: 5, twice: 11}]}',
        '',
      ].join('\n'),
    });
    const run = weir(['build', '--threads', '2'], dir);
    expect(run.stdout).toContain('PASS doubles');
    expect(run.stdout).toMatch(/FAIL 2 doubles_wrongly/);
    expect(run.output).not.toMatch(/permission denied/);
    // The failed unit test skips its model; numbers was built by the role into its own schema.
    expect(await pgQuery(`select count(*)::int as n from ${schema}.numbers`)).toEqual([{ n: 2 }]);
    const left = await pgQuery(`select nspname from pg_namespace where nspname like 'weir_unit%'`
      + ` union all select relname from pg_class where relname like 'weir_unit%' and relpersistence = 't'`);
    expect(left).toEqual([]);
  }, 90_000);
});
