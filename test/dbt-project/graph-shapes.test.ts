import { describe, expect, it } from 'vitest';
import { makeProject, weir } from '../helpers/project.js';

/**
 * dbt's `graph` as packages such as dbt-project-evaluator read it: exposures and metrics apart from
 * nodes, tests with test_metadata and their test macros, versioned models by their model's name,
 * sources with their source's description and dbt 1.10 config: freshness, time spines, and
 * `project_name` naming the root project inside a package's macro.
 */
const PROJECT = {
  'dbt_project.yml': 'name: shapes\nconfig-version: 2\n',
  'dbt_packages/pkg/dbt_project.yml': 'name: pkg\nconfig-version: 2\n',
  'dbt_packages/pkg/macros/probe.sql': [
    '{% macro probe() %}',
    '{% set n = graph.nodes %}{% set out = {} %}',
    "{% do out.update({'project_name': project_name}) %}",
    "{% do out.update({'exposures': graph.exposures.keys() | list, 'metrics': graph.metrics.keys() | list}) %}",
    "{% set t = n.values() | selectattr('name', 'equalto', 'unique_orders_v2_id') | first %}",
    "{% do out.update({'test_metadata': t.test_metadata, 'test_macros': t.depends_on.macros, 'attached': t.attached_node, 'column': t.column_name}) %}",
    "{% set v = n['model.shapes.orders.v2'] %}",
    "{% do out.update({'version': [v.name, v.version, v.latest_version, v.access, v.contract.enforced]}) %}",
    "{% set s = graph.sources['source.shapes.raw.payments'] %}",
    "{% do out.update({'source': [s.source_description, s.freshness.warn_after.count, s.config.freshness.warn_after.period, s.alias is undefined]}) %}",
    "{% do out.update({'spines': n.values() | selectattr('resource_type', 'equalto', 'model') | rejectattr('time_spine', 'none') | map(attribute='name') | list}) %}",
    "{{ log('PROBE ' ~ tojson(out), info=true) }}",
    '{% endmacro %}',
  ].join('\n'),
  'models/orders_v1.sql': 'select 1 as id',
  'models/orders_v2.sql': 'select 1 as id',
  'models/spine.sql': "select cast('2020-01-01' as date) as date_day",
  'models/schema.yml': [
    'version: 2',
    'models:',
    '  - name: orders', '    latest_version: 2', '    versions: [{v: 1}, {v: 2}]', '    columns:', '      - name: id', '        data_tests: [unique]',
    '  - name: spine', '    time_spine: {standard_granularity_column: date_day}', '    columns: [{name: date_day, granularity: day}]',
    'sources:',
    '  - name: raw', '    description: Raw payments.', '    config:', '      freshness: {warn_after: {count: 12, period: hour}}',
    '    tables:', '      - name: payments', '      - name: refunds', '        config: {freshness: null}',
    'semantic_models:',
    "  - name: orders_sm", "    model: ref('orders')", '    entities: [{name: order, type: primary, expr: id}]', '    measures: [{name: n, agg: count, expr: id}]',
    'metrics:', '  - {name: order_count, label: Orders, type: simple, type_params: {measure: n}}',
    'exposures:', "  - {name: board, type: dashboard, owner: {name: Ann}, depends_on: [\"ref('orders')\"]}",
  ].join('\n'),
};

describe("dbt's graph", () => {
  it('holds what dbt-project-evaluator reads, shaped as dbt shapes it', () => {
    const dir = makeProject(PROJECT);
    const run = weir(['run-operation', 'pkg.probe'], dir);
    expect(run.code === 0 ? '' : run.output).toBe('');
    const line = run.output.split('\n').find((l) => l.includes('PROBE '));
    const probe = JSON.parse(line!.slice(line!.indexOf('PROBE ') + 6));
    expect(probe).toEqual({
      project_name: 'shapes',
      exposures: ['exposure.shapes.board'],
      metrics: ['metric.shapes.order_count'],
      test_metadata: { name: 'unique', namespace: null, kwargs: { column_name: 'id', model: "{{ get_where_subquery(ref('orders', version='2')) }}" } },
      test_macros: ['macro.dbt.test_unique', 'macro.dbt.get_where_subquery'],
      attached: 'model.shapes.orders.v2',
      column: 'id',
      version: ['orders', 2, 2, 'protected', false],
      source: ['Raw payments.', 12, 'hour', true],
      spines: ['spine'],
    });
  }, 60_000);
});
