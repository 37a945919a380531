import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, weir, writeFiles } from '../helpers/project.js';
import { weirEvents } from '../helpers/log-events.js';
import { queryDuckDb } from '../helpers/duckdb.js';

const SHOP = {
  'project.yml': [
    'name: shop',
    'models:',
    '  shop:',
    '    marts:',
    '      +materialized: table',
    '      +tags: [marts]',
    '',
  ].join('\n'),
  'seeds/raw_orders.csv': 'id,user_id,amount,ordered_at\n1,1,10.5,2024-01-01\n2,1,4.5,2024-01-02\n3,2,7,2024-01-02\n',
  'seeds/properties.yml': 'seeds:\n  - name: raw_orders\n    config:\n      column_types:\n        amount: decimal(10,2)\n',
  'macros/cents.sql': '{% macro to_cents(col) %}cast({{ col }} * 100 as integer){% endmacro %}',
  'models/staging/stg_orders.sql': "select id as order_id, user_id, {{ to_cents('amount') }} as amount_cents, ordered_at from {{ ref('raw_orders') }}",
  'models/staging/orders_enriched.sql': "{{ config(materialized='ephemeral') }}\nselect *, amount_cents > 500 as is_big from {{ ref('stg_orders') }}",
  'models/marts/user_totals.sql': "select user_id, sum(amount_cents) as total_cents, count(*) as orders from {{ ref('orders_enriched') }} group by user_id",
  'models/marts/daily.sql': [
    "{{ config(materialized='incremental', unique_key='ordered_at') }}",
    'select ordered_at, sum(amount_cents) as cents from {{ ref(\'stg_orders\') }}',
    '{% if is_incremental() %}where ordered_at >= (select max(ordered_at) from {{ this }}){% endif %}',
    'group by ordered_at',
  ].join('\n'),
};

