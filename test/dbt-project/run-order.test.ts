import { describe, expect, it } from 'vitest';
import { queryDuckDb } from '../helpers/duckdb.js';
import { makeProject, weir } from '../helpers/project.js';

/**
 * Nodes start in dbt's order, and a model that asks the warehouse what exists sees what dbt's would.
 * Fivetran's packages read their seeds through a source and `adapter.get_relation()`: no edge ties the
 * seed to the model, so in `dbt build` the order decides whether the model finds rows.
 * dbt's order (GraphQueue + thread pool): the nodes ready at the start, by unique id (model.* before
 * seed.*); after that, whatever a finished node releases joins the back of the line.
 */
const probe = (name: string) => [
  `{% set other = adapter.get_relation(database=this.database, schema=this.schema, identifier='${name}') %}`,
  "{%- set src = source('shop', 'raw_orders') -%}",
  '{%- set rel = adapter.get_relation(database=src.database, schema=src.schema, identifier=src.identifier) -%}',
  `select {{ 0 if other is none else 1 }} as ${name}_there, {% if rel is not none %}(select count(*) from {{ rel }}){% else %}0{% endif %} as n`,
].join('\n');

const FILES = {
  'dbt_project.yml': 'name: shop\nprofile: shop\n',
  'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: target/dev.duckdb\n      threads: 1\n',
  'seeds/raw_orders.csv': 'id,amount\n1,10\n2,20\n3,30\n',
  'models/sources.yml': 'version: 2\nsources:\n  - name: shop\n    schema: "{{ target.schema }}"\n    tables: [{name: raw_orders}]\n',
  'models/m1_tmp.sql': 'select 1 as one',
  'models/m2_tmp.sql': 'select 2 as two',
  'models/orders_seen.sql': probe('z_stage'),
  'models/z_stage.sql': `-- depends_on: {{ ref('m1_tmp') }}\n${probe('a_stage')}`,
  'models/a_stage.sql': "select * from {{ ref('m2_tmp') }}",
};

describe('the order nodes start in', () => {
  it("is dbt's: roots by id, then released nodes first come first served", async () => {
    const dir = makeProject(FILES);
    const run = weir(['build'], dir);
    expect(run.code, run.output).toBe(0);
    const started = run.output.split('\n').filter((l) => l.includes(' START ')).map((l) => /"main"\."(\w+)"/.exec(l)?.[1]);
    // Roots by id: model.shop.m1_tmp, m2_tmp, orders_seen, then seed.shop.raw_orders; m1_tmp released
    // z_stage before m2_tmp released a_stage, so z_stage goes first though a_stage's id is smaller.
    expect(started).toEqual(['m1_tmp', 'm2_tmp', 'orders_seen', 'raw_orders', 'z_stage', 'a_stage']);
    // orders_seen ran before the seed was loaded (0 rows) and before z_stage existed; z_stage after
    // the seed (3 rows) and before a_stage.
    const seen = await queryDuckDb(dir, 'select o.n as early, o.z_stage_there, z.n as late, z.a_stage_there from orders_seen o, z_stage z');
    expect(seen).toEqual([{ early: 0, z_stage_there: 0, late: 3n, a_stage_there: 0 }]);
  }, 60_000);
});
