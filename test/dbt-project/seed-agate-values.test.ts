import { afterAll, expect, it } from 'vitest';
import { makeProject, weir } from '../helpers/project.js';
import { dbtPgProfiles, describePg, dropSchemas, freshSchema, pgQuery } from '../helpers/postgres.js';

/**
 * dbt-postgres loads a seed through agate, not COPY: agate reads `null` (any case) and blank fields as
 * null, trims the values of the columns it types (` 5` is the integer 5), and, like Python's csv, keeps
 * a quote inside an unquoted field as a character. Fivetran's seeds rely on all three (dbt_shopify's
 * transaction receipts hold `{ "charges": ... }` unquoted; a return's quantity is ` 1`). Checked side by
 * side with dbt-postgres 1.9.1, whose table is what the test expects.
 */
const CSV = [
  'id,amount,note,closed_at,payload,code',
  '1, 5,null,,{ "a": 1 },007',
  '2,7, ,2024-01-02 10:00:00,plain,x',
  '3,NULL,x, ,"quoted, ok",',
].join('\n');
// No value agate reads otherwise than COPY but a quoted empty field, which agate reads as null (dbt_jira's
// project.csv has description "" in every row: dbt types the column integer, all null).
const QUOTED_EMPTY = 'id,description,name\n1,"",a\n2,"",""\n';

describePg('a dbt seed with values agate reads its own way, on PostgreSQL', (url) => {
  const schema = freshSchema('weir_agate');
  afterAll(() => dropSchemas(schema));
  it('loads them as dbt does: trimmed numbers, null for `null` and blanks, literal quotes mid-field', async () => {
    const dir = makeProject({
      'dbt_project.yml': 'name: shop\nprofile: shop\nseeds:\n  shop:\n    s:\n      +column_types: {code: varchar(5)}\n',
      'profiles.yml': dbtPgProfiles(url, schema),
      'seeds/s.csv': `${CSV}\n`,
      'seeds/q.csv': QUOTED_EMPTY,
    });
    const run = weir(['seed'], dir);
    expect(run.code, run.output).toBe(0);
    const types = await pgQuery(`select column_name, data_type from information_schema.columns where table_schema = '${schema}' and table_name = 's' order by ordinal_position`, url);
    expect(types.map((r) => `${r.column_name} ${r.data_type}`)).toEqual([
      'id integer', 'amount integer', 'note text', 'closed_at timestamp without time zone', 'payload text', 'code character varying',
    ]);
    const rows = await pgQuery(`select id, amount, note, cast(closed_at as text) as closed_at, payload, code from "${schema}".s order by id`, url);
    expect(rows).toEqual([
      // A column typed in column_types is read as text: not trimmed, `007` kept.
      { id: 1, amount: 5, note: null, closed_at: null, payload: '{ "a": 1 }', code: '007' },
      { id: 2, amount: 7, note: null, closed_at: '2024-01-02 10:00:00', payload: 'plain', code: 'x' },
      { id: 3, amount: null, note: 'x', closed_at: null, payload: 'quoted, ok', code: null },
    ]);
    const quoted = await pgQuery(`select column_name, data_type from information_schema.columns where table_schema = '${schema}' and table_name = 'q' order by ordinal_position`, url);
    expect(quoted.map((r) => `${r.column_name} ${r.data_type}`)).toEqual(['id integer', 'description integer', 'name text']);
    expect(await pgQuery(`select id, description, name from "${schema}".q order by id`, url)).toEqual([
      { id: 1, description: null, name: 'a' }, { id: 2, description: null, name: null },
    ]);
  }, 60_000);
});
