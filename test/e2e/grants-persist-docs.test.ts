import { afterAll, describe, expect, it } from 'vitest';
import { makeProject, weir, writeFiles } from '../helpers/project.js';
import { queryDuckDb } from '../helpers/duckdb.js';
import { describePg, dropSchemas, freshSchema, pgQuery } from '../helpers/postgres.js';

/** dbt's persist_docs (descriptions as comments) on tables, views, incremental models and seeds, and grants on PostgreSQL. */
const PROPERTIES = [
  'models:',
  '  - name: t', '    description: "Orders, one row each"', '    config: {persist_docs: {relation: true, columns: true}}',
  '    columns:', '      - name: id', "        description: \"The order's id\"",
  '  - name: v', '    description: A view of t', '    config: {persist_docs: {relation: true, columns: true}}',
  '    columns:', '      - name: id', '        description: Still the id',
  '',
].join('\n');
const MODELS = {
  'seeds/raw.csv': 'id,amount\n1,10\n2,20\n',
  'models/t.sql': "{{ config(materialized='table') }}\nselect * from {{ ref('raw') }}",
  'models/v.sql': "select id from {{ ref('t') }}",
  'models/p.yml': PROPERTIES,
};

describe('persist_docs on DuckDB', () => {
  it('writes the descriptions of tables, views and their columns as comments', async () => {
    const dir = makeProject({ 'project.yml': 'name: p\n', ...MODELS });
    const built = weir(['build'], dir);
    expect(built.code, built.output).toBe(0);
    expect(await queryDuckDb(dir, "select table_name, comment from duckdb_tables() where table_name = 't' union all select view_name, comment from duckdb_views() where view_name = 'v' order by 1"))
      .toEqual([{ table_name: 't', comment: 'Orders, one row each' }, { table_name: 'v', comment: 'A view of t' }]);
    expect(await queryDuckDb(dir, "select table_name, column_name, comment from duckdb_columns() where table_name in ('t', 'v') and comment is not null order by 1"))
      .toEqual([{ table_name: 't', column_name: 'id', comment: "The order's id" }, { table_name: 'v', column_name: 'id', comment: 'Still the id' }]);
  }, 60_000);
});

describePg('persist_docs and grants on PostgreSQL', (url) => {
  const schema = freshSchema('weir_grants');
  const roles = [`${schema}_reader`, `${schema}_bi`];
  afterAll(async () => {
    await dropSchemas(schema);
    for (const role of roles) await pgQuery(`drop role if exists "${role}"`, url);
  });

  it('grants exactly what the config says, revoking what it no longer lists, and writes comments', async () => {
    for (const role of roles) await pgQuery(`create role "${role}"`, url);
    const targets = `targets:\n  dev:\n    type: postgres\n    url: ${url}\n    schema: ${schema}\n`;
    const grants = (role: string) => `name: p\n${targets}models:\n  +grants:\n    select: ['${role}']\n`;
    const dir = makeProject({ 'project.yml': grants(roles[0]!), ...MODELS });
    const first = weir(['build'], dir);
    expect(first.code, first.output).toBe(0);
    const granted = () => pgQuery(`select table_name, grantee, privilege_type from information_schema.role_table_grants where table_schema = '${schema}' and grantee like '${schema}%' order by 1, 2`, url);
    expect(await granted()).toEqual([
      { table_name: 't', grantee: roles[0], privilege_type: 'SELECT' },
      { table_name: 'v', grantee: roles[0], privilege_type: 'SELECT' },
    ]);
    writeFiles(dir, { 'project.yml': grants(roles[1]!) });
    const second = weir(['run'], dir);
    expect(second.code, second.output).toBe(0);
    expect(await granted()).toEqual([
      { table_name: 't', grantee: roles[1], privilege_type: 'SELECT' },
      { table_name: 'v', grantee: roles[1], privilege_type: 'SELECT' },
    ]);
    expect(await pgQuery(`select obj_description('"${schema}"."t"'::regclass) as t, obj_description('"${schema}"."v"'::regclass) as v, col_description('"${schema}"."t"'::regclass, 1) as id`, url))
      .toEqual([{ t: 'Orders, one row each', v: 'A view of t', id: "The order's id" }]);
  }, 120_000);
});
