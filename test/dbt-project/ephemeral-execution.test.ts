import { describe, expect, it } from 'vitest';
import { queryDuckDb } from '../helpers/duckdb.js';
import { makeProject, weir } from '../helpers/project.js';

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
