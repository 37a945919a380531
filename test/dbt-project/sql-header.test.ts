import { afterAll, describe, expect, it } from 'vitest';
import { queryDuckDb } from '../helpers/duckdb.js';
import { makeProject, weir } from '../helpers/project.js';
import { describePg, dropSchemas, freshSchema, pgQuery } from '../helpers/postgres.js';

/**
 * dbt's sql_header config: SQL run before the model's create statement on its session, set in a
 * model's config(), with `{% call set_sql_header(config) %}`, in a properties file or in
 * dbt_project.yml, for tables, views and incremental models.
 */
const DUCKDB_PROFILE = 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: target/dev.duckdb\n';

/** A dbt project `shop` with these profiles, dbt_project.yml lines and files, run twice (the second run is incremental). */
function runTwice(profiles: string, projectYml: string, files: Record<string, string>): string {
  const dir = makeProject({ 'dbt_project.yml': `name: shop\nprofile: shop\n${projectYml}`, 'profiles.yml': profiles, ...files });
  for (let round = 0; round < 2; round++) {
    const run = weir(['run', '--threads', '1'], dir);
    expect(run.code, run.output).toBe(0);
    expect(run.output).not.toContain('sql_header');
  }
  return dir;
}

describe('sql_header on DuckDB', () => {
  it('runs the header before the create statement of each materialization, from every place dbt reads it', async () => {
    const dir = runTwice(DUCKDB_PROFILE, 'models:\n  shop:\n    tree:\n      +sql_header: "create or replace macro thrice(x) as x * 3;"\n', {
      'models/t.sql': "{{ config(materialized='table', sql_header='create or replace macro twice(x) as x * 2;') }}\nselect twice(21) as v",
      'models/v.sql': "{{ config(materialized='view') }}\n{% call set_sql_header(config) %}\ncreate or replace macro half(x) as x / 2;\n{% endcall %}\nselect half(84) as v",
      'models/i.sql': "{{ config(materialized='incremental') }}\nselect plus_one({% if is_incremental() %}(select max(v) from {{ this }}){% else %}41{% endif %}) as v",
      'models/tree/w.sql': "{{ config(materialized='table') }}\nselect thrice(14) as v",
      'models/_models.yml': 'version: 2\nmodels:\n  - name: i\n    config:\n      sql_header: "create or replace macro plus_one(x) as x + 1;"\n',
    });
    const value = async (model: string) => (await queryDuckDb(dir, `select v from ${model} order by v desc limit 1`))[0]!.v;
    expect(Number(await value('t'))).toBe(42);
    expect(Number(await value('v'))).toBe(42);
    expect(Number(await value('w'))).toBe(42);
    // The second run's header is in place for the incremental statement too: 42, then 43.
    expect(Number(await value('i'))).toBe(43);
  }, 120_000);
});

describePg('sql_header on PostgreSQL', (url) => {
  const schema = freshSchema('weir_hdr');
  afterAll(() => dropSchemas(schema));
  const u = new URL(url);
  const profiles = `shop:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n      host: ${u.hostname}\n      port: ${u.port || 5432}\n      user: ${decodeURIComponent(u.username)}\n      password: "${decodeURIComponent(u.password)}"\n      dbname: ${u.pathname.slice(1)}\n      schema: ${schema}\n`;

  it('runs `set local` in the transaction of the create statement, and it ends with it', async () => {
    const dir = runTwice(profiles, '', {
      'models/t.sql': "{{ config(materialized='table', sql_header=\"set local timezone = 'Asia/Tokyo';\") }}\nselect current_setting('TimeZone') as tz",
      'models/i.sql': "{{ config(materialized='incremental', sql_header=\"set local timezone = 'America/Lima';\") }}\nselect current_setting('TimeZone') as tz",
      // An unqualified name the view binds when it is created: only the header's search_path finds it.
      'models/v.sql': `-- depends_on: {{ ref('t') }}\n{{ config(materialized='view', sql_header="set local search_path = ${schema};") }}\nselect tz from t`,
      'models/after.sql': "-- depends_on: {{ ref('v') }}\n{{ config(materialized='table') }}\nselect current_setting('TimeZone') as tz",
    });
    expect(await pgQuery(`select tz from "${schema}".t`, url)).toEqual([{ tz: 'Asia/Tokyo' }]);
    expect(await pgQuery(`select tz from "${schema}".v`, url)).toEqual([{ tz: 'Asia/Tokyo' }]);
    expect(await pgQuery(`select tz from "${schema}".i`, url)).toEqual([{ tz: 'America/Lima' }, { tz: 'America/Lima' }]);
    const [after] = await pgQuery(`select tz from "${schema}".after`, url);
    expect(after!.tz).not.toMatch(/Tokyo|Lima/);
  }, 120_000);
});
