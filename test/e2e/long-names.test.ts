import { afterAll, expect, it } from 'vitest';
import { makeProject, weir } from '../helpers/project.js';
import { describePg, dropSchemas, freshSchema, pgQuery } from '../helpers/postgres.js';
import { weirIdentifier } from '../../src/core/ids.js';

/**
 * PostgreSQL cuts identifiers at 63 bytes: a seed or model named near that (dbt-audit-helper's
 * expected_results__compare_all_columns_concat_pk_without_summary is 63) once had a temporary name
 * cut back to its own name ("already exists").
 */
describePg('names near 63 bytes on PostgreSQL', (url) => {
  const schema = freshSchema('weir_long');
  afterAll(() => dropSchemas(schema));
  it('builds and rebuilds a 63-byte seed and a 60-byte table model', () => {
    const seed = 'expected_results__compare_all_columns_concat_pk_without_summary';
    const model = 'a_table_model_whose_name_is_exactly_sixty_bytes_long_abcdefg';
    expect([seed.length, model.length]).toEqual([63, 60]);
    const dir = makeProject({
      'project.yml': `name: p\ntargets:\n  dev:\n    type: postgres\n    url: ${url}\n    schema: ${schema}\n`,
      [`seeds/${seed}.csv`]: 'id\n1\n2\n',
      [`models/${model}.sql`]: `{{ config(materialized='table') }}\nselect * from {{ ref('${seed}') }}`,
    });
    for (let i = 0; i < 2; i++) {
      const run = weir(['build'], dir);
      expect(run.code, run.output).toBe(0);
    }
    return pgQuery(`select count(*)::int as n from "${schema}"."${model}"`, url).then((rows) => expect(rows).toEqual([{ n: 2 }]));
  }, 60_000);

  it("folds a seed's header to lower case with quote_columns: false, as dbt's unquoted seed columns are", async () => {
    const dir = makeProject({
      'project.yml': `name: p\ntargets:\n  dev:\n    type: postgres\n    url: ${url}\n    schema: ${schema}\nseeds:\n  +quote_columns: false\n`,
      'seeds/upper.csv': 'COLUMN_NAME,Mixed_Case\na,1\n',
    });
    const run = weir(['seed'], dir);
    expect(run.code, run.output).toBe(0);
    expect(await pgQuery(`select column_name from information_schema.columns where table_schema = '${schema}' and table_name = 'upper' order by ordinal_position`, url))
      .toEqual([{ column_name: 'column_name' }, { column_name: 'mixed_case' }]);
  }, 60_000);

  it('keeps weir\'s own names within 63 bytes, distinct, and ending in __weir_<suffix>', () => {
    const a = weirIdentifier('x'.repeat(60), 'tmp');
    const b = weirIdentifier(`${'x'.repeat(59)}y`, 'tmp');
    expect(Buffer.byteLength(a)).toBeLessThanOrEqual(63);
    expect(a).toMatch(/__weir_tmp$/);
    expect(a).not.toBe(b);
    expect(weirIdentifier('short', 'old')).toBe('short__weir_old');
  });
});
