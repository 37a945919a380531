import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDocsData } from '../../src/docs/site-data.js';
import { schemaErrors } from '../helpers/dbt-schemas.js';
import { weir } from '../helpers/project.js';
import { copyShop, readJson } from './shop-fixture.js';

/**
 * dbt's semantic layer in test/dbt-project/shop (models/marts/_semantic.yml): the semantic model
 * 'orders' on stg_orders, metrics revenue, order_volume and average_order_value (a ratio of the
 * two), and the saved query revenue_by_status. Kept in the manifest and docs; build lists the
 * saved query as a NO-OP and runs none of it.
 */
const NOTICE = "weir keeps this project's semantic layer (1 semantic model, 3 metrics, 1 saved query) in the manifest and the docs site, but does not execute it: weir has no MetricFlow (dbt sl, mf query)";

describe('semantic models, metrics and saved queries', () => {
  it('reach the manifest in dbt\'s v12 shape, linked in parent_map and child_map, and the docs site', () => {
    const dir = copyShop();
    const run = weir(['build'], dir);
    expect(run.code).toBe(0);
    // Said once per run.
    expect(run.output.split(NOTICE).length - 1).toBe(1);
    const manifest = readJson(dir, 'target/manifest.json');
    expect(schemaErrors('manifest.json', manifest)).toEqual([]);
    expect(manifest.semantic_models['semantic_model.shop.orders']).toMatchObject({
      resource_type: 'semantic_model', model: "ref('stg_orders')", original_file_path: 'models/marts/_semantic.yml', fqn: ['shop', 'marts', 'orders'],
      node_relation: { alias: 'stg_orders', schema_name: 'main', database: 'shop', relation_name: '"shop"."main"."stg_orders"' },
      defaults: { agg_time_dimension: 'ordered_at' }, depends_on: { nodes: ['model.shop.stg_orders'] },
      measures: [expect.objectContaining({ name: 'order_total', agg: 'sum', expr: 'amount' }), expect.objectContaining({ name: 'order_count', expr: '1' })],
    });
    expect(manifest.metrics['metric.shop.revenue']).toMatchObject({ type: 'simple', label: 'Revenue', type_params: { measure: { name: 'order_total' } }, depends_on: { nodes: ['semantic_model.shop.orders'] } });
    expect(manifest.metrics['metric.shop.average_order_value']).toMatchObject({
      type: 'ratio', type_params: { numerator: { name: 'revenue' }, denominator: { name: 'order_volume' } },
      // dbt's order: numerator, then denominator.
      depends_on: { nodes: ['metric.shop.revenue', 'metric.shop.order_volume'] },
    });
    expect(manifest.saved_queries['saved_query.shop.revenue_by_status']).toMatchObject({
      query_params: { metrics: ['revenue'], group_by: ["Dimension('order__status')"] }, exports: [{ name: 'revenue_by_status', config: { export_as: 'table' } }],
      depends_on: { nodes: ['metric.shop.revenue'] },
    });
    expect(manifest.parent_map['semantic_model.shop.orders']).toEqual(['model.shop.stg_orders']);
    expect(manifest.child_map['model.shop.stg_orders']).toContain('semantic_model.shop.orders');
    expect(manifest.child_map['semantic_model.shop.orders']).toEqual(['metric.shop.order_volume', 'metric.shop.revenue']);
    expect(manifest.child_map['metric.shop.revenue']).toEqual(['metric.shop.average_order_value', 'saved_query.shop.revenue_by_status']);
    // Nothing of it ran: the saved query is dbt 1.10's NO-OP, metrics and semantic models are no results.
    const results = readJson(dir, 'target/run_results.json').results.filter((r: any) => /^(semantic_model|metric|saved_query)\./.test(r.unique_id));
    expect(results.map((r: any) => [r.unique_id, r.status])).toEqual([['saved_query.shop.revenue_by_status', 'no-op']]);

    const site = buildDocsData({ manifest, catalog: undefined, runResults: undefined });
    const metric = site.nodes.find((n) => n.id === 'metric.shop.revenue');
    expect(metric).toMatchObject({ type: 'metric', name: 'revenue', description: 'Sum of order amounts.' });
    expect(site.nodes.find((n) => n.id === 'semantic_model.shop.orders')).toMatchObject({ type: 'semantic_model' });
  }, 60_000);

  it('metric filters and saved-query where clauses keep their Jinja for MetricFlow, as dbt leaves them', () => {
    const dir = copyShop();
    writeFileSync(join(dir, 'models/marts/_filtered.yml'), [
      'version: 2',
      'metrics:',
      '  - name: completed_revenue',
      '    label: "Completed revenue in {{ target.name }}"',
      '    type: simple',
      '    type_params:',
      '      measure: order_total',
      "    filter: \"{{ Dimension('order__status') }} = 'completed'\"",
      '  - name: completed_share',
      '    label: Completed share',
      '    type: ratio',
      '    type_params:',
      '      numerator:',
      '        name: revenue',
      "        filter: \"{{ Dimension('order__status') }} = 'completed'\"",
      '      denominator: revenue',
      '  - name: revenue_growth',
      '    label: Revenue growth',
      '    type: derived',
      '    type_params:',
      '      expr: revenue - revenue_prev_month',
      '      metrics:',
      '        - name: revenue',
      '        - name: revenue',
      '          alias: revenue_prev_month',
      '          offset_window: 1 month',
      'saved_queries:',
      '  - name: completed_by_status',
      '    query_params:',
      '      metrics: [revenue]',
      "      where: [\"{{ TimeDimension('order__ordered_at', 'day') }} >= '2020-01-01'\"]",
      '',
    ].join('\n'));
    const run = weir(['parse'], dir);
    expect(run.output).not.toMatch(/could not render/);
    expect(run.code).toBe(0);
    const manifest = readJson(dir, 'target/manifest.json');
    const metric = manifest.metrics['metric.shop.completed_revenue'];
    // Other values are still rendered.
    expect(metric.label).toBe('Completed revenue in dev');
    expect(JSON.stringify(metric.filter)).toContain("{{ Dimension('order__status') }} = 'completed'");
    expect(JSON.stringify(manifest.metrics['metric.shop.completed_share'].type_params)).toContain("{{ Dimension('order__status') }}");
    // dbt's offset_window as {count, granularity}, the alias beside it.
    expect(manifest.metrics['metric.shop.revenue_growth'].type_params.metrics[1]).toEqual({
      name: 'revenue', filter: null, alias: 'revenue_prev_month', offset_window: { count: 1, granularity: 'month' }, offset_to_grain: null,
    });
    expect(JSON.stringify(manifest.saved_queries['saved_query.shop.completed_by_status'].query_params)).toContain("{{ TimeDimension('order__ordered_at', 'day') }}");
  }, 60_000);

  it("a measure's create_metric: true declares a simple metric of its name, as dbt does", () => {
    const dir = copyShop();
    writeFileSync(join(dir, 'models/marts/_created.yml'), [
      'version: 2',
      'semantic_models:',
      '  - name: order_lines',
      "    model: ref('stg_orders')",
      '    defaults: {agg_time_dimension: ordered_at}',
      '    entities: [{name: order_line, type: primary, expr: order_id}]',
      '    dimensions: [{name: ordered_at, type: time, type_params: {time_granularity: day}}]',
      '    measures:',
      '      - {name: max_amount, agg: max, expr: amount, description: Largest order., create_metric: true}',
      '      - {name: min_amount, agg: min, expr: amount, create_metric: true, label: Smallest}',
      '      - {name: any_amount, agg: max, expr: amount}',
      'metrics:',
      '  - {name: min_amount, label: Declared wins, type: simple, type_params: {measure: min_amount}}',
      '',
    ].join('\n'));
    const run = weir(['parse'], dir);
    expect(run.code, run.output).toBe(0);
    const manifest = readJson(dir, 'target/manifest.json');
    expect(manifest.metrics['metric.shop.max_amount']).toMatchObject({
      type: 'simple', label: 'max_amount', description: 'Largest order.', original_file_path: 'models/marts/_created.yml',
      type_params: { measure: { name: 'max_amount' } }, depends_on: { nodes: ['semantic_model.shop.order_lines'] },
    });
    expect(manifest.metrics['metric.shop.min_amount'].label).toBe('Declared wins');
    expect(manifest.metrics['metric.shop.any_amount']).toBeUndefined();
  }, 60_000);

  it('a semantic model on a model that does not exist, a measure or metric nobody defines: errors with file and line', () => {
    const dir = copyShop();
    const file = join(dir, 'models/marts/_semantic.yml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace("ref('stg_orders')", "ref('stg_ordrs')").replace('measure: order_count', 'measure: order_cnt').replace('denominator: order_volume', 'denominator: order_vol'));
    const run = weir(['compile'], dir);
    expect(run.code).not.toBe(0);
    expect(run.output).toContain("models/marts/_semantic.yml:6: semantic model 'orders' is built on ref('stg_ordrs'), which names no model");
    expect(run.output).toMatch(/did you mean 'stg_orders'/);
    expect(run.output).toContain("models/marts/_semantic.yml:49: metric 'average_order_value' uses metric 'order_vol', which is not declared");
  }, 60_000);
});