describe('weir build on DuckDB', () => {
  it('loads seeds and builds views, tables, ephemerals and incrementals in DAG order, with artifacts', async () => {
    const dir = makeProject(SHOP);
    const run = weir(['build'], dir);
    expect(run.output).toContain('PASS=4 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=4');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/OK loaded seed "main"."raw_orders" \.+ \[OK 3 rows in/);
    expect(run.stdout).toMatch(/OK created view "main"."stg_orders"/);
    const totals = await queryDuckDb(dir, 'select user_id, total_cents, orders from main.user_totals order by user_id');
    expect(totals).toEqual([
      { user_id: 1n, total_cents: 1500n, orders: 2n },
      { user_id: 2n, total_cents: 700n, orders: 1n },
    ]);
    const types = await queryDuckDb(dir, "select data_type from information_schema.columns where table_name = 'raw_orders' and column_name = 'amount'");
    expect(types[0]!.data_type).toBe('DECIMAL(10,2)');

    const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8'));
    expect(manifest.metadata.dbt_schema_version).toMatch(/manifest\/v12/);
    expect(manifest.nodes['model.shop.user_totals']).toMatchObject({
      resource_type: 'model', original_file_path: 'models/marts/user_totals.sql', relation_name: '"main"."user_totals"',
      depends_on: { nodes: ['model.shop.orders_enriched'] },
    });
    expect(manifest.nodes['model.shop.user_totals'].compiled_code).toContain('__weir__cte__orders_enriched as (');
    expect(manifest.child_map['model.shop.stg_orders'].sort()).toEqual(['model.shop.daily', 'model.shop.orders_enriched']);
    expect(manifest.parent_map['model.shop.stg_orders']).toEqual(['seed.shop.raw_orders']);
    const results = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8'));
    expect(results.results).toHaveLength(4);
    expect(results.results.find((r: { unique_id: string }) => r.unique_id === 'seed.shop.raw_orders').adapter_response).toEqual({ rows_affected: 3 });
    expect(existsSync(join(dir, 'target/compiled/shop/models/marts/user_totals.sql'))).toBe(true);
    expect(readFileSync(join(dir, 'target/run/shop/models/marts/user_totals.sql'), 'utf8')).toMatch(/alter table "main"."user_totals__weir_tmp" rename to "user_totals"/);
  });

  it('merges incremental rows on unique_key, and --full-refresh rebuilds', async () => {
    const dir = makeProject(SHOP);
    expect(weir(['build'], dir).code).toBe(0);
    writeFiles(dir, { 'seeds/raw_orders.csv': 'id,user_id,amount,ordered_at\n1,1,10.5,2024-01-01\n2,1,4.5,2024-01-02\n3,2,7,2024-01-02\n4,2,1,2024-01-02\n5,2,2,2024-01-03\n' });
    const second = weir(['build'], dir);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/merge into table "main"."daily"/);
    expect(await queryDuckDb(dir, 'select cast(ordered_at as varchar) as d, cents from main.daily order by 1')).toEqual([
      { d: '2024-01-01', cents: 1050n },
      { d: '2024-01-02', cents: 1250n },
      { d: '2024-01-03', cents: 200n },
    ]);
    const refresh = weir(['run', '-s', 'daily', '--full-refresh'], dir);
    expect(refresh.code).toBe(0);
    expect(refresh.stdout).toMatch(/full refresh/);
  });

  it('fails incremental on a schema change when on_schema_change is fail, and appends with append_new_columns', async () => {
    const dir = makeProject({
      'project.yml': 'name: x\n',
      'models/inc.sql': "{{ config(materialized='incremental', on_schema_change='fail') }}\nselect 1 as id",
    });
    expect(weir(['run'], dir).code).toBe(0);
    writeFiles(dir, { 'models/inc.sql': "{{ config(materialized='incremental', on_schema_change='fail') }}\nselect 2 as id, 'b' as extra" });
    const failed = weir(['run'], dir);
    expect(failed.code).toBe(1);
    expect(failed.output).toMatch(/columns of incremental model 'inc' changed \(new columns extra\)/);
    expect(await queryDuckDb(dir, 'select id from main.inc')).toEqual([{ id: 1 }]);
    writeFiles(dir, { 'models/inc.sql': "{{ config(materialized='incremental', on_schema_change='append_new_columns') }}\nselect 2 as id, 'b' as extra" });
    expect(weir(['run'], dir).code).toBe(0);
    expect(await queryDuckDb(dir, 'select id, extra from main.inc order by id')).toEqual([{ id: 1, extra: null }, { id: 2, extra: 'b' }]);
  });

  it('keeps the previous good table when a model fails, skips only its descendants, and names file, error and compiled SQL', async () => {
    const dir = makeProject({
      'project.yml': 'name: x\nmodels:\n  x:\n    +materialized: table\n',
      'models/good.sql': 'select 1 as id',
      'models/bad.sql': 'select 1 as id',
      'models/after_bad.sql': "select * from {{ ref('bad') }}",
      'models/independent.sql': "select * from {{ ref('good') }}",
    });
    expect(weir(['run'], dir).code).toBe(0);
    writeFiles(dir, { 'models/bad.sql': 'select 2 as id from no_such_table' });
    const run = weir(['run'], dir);
    expect(run.code).toBe(1);
    expect(run.output).toContain('PASS=2 WARN=0 ERROR=1 SKIP=1 NO-OP=0 TOTAL=4');
    expect(run.output).toMatch(/model 'bad' \(models\/bad\.sql\) failed:/);
    expect(run.output).toMatch(/Catalog Error: Table with name no_such_table does not exist/);
    expect(run.output).toContain('compiled SQL: target/compiled/x/models/bad.sql');
    expect(run.output).toMatch(/skipped because bad failed/);
    expect(await queryDuckDb(dir, 'select id from main.bad')).toEqual([{ id: 1 }]);
    const leftovers = await queryDuckDb(dir, "select table_name from information_schema.tables where table_name like '%__weir_%'");
    expect(leftovers).toEqual([]);
  });

  it('stops starting new nodes after the first failure with --fail-fast', () => {
    const dir = makeProject({
      'project.yml': 'name: x\n',
      'models/a_bad.sql': 'select * from nope',
      ...Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`models/m${i}.sql`, `select ${i} as id`])),
    });
    const run = weir(['run', '--threads', '1', '--fail-fast'], dir);
    expect(run.code).toBe(1);
    expect(run.output).toContain('ERROR=1 SKIP=6');
    expect(run.output).toMatch(/--fail-fast/);
  });

  it('selects with dbt syntax in ls and run', () => {
    const dir = makeProject(SHOP);
    const ls = (args: string[]) => weir(['ls', '--output', 'name', ...args], dir).stdout.trim().split('\n').sort();
    expect(ls(['-s', '+user_totals'])).toEqual(['orders_enriched', 'raw_orders', 'stg_orders', 'user_totals']);
    expect(ls(['-s', 'stg_orders+', '--exclude', 'daily'])).toEqual(['orders_enriched', 'stg_orders', 'user_totals']);
    expect(ls(['-s', 'tag:marts,config.materialized:table'])).toEqual(['user_totals']);
    expect(ls(['-s', 'path:models/staging', 'daily'])).toEqual(['daily', 'orders_enriched', 'stg_orders']);
  });

  it('writes JSON log lines with --log-format json', () => {
    const dir = makeProject({ 'project.yml': 'name: x\n', 'models/a.sql': 'select 1 as id' });
    const run = weir(['run', '--log-format', 'json'], dir);
    expect(run.code).toBe(0);
    const events = weirEvents(run.stdout);
    expect(events.map((e) => e.code)).toEqual(expect.arrayContaining(['node_start', 'node_finish', 'summary']));
    expect(events.find((e) => e.code === 'node_finish')!.data).toMatchObject({ uniqueId: 'model.x.a', status: 'success' });
  });

  it('previews rows with show, for a model and an inline query', () => {
    const dir = makeProject({ 'project.yml': 'name: x\n', 'models/a.sql': 'select * from range(10) as t(n)' });
    expect(weir(['run'], dir).code).toBe(0);
    const show = weir(['show', '-s', 'a', '--limit', '3'], dir);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('(3 rows)');
    const inline = weir(['show', '--inline', "select count(*) as c from {{ ref('a') }}"], dir);
    expect(inline.stdout).toMatch(/\| 10 +\|/);
  });

  it('renders an inline query through the real template path: Jinja, macros, var(), ephemeral refs, and a trailing ;', () => {
    const dir = makeProject({
      'project.yml': 'name: x\nvars:\n  floor: 3\n',
      'macros/twice.sql': '{% macro twice(col) %}({{ col }} * 2){% endmacro %}\n',
      'models/nums.sql': 'select * from range(10) as t(n)',
      'models/evens.sql': "{{ config(materialized='ephemeral') }}\nselect n from {{ ref('nums') }} where n % 2 = 0",
    });
    expect(weir(['run'], dir).code).toBe(0);
    const inline = weir(['show', '--inline', [
      '{% set cols = ["n"] %}',
      "select {% for c in cols %}{{ twice(c) }} as doubled{% endfor %} from {{ ref( 'evens' ) }}",
      "where n > {{ var('floor') }} order by n;  ",
    ].join('\n')], dir);
    expect(inline.code).toBe(0);
    expect(inline.stdout).toMatch(/\| doubled \|\n.*\n\| 8 +\|\n\| 12 +\|\n\| 16 +\|/);
    const broken = weir(['show', '--inline', 'select {{ nope( }}'], dir);
    expect(broken.code).toBe(2);
    expect(broken.output).toContain('--inline');
  });
});

