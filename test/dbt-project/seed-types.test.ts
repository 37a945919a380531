import { afterAll, describe, expect, it } from 'vitest';
import { makeProject, weir } from '../helpers/project.js';
import { queryDuckDb } from '../helpers/duckdb.js';
import { dbtPgProfiles, describePg, dropSchemas, freshSchema, pgQuery } from '../helpers/postgres.js';

/**
 * dbt types a seed's whole-number column `integer` (agate's Number without decimals, then
 * SQLAdapter.convert_number_type), on dbt-duckdb and dbt-postgres alike. The type shows downstream:
 * on PostgreSQL sum(integer) is bigint and bigint / bigint divides whole, where sum(bigint) is numeric.
 * A value past 32 bits makes dbt's load fail; weir takes bigint for that column instead.
 */
const FILES = {
  'dbt_project.yml': 'name: shop\nprofile: shop\n',
  // `empty` has no value at all: agate tries integer first, so dbt makes it integer (dbt-duckdb 1.10 and
  // dbt-postgres 1.9 both, checked side by side; codegen's integration tests rely on it).
  'seeds/s.csv': 'small,big,amount,flag,empty\n1,3000000000,1.5,true,\n2,4,2,false,\n-2147483648,5,3,true,\n2147483647,6,4,false,\n',
  'models/halves.sql': "select sum(small) / 4 as quarter_sum from {{ ref('s') }} where small in (1, 2)",
};
// Independently: (1 + 2) / 4 divided whole, as PostgreSQL divides two bigints.
const QUARTER_SUM = 0;

describe('seed column types in a dbt project on DuckDB', () => {
  it('are integer for whole numbers that fit 32 bits and for a column with no value, bigint past them, double for decimals', async () => {
    const dir = makeProject({ ...FILES, 'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: target/dev.duckdb\n' });
    const run = weir(['build'], dir);
    expect(run.code, run.output).toBe(0);
    const types = await queryDuckDb(dir, "select column_name, data_type from information_schema.columns where table_name = 's' order by ordinal_position");
    expect(types.map((r) => `${r.column_name} ${r.data_type}`)).toEqual(['small INTEGER', 'big BIGINT', 'amount DOUBLE', 'flag BOOLEAN', 'empty INTEGER']);
  }, 60_000);
});

describePg('seed column types in a dbt project on PostgreSQL', (url) => {
  const schema = freshSchema('weir_seedtypes');
  afterAll(() => dropSchemas(schema));
  it('are those of dbt-postgres, so sums and divisions over them give its figures', async () => {
    const dir = makeProject({ ...FILES, 'profiles.yml': dbtPgProfiles(url, schema) });
    const run = weir(['build'], dir);
    expect(run.code, run.output).toBe(0);
    const types = await pgQuery(`select column_name, data_type from information_schema.columns where table_schema = '${schema}' and table_name = 's' order by ordinal_position`, url);
    expect(types.map((r) => `${r.column_name} ${r.data_type}`)).toEqual(['small integer', 'big bigint', 'amount double precision', 'flag boolean', 'empty integer']);
    expect(await pgQuery(`select cast(quarter_sum as text) as q from "${schema}".halves`, url)).toEqual([{ q: String(QUARTER_SUM) }]);
  }, 60_000);
});
