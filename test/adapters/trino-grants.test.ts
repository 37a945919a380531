import { afterAll, describe, expect, it } from 'vitest';
import { applyTrinoGrants } from '../../src/adapters/trino/grants.js';
import type { Session } from '../../src/adapters/types.js';
import { freshSchema } from '../helpers/postgres.js';
import { makeProject, weir, writeFiles } from '../helpers/project.js';
import { describeTrino, dropTrinoSchemas, trinoQuery, trinoTarget } from '../helpers/trino.js';

/** dbt's grants config on Trino, as dbt-trino applies it. */
describe('trino grants statements', () => {
  it('grants what is missing and revokes what the config no longer lists, one grantee a statement', async () => {
    const session = {
      query: async () => ({ columns: ['grantee', 'privilege_type'], rows: [{ grantee: 'bob', privilege_type: 'select' }, { grantee: 'carl', privilege_type: 'insert' }] }),
      execute: async () => ({ rowsAffected: undefined }),
    } as Session;
    const statements: string[] = [];
    await applyTrinoGrants(session, { schema: 's', identifier: 't' }, { SELECT: ['bob', 'ann'] }, async (sql) => void statements.push(sql), 'hive');
    expect(statements).toEqual(['revoke insert on "s"."t" from "carl"', 'grant select on "s"."t" to "ann"']);
  });
});

describeTrino('grants on the local cluster', () => {
  const schema = freshSchema('weir_trino_grants');
  afterAll(() => dropTrinoSchemas(schema));

  it("names the model, its file and the catalog whose connector refuses GRANT, and keeps the table as it was", async () => {
    const { host, port } = trinoTarget(schema);
    const project = (grants: string) => `name: g\ntargets:\n  dev:\n    type: trino\n    host: ${host}\n    port: ${port}\n    schema: ${schema}\n    catalog: iceberg\n${grants}`;
    const dir = makeProject({ 'project.yml': project(''), 'models/t.sql': "{{ config(materialized='table') }}\nselect 1 as x" });
    expect(weir(['run'], dir).output).toContain('PASS=1 WARN=0 ERROR=0');
    writeFiles(dir, { 'project.yml': project('models:\n  +grants:\n    select: [bob]\n'), 'models/t.sql': "{{ config(materialized='table') }}\nselect 2 as x" });
    const run = weir(['run'], dir);
    expect(run.code).toBe(1);
    expect(run.output).toContain("model 't' (models/t.sql) failed");
    expect(run.output).toContain("grants: the connector of Trino catalog 'iceberg' does not support grants on tables");
    expect(run.output).toContain('hint: remove the model');
    expect(run.output).not.toMatch(/at io\.trino|\.java:/);
    expect(await trinoQuery(`select x from "${schema}".t`)).toEqual([{ x: 1 }]);
    expect(await trinoQuery(`select table_name from information_schema.tables where table_schema = '${schema}'`)).toEqual([{ table_name: 't' }]);
  });
});
