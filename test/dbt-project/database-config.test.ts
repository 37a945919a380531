import { describe, expect, it } from 'vitest';
import { makeProject, weir } from '../helpers/project.js';
import { describePg } from '../helpers/postgres.js';

/**
 * dbt's `database` config: the target's own database is accepted silently; another is an error
 * naming the file, the line and what to do, in dbt's terms.
 */
function project(profile: string, files: Record<string, string>, projectYml = ''): string {
  return makeProject({ 'dbt_project.yml': `name: shop\nprofile: shop\n${projectYml}`, 'profiles.yml': `shop:\n  target: dev\n  outputs:\n    dev:\n${profile}`, ...files });
}
const DUCKDB = '      type: duckdb\n      path: target/dev.duckdb\n';

describe('database config on DuckDB', () => {
  it("accepts the target's own database, whatever its case, without a warning", () => {
    const dir = project(DUCKDB, {
      'models/a.sql': "{{ config(database='dev') }}\nselect 1 as id",
      'models/_models.yml': 'version: 2\nmodels:\n  - name: b\n    config:\n      database: DEV\n',
      'models/b.sql': 'select 2 as id',
    });
    const run = weir(['run'], dir);
    expect(run.code, run.output).toBe(0);
    expect(run.output).not.toMatch(/database|Warning/);
  }, 60_000);

  it('names a database that is not attached, and one that is, with file and line', () => {
    const attach = `${DUCKDB}      attach:\n        - path: target/lake.duckdb\n`;
    const dir = project(attach, {
      'models/a.sql': "select 1 as id\n-- {{ config(database='warehouse') }}",
      'models/b.sql': "{{ config(database='lake') }}\nselect 2 as id",
    });
    const run = weir(['run'], dir);
    expect(run.code).toBe(2);
    expect(run.output).toContain("models/a.sql:2 (at config.database): model 'a' sets database 'warehouse', which is neither target 'dev''s database 'dev' nor attached to it");
    expect(run.output).toContain('attach: [{path: warehouse.duckdb, alias: warehouse}]');
    expect(run.output).toContain("models/b.sql:1 (at config.database): model 'b' sets database 'lake', which target 'dev' attaches, but weir builds into the target's own database 'dev' only");
  }, 60_000);

  it('names the dbt_project.yml line of a folder-wide database', () => {
    const dir = project(DUCKDB, { 'models/a.sql': 'select 1 as id', 'models/b.sql': 'select 2 as id' }, 'models:\n  shop:\n    +database: elsewhere\n');
    const run = weir(['run'], dir);
    expect(run.code).toBe(2);
    // One error for the line, not one per model.
    expect(run.output.match(/dbt_project\.yml:5 \(at config\.database\)/g)).toHaveLength(1);
  }, 60_000);
});

describePg('database config on PostgreSQL', (url) => {
  const u = new URL(url);
  const dbname = u.pathname.slice(1);
  const profile = `      type: postgres\n      host: ${u.hostname}\n      port: ${u.port || 5432}\n      user: ${decodeURIComponent(u.username)}\n      password: "${decodeURIComponent(u.password)}"\n      dbname: ${dbname}\n      schema: weir_dbcfg\n`;

  it("accepts the profile's dbname and refuses another as dbt-postgres does", () => {
    const ok = weir(['compile'], project(profile, { 'models/a.sql': `{{ config(database='${dbname}') }}\nselect 1 as id` }));
    expect(ok.code, ok.output).toBe(0);
    const other = weir(['compile'], project(profile, { 'models/a.sql': "{{ config(database='analytics') }}\nselect 1 as id" }));
    expect(other.code).toBe(2);
    expect(other.output).toContain(`models/a.sql:1 (at config.database): Cross-db references not allowed in postgres (analytics vs ${dbname})`);
    expect(other.output).toContain('with dbname: analytics');
  }, 60_000);
});
