import { afterAll, describe, expect, it } from 'vitest';
import { queryDuckDb } from '../helpers/duckdb.js';
import { makeProject, weir } from '../helpers/project.js';
import { dbtPgProfiles, describePg, dropSchemas, freshSchema } from '../helpers/postgres.js';

/**
 * An ephemeral model that asks the warehouse (dbt_utils.star, a date spine sized by a query, as in
 * fivetran/dbt_jira) is rendered again when the model that reads it runs, as dbt renders every node
 * at execution: its CTE holds the answer, not the compile-time guess.
 */
const FILES = {
  'dbt_project.yml': 'name: shop\nprofile: shop\n',
  'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: target/dev.duckdb\n',
  'models/base.sql': "{{ config(materialized='table') }}\nselect 1 as a, 'x' as b, 3 as c",
  'models/eph.sql': [
    "{{ config(materialized='ephemeral') }}",
    "{% set cols = adapter.get_columns_in_relation(ref('base')) %}",
    "select {{ cols | length }} as n_cols, '{{ cols | map(attribute='name') | join(',') }}' as names from {{ ref('base') }}",
  ].join('\n'),
  'models/via_eph.sql': "{{ config(materialized='table') }}\nselect * from {{ ref('eph') }}",
};

describe('an ephemeral model that asks the warehouse', () => {
  it('is rendered again inside the model that reads it, when that one runs', async () => {
    const dir = makeProject(FILES);
    const run = weir(['build'], dir);
    expect(run.code, run.output).toBe(0);
    // base has three columns, a, b and c; at compile time the question has no answer (0, '').
    expect(await queryDuckDb(dir, 'select n_cols, names from via_eph')).toEqual([{ n_cols: 3, names: 'a,b,c' }]);
  }, 60_000);
});

/**
 * A generic test on such an ephemeral model (dbt_jira's int_jira__issue_users: `select issue_id, {{
 * dbt_utils.star(except=['issue_id']) }}`, a `*` until the warehouse answers) reads the CTE rendered
 * again too: with compile's `select id, *`, PostgreSQL calls "id" ambiguous and the test errors.
 */
describePg('a generic test on an ephemeral model that asks the warehouse, on PostgreSQL', (url) => {
  const schema = freshSchema('weir_ephtest');
  afterAll(() => dropSchemas(schema));
  it('runs on the CTE rendered at execution', async () => {
    const dir = makeProject({
      'dbt_project.yml': 'name: shop\nprofile: shop\n',
      'profiles.yml': dbtPgProfiles(url, schema),
      'seeds/base.csv': 'id,amount\n1,5\n2,7\n2,9\n',
      'models/eph.sql': [
        "{{ config(materialized='ephemeral') }}",
        "{% set cols = adapter.get_columns_in_relation(ref('base')) | map(attribute='name') | reject('equalto', 'id') | list %}",
        "select id, {{ cols | join(', ') if cols else '*' }} from {{ ref('base') }}",
      ].join('\n'),
      'models/schema.yml': 'version: 2\nmodels:\n  - name: eph\n    columns:\n      - name: id\n        data_tests: [not_null, unique]\n',
    });
    const run = weir(['build'], dir);
    // id 2 appears twice in the seed: not_null passes, unique fails with one duplicated value.
    expect(run.output).toContain('PASS=2 WARN=0 ERROR=1 SKIP=0 NO-OP=0 TOTAL=3');
    expect(run.output).toMatch(/FAIL 1 unique_eph_id/);
  }, 60_000);
});
