import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeProject, REPO_ROOT, weir } from '../helpers/project.js';
import { queryDuckDb } from '../helpers/duckdb.js';
import { dbtPgProfiles, describePg, dropSchemas, freshSchema, pgQuery } from '../helpers/postgres.js';

/**
 * A dbt project's relations carry their database, as dbt-duckdb's and dbt-postgres's do:
 * `"jsl"."main"."s_a"` for a target whose path is jsl.duckdb, `"test"."<schema>"."s_a"` on
 * PostgreSQL. The expected values are what dbt 1.10.15 (dbt-duckdb 1.10.0, dbt-postgres 1.9.1)
 * gave on this project (`dbt show --inline "select * from {{ ref('info') }}"`).
 */
const INFO = `select '{{ this }}' as this_r, '{{ target.database }}' as tdb, '{{ this.database }}' as this_db,
  '{{ ref("s_a") }}' as ref_r, '{{ source("raw", "s_b") }}' as src_r,
  '{{ api.Relation.create(database="other", schema="main", identifier="t") }}' as other_r,
  '{{ api.Relation.create(schema="main", identifier="t") }}' as nodb_r,
  '{{ this.include(database=False) }}' as nodb_this,
  '{{ model.relation_name }}' as rel_name,
  '{{ (graph.nodes.get("seed.fx.s_a") or {}).get("database") }}' as graph_db
`;
const FILES = {
  'dbt_project.yml': 'name: fx\nversion: "1.0"\nconfig-version: 2\nprofile: fx\n',
  'seeds/s_a.csv': 'id,name\n1,a\n2,b\n',
  'seeds/s_b.csv': 'id,name\n3,c\n',
  'models/info.sql': INFO,
  'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    schema: "{{ target.schema }}"\n    tables:\n      - name: s_b\n',
  'macros/show_rel.sql': `{% macro show_rel() %}
  {% set r = adapter.get_relation(database=target.database, schema=target.schema, identifier='s_a') %}
  {% do log('get_relation=' ~ r ~ ' db=' ~ r.database, info=True) %}
  {% do log('other=' ~ adapter.get_relation(database='other', schema='main', identifier='s_a'), info=True) %}
{% endmacro %}
`,
};
const DUCKDB_PROFILE = 'fx:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: target/jsl.duckdb\n      attach:\n        - path: target/other.duckdb\n';

// dbt_utils 1.4.1 as published (read-only, outside the repository), as test/packages/dbt-utils.test.ts reads it.
const DBT_UTILS = join(REPO_ROOT, '..', 'shared', 'dbt-packages', 'dbt_utils');
const UNION = "{{ dbt_utils.union_relations(relations=[ref('s_a'), ref('s_b')]) }}\n";

describe('relations with their database on DuckDB', () => {
  it('prints this, ref, source, relation_name and graph as dbt-duckdb does, and runs with them', async () => {
    const dir = makeProject({ ...FILES, 'profiles.yml': DUCKDB_PROFILE });
    const build = weir(['build'], dir);
    expect(build.code, build.output).toBe(0);
    const [row] = await queryDuckDb(dir, 'select * from info', 'target/jsl.duckdb');
    // dbt-duckdb: {"this_r": "\"jsl\".\"main\".\"info\"", "tdb": "jsl", "this_db": "jsl", "ref_r": "\"jsl\".\"main\".\"s_a\"", ...}
    expect(row).toEqual({
      this_r: '"jsl"."main"."info"', tdb: 'jsl', this_db: 'jsl', ref_r: '"jsl"."main"."s_a"', src_r: '"jsl"."main"."s_b"',
      other_r: '"other"."main"."t"', nodb_r: '"main"."t"', nodb_this: '"main"."info"', rel_name: '"jsl"."main"."info"', graph_db: 'jsl',
    });
    const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8'));
    expect(manifest.nodes['seed.fx.s_a']).toMatchObject({ database: 'jsl', relation_name: '"jsl"."main"."s_a"' });
    expect(manifest.sources['source.fx.raw.s_b']).toMatchObject({ database: 'jsl', relation_name: '"jsl"."main"."s_b"' });
    // dbt-duckdb: get_relation="jsl"."main"."s_a" db=jsl, and none for a table that is not in the attached database.
    const op = weir(['run-operation', 'show_rel'], dir);
    expect(op.code, op.output).toBe(0);
    expect(op.output).toContain('get_relation="jsl"."main"."s_a" db=jsl');
    expect(op.output).toContain('other=None');
  }, 120_000);

  it.skipIf(!existsSync(join(DBT_UTILS, 'dbt_project.yml')))('writes the three-part name into dbt_utils.union_relations rows', async () => {
    const dir = makeProject({ ...FILES, 'profiles.yml': DUCKDB_PROFILE, 'models/u.sql': UNION, 'packages.yml': `packages:\n  - local: ${DBT_UTILS}\n` });
    expect(weir(['deps'], dir).code).toBe(0);
    const build = weir(['build', '-s', '+u'], dir);
    expect(build.code, build.output).toBe(0);
    const rows = await queryDuckDb(dir, 'select _dbt_source_relation, id from u order by id', 'target/jsl.duckdb');
    // dbt-duckdb: | "jsl"."main"."s_a" | 1 |, | "jsl"."main"."s_a" | 2 |, | "jsl"."main"."s_b" | 3 |
    expect(rows.map((r) => [r._dbt_source_relation, Number(r.id)])).toEqual([['"jsl"."main"."s_a"', 1], ['"jsl"."main"."s_a"', 2], ['"jsl"."main"."s_b"', 3]]);
  }, 120_000);

  it("keeps schema.identifier in weir's own projects", () => {
    const dir = makeProject({
      'project.yml': 'name: fx\ntargets:\n  dev:\n    type: duckdb\n    path: target/jsl.duckdb\n',
      'seeds/s_a.csv': FILES['seeds/s_a.csv'], 'models/m.sql': "select '{{ this }}' as t from {{ ref('s_a') }}\n",
    });
    const compile = weir(['compile'], dir);
    expect(compile.code, compile.output).toBe(0);
    expect(readFileSync(join(dir, 'target/compiled/fx/models/m.sql'), 'utf8')).toBe(`select '"main"."m"' as t from "main"."s_a"\n`);
  }, 60_000);
});

describePg('relations with their database on PostgreSQL', (url) => {
  const schema = freshSchema('weir_reldb');
  const dbname = new URL(url).pathname.slice(1);
  afterAll(() => dropSchemas(schema));

  it('prints the dbname first, as dbt-postgres does', async () => {
    const dir = makeProject({ ...FILES, 'profiles.yml': dbtPgProfiles(url, schema, 'fx') });
    const build = weir(['build'], dir);
    expect(build.code, build.output).toBe(0);
    const [row] = await pgQuery(`select this_r, tdb, ref_r, src_r, nodb_this, rel_name from "${schema}".info`);
    // dbt-postgres: "this_r": "\"test\".\"h43_dbt\".\"info\"", "nodb_this": "\"h43_dbt\".\"info\"" (schema h43_dbt)
    expect(row).toEqual({
      this_r: `"${dbname}"."${schema}"."info"`, tdb: dbname, ref_r: `"${dbname}"."${schema}"."s_a"`, src_r: `"${dbname}"."${schema}"."s_b"`,
      nodb_this: `"${schema}"."info"`, rel_name: `"${dbname}"."${schema}"."info"`,
    });
  }, 120_000);
});