describe('incremental strategies', () => {
  const model = (strategy: string, extra = '') =>
    `{{ config(materialized='incremental', incremental_strategy='${strategy}'${extra}) }}\nselect * from {{ ref('src') }}{% if is_incremental() %} where id >= (select max(id) from {{ this }}){% endif %}`;

  it('appends new rows, and delete+insert replaces matching keys', async () => {
    const dir = makeProject({
      'project.yml': 'name: x\n',
      'seeds/src.csv': 'id,v\n1,a\n2,b\n',
      'models/app.sql': model('append'),
      'models/di.sql': model('delete+insert', ", unique_key='id'"),
    });
    expect(weir(['build'], dir).code).toBe(0);
    writeFiles(dir, { 'seeds/src.csv': 'id,v\n1,a\n2,B\n3,c\n' });
    const second = weir(['build'], dir);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/append into table "main"."app"/);
    expect(second.stdout).toMatch(/delete\+insert into table "main"."di"/);
    // append adds the rows from id 2 on again (id 2 twice); delete+insert replaces id 2.
    expect(await queryDuckDb(dir, 'select cast(id as integer) as id, v from main.app order by id, v')).toEqual([
      { id: 1, v: 'a' }, { id: 2, v: 'B' }, { id: 2, v: 'b' }, { id: 3, v: 'c' },
    ]);
    expect(await queryDuckDb(dir, 'select cast(id as integer) as id, v from main.di order by id')).toEqual([
      { id: 1, v: 'a' }, { id: 2, v: 'B' }, { id: 3, v: 'c' },
    ]);
  });

  it('refuses merge without a unique_key at compile time', () => {
    const dir = makeProject({ 'project.yml': 'name: x\n', 'seeds/src.csv': 'id\n1\n', 'models/m.sql': model('merge') });
    const run = weir(['compile'], dir);
    expect(run.code).toBe(2);
    expect(run.output).toContain("models/m.sql:1: incremental_strategy 'merge' needs a unique_key");
  });
});
