import { afterAll, expect, it } from 'vitest';
import { makeProject, weir, writeFiles } from '../helpers/project.js';
import { describePg, dropSchemas, freshSchema, pgQuery } from '../helpers/postgres.js';

/**
 * dbt's query-comment, seen from the warehouse: PostgreSQL's current_query() is the statement that
 * created the table, comment included.
 */
describePg('query-comment on PostgreSQL', (url) => {
  const schema = freshSchema('weir_qc');
  afterAll(() => dropSchemas(schema));
  const u = new URL(url);
  const profiles = `shop:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n      host: ${u.hostname}\n      port: ${u.port || 5432}\n      user: ${decodeURIComponent(u.username)}\n      password: "${decodeURIComponent(u.password)}"\n      dbname: ${u.pathname.slice(1)}\n      schema: ${schema}\n`;
  const project = (queryComment: string) => makeProject({
    'dbt_project.yml': `name: shop\nprofile: shop\n${queryComment}`,
    'profiles.yml': profiles,
    'models/m.sql': "{{ config(materialized='table') }}\nselect current_query() as q",
  });
  const query = async (dir: string, config: string) => {
    writeFiles(dir, { 'dbt_project.yml': `name: shop\nprofile: shop\n${config}` });
    const run = weir(['run'], dir);
    expect(run.code, run.output).toBe(0);
    return String((await pgQuery(`select q from "${schema}".m`, url))[0]!.q);
  };

  it("puts dbt's default comment before each statement, or the project's, after it with append, or none", async () => {
    const dir = project('');
    const byDefault = await query(dir, '');
    expect(byDefault).toMatch(/^\/\* \{"app": "weir", "dbt_version": "1\.10\.\d+", "profile_name": "shop", "target_name": "dev", "node_id": "model\.shop\.m"\} \*\/\n/);
    expect(await query(dir, 'query-comment: "run by {{ target.name }} for {{ node.unique_id }}"\n')).toMatch(/^\/\* run by dev for model\.shop\.m \*\/\n/);
    expect(await query(dir, 'query-comment:\n  comment: "{{ var(\'who\', \'ci\') }}"\n  append: true\n')).toMatch(/\n\/\* ci \*\/$/);
    // The node dict beyond unique_id: its config, membership, keys and a dict method read the whole node.
    const whole = 'query-comment: "{{ node.name }} {{ node.config.materialized }} {{ \'fqn\' in node }} {{ node.keys() | list | length > 10 }} {{ node.get(\'resource_type\') }} {{ node.unique_id }}"\n';
    expect(await query(dir, whole)).toMatch(/^\/\* m table True True model model\.shop\.m \*\/\n/);
    expect(await query(dir, 'query-comment: null\n')).not.toContain('/*');
    const broken = weir(['run'], project('query-comment: "a */ b"\n'));
    expect(broken.code).toBe(1);
    expect(broken.output).toContain("query-comment in dbt_project.yml:3 renders '*/', which would end the SQL comment");
  }, 120_000);
});
