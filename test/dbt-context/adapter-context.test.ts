import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DUCKDB, POSTGRES, type EngineTarget, type TestEngine } from '../helpers/engines.js';
import { describePg } from '../helpers/postgres.js';
import { makeProject, weir } from '../helpers/project.js';
import { execOn } from '../helpers/snapshots.js';

const SLOW = 120_000;

/** adapter.*, api.Relation, model, graph, config.get/require, flags, invocation_id, dbt_version on a real warehouse. */
function adapterContext(engine: TestEngine) {
  let target: EngineTarget;
  beforeEach(async () => {
    target = await engine.prepare();
  });
  afterEach(async () => {
    await target.cleanup();
  });
  const project = (files: Record<string, string>) => makeProject({ 'project.yml': `name: shop\n${target.targetsYaml}`, ...files });
  const base = "{{ config(materialized='table') }}\nselect 1 as id, 'open' as status";

  it('answers adapter methods from the warehouse at execution, and the node context from the project', async () => {
    const dir = project({
      'models/base.sql': base,
      'models/intro.sql': [
        "-- depends_on: {{ ref('base') }}",
        "{% set b = ref('base') %}",
        "{% set rel = adapter.get_relation(database=none, schema=b.schema, identifier='base') %}",
        "{% set missing = adapter.get_relation(database=none, schema=b.schema, identifier='no_such_table') %}",
        '{% set cols = adapter.get_columns_in_relation(b) %}',
        "{% set made = api.Relation.create(schema=b.schema, identifier='base') %}",
        "select '{{ rel.type if rel else \"none\" }}' as kind, '{{ missing is none }}' as missing,",
        " '{% for c in cols %}{{ c.name }}:{{ c.is_string() }}:{{ c.is_number() }}{% if not loop.last %},{% endif %}{% endfor %}' as cols,",
        " '{{ made.include(schema=false) }}|{{ made.identifier }}' as made, '{{ adapter.quote(\"id\") }}' as quoted,",
        " '{{ model.name }}|{{ model.unique_id }}|{{ model.original_file_path }}|{{ model.config.materialized }}' as model_info,",
        " '{{ config.get(\"materialized\") }}|{{ config.get(\"nope\", \"dflt\") }}' as cfg,",
        " '{% if execute %}{{ graph.nodes[\"model.shop.base\"].name }}|{{ graph.nodes[\"model.shop.base\"].config.materialized }}{% endif %}' as graph_info,",
        " '{{ flags.WHICH }}|{{ flags.FULL_REFRESH }}|{{ invocation_id | length }}|{{ dbt_version }}' as run_info,",
        " '{{ load_relation(b).is_table if execute else \"\" }}' as loaded,",
        " '{% for r in adapter.list_relations_without_caching(b) if r.identifier == \"base\" %}{{ r.identifier }}={{ r.type }}{% endfor %}' as listed,",
        " '{{ adapter.get_missing_columns(b, b) | length }}|{{ adapter.type() }}' as more",
      ].join('\n'),
    });
    const run = weir(['run'], dir);
    expect(run.code, run.output).toBe(0);
    const [row] = await execOn(target, dir, [`select * from "${target.schema}".intro`]);
    expect(row).toEqual({
      kind: 'table', missing: 'True', cols: 'id:False:True,status:True:False', made: '"base"|base', quoted: '"id"',
      model_info: 'intro|model.shop.intro|models/intro.sql|view', cfg: 'view|dflt', graph_info: 'base|table',
      run_info: 'run|False|36|1.10.15', loaded: 'True', listed: 'base=table', more: `0|${engine.name}`,
    });
  }, SLOW);

  it('names a missing required config and an unknown adapter method with file and line', () => {
    const compile = weir(['compile'], project({ 'models/a.sql': "select 1 as x\n-- {{ config.require('partition_by') }}" }));
    expect(compile.code).not.toBe(0);
    expect(compile.output).toMatch(/models\/a\.sql:2.*config 'partition_by' is required by models\/a\.sql but is not set/);
    const unknown = weir(['compile'], project({ 'models/b.sql': 'select 1 as x\n\n{{ adapter.get_relashun(none, "s", "t") }}' }));
    expect(unknown.output).toMatch(/models\/b\.sql:3.*adapter\.get_relashun is not an adapter method weir supports \(it has: .*get_relation/);
  });
}

describe('adapter and node context on DuckDB', () => adapterContext(DUCKDB));
describePg('adapter and node context on PostgreSQL', () => adapterContext(POSTGRES));
