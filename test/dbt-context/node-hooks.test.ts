import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DUCKDB, POSTGRES, type EngineTarget, type TestEngine } from '../helpers/engines.js';
import { describePg } from '../helpers/postgres.js';
import { makeProject, weir, writeFiles } from '../helpers/project.js';
import { execOn } from '../helpers/snapshots.js';

const SLOW = 180_000;
const plain = (rows: Array<Record<string, unknown>>) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));

/** Models', seeds' and snapshots' pre-hook and post-hook, rendered as Jinja when the node runs (as dbt does). */
function nodeHooks(engine: TestEngine) {
  let target: EngineTarget;
  beforeEach(async () => {
    target = await engine.prepare();
  });
  afterEach(async () => {
    await target.cleanup();
  });
  const project = (files: Record<string, string>, settings = '') => makeProject({ 'project.yml': `name: shop\n${settings}${target.targetsYaml}`, ...files });
  const query = (dir: string, sql: string) => execOn(target, dir, [sql.replaceAll('{s}', `"${target.schema}"`)]).then(plain);

  it("renders hooks with this, adapter, run_query, execute, var, target and macros; a seed's post-hook can drop it (dbt_utils' integration tests do)", async () => {
    const settings = [
      'vars: {who: hooks}', 'seeds:', '  shop:',
      // dbt_utils' data_get_column_values_dropped, word for word.
      '    dropped:', "      +post-hook: \"{% do adapter.drop_relation(this.incorporate(type='table')) %}\"",
    ].join('\n') + '\n';
    const dir = project({      'seeds/dropped.csv': 'id\n1\n',
      'seeds/kept.csv': 'id\n1\n2\n',
      'macros/log_row.sql': "{% macro log_row(relation, what) %}insert into {{ relation.schema }}.hook_log values ('{{ what }}', '{{ relation.identifier }}', {{ run_query('select count(*) from ' ~ relation).columns[0].values()[0] if execute else -1 }}){% endmacro %}",
      'models/orders.sql': 'select 1 as id union all select 2 union all select 3',
      // Hooks in a properties file are not rendered when it is read: they are rendered when the model runs.
      'models/orders.yml': [
        'version: 2', 'models:', '  - name: orders', '    config:', '      materialized: table',
        '      pre_hook: "create table if not exists {{ this.schema }}.hook_log (what varchar(20), name varchar(20), n integer)"',
        '      post_hook:',
        "        - \"{{ log_row(this, var('who') ~ '-' ~ target.name) }}\"",
        '        - >-',
        '          {% if execute %}{% do run_query("insert into " ~ this.schema ~ ".hook_log values (\'direct\', \'\', 0)") %}{% endif %}',
      ].join('\n'),
    }, settings);
    const built = weir(['build'], dir);
    expect(built.code, built.output).toBe(0);
    expect(await query(dir, 'select what, name, n from {s}.hook_log order by what')).toEqual([
      { what: 'direct', name: '', n: 0 },
      { what: 'hooks-dev', name: 'orders', n: 3 },
    ]);
    // The seed was loaded, then its post-hook dropped it; the other seed is there.
    expect(await query(dir, "select table_name from information_schema.tables where table_schema = '" + target.schema + "' and table_name in ('dropped', 'kept') order by 1")).toEqual([{ table_name: 'kept' }]);
    // What the hooks ran is in target/run, as the model's own statements are.
    const statements = readFileSync(join(dir, 'target/run/shop/seeds/dropped.csv'), 'utf8');
    expect(statements).toMatch(/drop table if exists .*"dropped" cascade/);
  }, SLOW);

  it('a hook\'s Jinja mistake fails the node naming its file and which hook, and leaves the previous table', async () => {
    const dir = project({ 'models/t.sql': "{{ config(materialized='table') }}\nselect 1 as id" });
    expect(weir(['run'], dir).code).toBe(0);
    writeFiles(dir, { 'models/t.sql': "{{ config(materialized='table', post_hook=['select 1', 'select {{ no_such_macro(this) }}']) }}\nselect 2 as id" });
    const failed = weir(['run'], dir);
    expect(failed.code).toBe(1);
    expect(failed.output).toContain('models/t.sql, post-hook 1: unknown macro or function');
    expect(failed.output).toMatch(/no_such_macro/);
    expect(failed.output).not.toMatch(/TypeError|undefined is not/);
    expect(await query(dir, 'select id from {s}.t')).toEqual([{ id: 1 }]);
  }, SLOW);
}

describe('node hooks on DuckDB', () => nodeHooks(DUCKDB));
describePg('node hooks on PostgreSQL', () => nodeHooks(POSTGRES));
