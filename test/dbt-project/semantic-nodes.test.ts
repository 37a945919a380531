import { appendFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaErrors } from '../helpers/dbt-schemas.js';
import { weir } from '../helpers/project.js';
import { tempDir } from '../helpers/temp-dir.js';
import { readJson } from './shop-fixture.js';

/**
 * test/dbt-project/semantic: semantic models, simple, derived, ratio and cumulative metrics (one
 * made by create_metric), two saved queries (one with an export) and an exposure reading a
 * metric. Every figure below is what dbt-core 1.10.15 with dbt-duckdb 1.10.0 printed for the same
 * project (`dbt build`, `dbt ls`, `dbt parse`), quoted in the comments.
 */
const FIXTURE = join(import.meta.dirname, 'semantic');

function copy(): string {
  const dir = tempDir('weir-semantic-');
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

const statuses = (dir: string) => Object.fromEntries(readJson(dir, 'target/run_results.json').results.map((r: { unique_id: string; status: string }) => [r.unique_id, r.status]));
const lines = (output: string, word: string) => output.split('\n').filter((l) => l.includes(` ${word} `)).map((l) => l.replace(/^\S+\s+/, '').replace(/ \.+ .*$/, ''));

describe('the semantic layer as nodes of the graph', () => {
  it('build lists each saved query and exposure as NO-OP, as dbt 1.10 does', () => {
    const dir = copy();
    const run = weir(['build'], dir);
    expect(run.code, run.output).toBe(0);
    // dbt: "Done. PASS=10 WARN=0 ERROR=0 SKIP=0 NO-OP=3 TOTAL=13"
    expect(run.output).toContain('PASS=10 WARN=0 ERROR=0 SKIP=0 NO-OP=3 TOTAL=13');
    // dbt: "6 of 13 NO-OP saved query daily_revenue ..... [NO-OP in 0.00s]", 7 revenue_by_status, "11 of 13 NO-OP exposure revenue_dashboard"
    expect(lines(run.output, 'NO-OP')).toEqual(['6 of 13 NO-OP saved query daily_revenue', '7 of 13 NO-OP saved query revenue_by_status', '11 of 13 NO-OP exposure revenue_dashboard']);
    expect(run.output).toMatch(/NO-OP saved query daily_revenue \.+ \[NO-OP in 0\.00s\]/);
    expect(run.output).not.toMatch(/START .*(daily_revenue|revenue_dashboard)/);
    // dbt: {"status": "no-op", "message": "NO-OP", "failures": 0, "adapter_response": {}, "compiled": null, "compiled_code": null, "relation_name": null}
    const results = readJson(dir, 'target/run_results.json').results.filter((r: { unique_id: string }) => !/^(model|seed|test)\./.test(r.unique_id));
    expect(results.map((r: { unique_id: string }) => r.unique_id).sort()).toEqual(['exposure.sl_shop.revenue_dashboard', 'saved_query.sl_shop.daily_revenue', 'saved_query.sl_shop.revenue_by_status']);
    for (const r of results) {
      expect(r).toMatchObject({ status: 'no-op', message: 'NO-OP', failures: 0, adapter_response: {}, compiled: null, compiled_code: null, relation_name: null, execution_time: 0 });
    }
    // dbt run builds models only.
    expect(weir(['run'], dir).output).toContain('PASS=4 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=4');
    // --log-format json: dbt's LogNodeNoOpResult (Q019) per NO-OP, and StatsLine's noop.
    const events = weir(['build', '--log-format', 'json'], dir).stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    const noOps = events.filter((e) => e.info.name === 'LogNodeNoOpResult');
    expect(noOps.map((e) => [e.info.code, e.data.description, e.data.status, e.data.node_info.unique_id])).toContainEqual(['Q019', 'saved query', 'no-op', 'saved_query.sl_shop.daily_revenue']);
    expect(noOps).toHaveLength(3);
    expect(events.find((e) => e.info.name === 'StatsLine').data.stats).toEqual({ pass: 10, warn: 0, error: 0, skip: 0, noop: 3, total: 13 });
    // dbt: "Finished running 1 exposure, 2 saved queries, 2 seeds, 2 table models, 4 data tests, 2 view models"
    expect(events.find((e) => e.info.name === 'FinishedRunningStats').data.stat_line).toBe('1 exposure, 2 saved queries, 2 seeds, 2 table models, 4 tests, 2 view models');
  }, 90_000);

  it('skips them when a parent fails; a failing test holds back models, not saved queries', () => {
    const broken = copy();
    writeFileSync(join(broken, 'models/staging/stg_orders.sql'), "select * from {{ ref('raw_orders') }} where nonsense_col > 0");
    const run = weir(['build'], broken);
    expect(run.code).toBe(1);
    // dbt: "Done. PASS=4 WARN=0 ERROR=1 SKIP=8 NO-OP=0 TOTAL=13"; "SKIP saved_query daily_revenue", "SKIP exposure revenue_dashboard"
    expect(run.output).toContain('PASS=4 WARN=0 ERROR=1 SKIP=8 NO-OP=0 TOTAL=13');
    expect(statuses(broken)).toMatchObject({ 'saved_query.sl_shop.daily_revenue': 'skipped', 'saved_query.sl_shop.revenue_by_status': 'skipped', 'exposure.sl_shop.revenue_dashboard': 'skipped' });
    expect(run.output).toMatch(/SKIP saved_query daily_revenue/);

    const failing = copy();
    appendFileSync(join(failing, 'seeds/raw_orders.csv'), '6,3,2024-01-06,placed,1.00\n6,3,2024-01-07,placed,2.00\n');
    const tested = weir(['build'], failing);
    // dbt: "9 of 13 FAIL 1 unique_stg_orders_order_id", the saved queries NO-OP before it, customers and the exposure on it SKIP;
    // "Done. PASS=6 WARN=0 ERROR=1 SKIP=4 NO-OP=2 TOTAL=13"
    expect(tested.output).toContain('PASS=6 WARN=0 ERROR=1 SKIP=4 NO-OP=2 TOTAL=13');
    expect(statuses(failing)).toMatchObject({ 'saved_query.sl_shop.daily_revenue': 'no-op', 'model.sl_shop.customers': 'skipped', 'exposure.sl_shop.revenue_dashboard': 'skipped' });
  }, 90_000);

  it('selects them with metric:, semantic_model:, saved_query:, graph operators and --resource-type, as dbt build does', () => {
    const dir = copy();
    // Built once, as the warehouse was for dbt's runs below.
    expect(weir(['build'], dir).code).toBe(0);
    const cases: Array<[string[], string]> = [
      // dbt: seed, stg_orders, its 2 tests and the saved query
      [['build', '-s', '+saved_query:revenue_by_status'], 'PASS=4 WARN=0 ERROR=0 SKIP=0 NO-OP=1 TOTAL=5'],
      [['build', '--resource-type', 'saved_query'], 'PASS=0 WARN=0 ERROR=0 SKIP=0 NO-OP=2 TOTAL=2'],
      [['build', '--exclude-resource-type', 'saved_query', 'exposure', '-s', 'customers+'], 'PASS=3 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=3'],
      [['run', '-s', '+metric:revenue'], 'PASS=1 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=1'],
      [['build', '--exclude', 'saved_query:daily_revenue', '-s', 'saved_query:*'], 'PASS=0 WARN=0 ERROR=0 SKIP=0 NO-OP=1 TOTAL=1'],
      [['test', '-s', '+metric:revenue'], 'PASS=2 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=2'],
    ];
    for (const [args, summary] of cases) expect(weir(args, dir).output, args.join(' ')).toContain(summary);
    // dbt: "Nothing to do." (a metric is never a result)
    expect(weir(['build', '-s', 'metric:revenue'], dir).output).toContain('Nothing to do');
  }, 120_000);

  it('weir ls lists them as dbt ls does', () => {
    const dir = copy();
    const ls = (...args: string[]) => weir(['ls', ...args], dir).stdout.trim().split('\n').filter(Boolean);
    const metrics = ['completed_revenue', 'completed_share', 'cumulative_revenue', 'order_count', 'revenue', 'revenue_per_order'].map((m) => `metric:sl_shop.${m}`);
    // dbt ls: sorted by unique_id, every default type.
    expect(ls()).toEqual([
      'exposure:sl_shop.revenue_dashboard', ...metrics, 'sl_shop.marts.customers', 'sl_shop.marts.metricflow_time_spine', 'sl_shop.staging.stg_customers',
      'sl_shop.staging.stg_orders', 'saved_query:sl_shop.daily_revenue', 'saved_query:sl_shop.revenue_by_status', 'sl_shop.raw_customers', 'sl_shop.raw_orders',
      'semantic_model:sl_shop.customers', 'semantic_model:sl_shop.orders', 'sl_shop.marts.not_null_customers_customer_id',
      'sl_shop.staging.not_null_stg_orders_order_id', 'sl_shop.marts.unique_customers_customer_id', 'sl_shop.staging.unique_stg_orders_order_id',
    ]);
    expect(ls('--resource-type', 'metric')).toEqual(metrics);
    expect(ls('-s', 'resource_type:metric')).toEqual(metrics);
    expect(ls('-s', 'metric:rev*')).toEqual(['metric:sl_shop.revenue', 'metric:sl_shop.revenue_per_order']);
    expect(ls('-s', 'metric:sl_shop.revenue')).toEqual(['metric:sl_shop.revenue']);
    expect(ls('-s', 'revenue')).toEqual(['metric:sl_shop.revenue']);
    expect(ls('-s', 'orders')).toEqual(['semantic_model:sl_shop.orders']);
    expect(ls('-s', 'metric:revenue', '--output', 'name')).toEqual(['revenue']);
    expect(ls('-s', 'semantic_model:orders', '--output', 'path')).toEqual(['models/semantic/_semantic_models.yml']);
    expect(ls('-s', '+metric:revenue')).toEqual([
      'metric:sl_shop.revenue', 'sl_shop.staging.stg_orders', 'sl_shop.raw_orders', 'semantic_model:sl_shop.orders',
      'sl_shop.staging.not_null_stg_orders_order_id', 'sl_shop.staging.unique_stg_orders_order_id',
    ]);
    expect(ls('-s', 'semantic_model:orders+')).toEqual(['exposure:sl_shop.revenue_dashboard', ...metrics, 'saved_query:sl_shop.daily_revenue', 'saved_query:sl_shop.revenue_by_status', 'semantic_model:sl_shop.orders']);
    expect(ls('--exclude-resource-type', 'metric', 'semantic_model', 'test', 'model', 'seed')).toEqual(['exposure:sl_shop.revenue_dashboard', 'saved_query:sl_shop.daily_revenue', 'saved_query:sl_shop.revenue_by_status']);
    // Byte for byte what dbt ls printed: Python's separators, the entry's key order whatever --output-keys says.
    expect(weir(['ls', '-s', 'metric:revenue', '--output', 'json', '--output-keys', 'name', 'depends_on', 'unique_id'], dir).stdout)
      .toBe('{"name": "revenue", "unique_id": "metric.sl_shop.revenue", "depends_on": {"macros": [], "nodes": ["semantic_model.sl_shop.orders"]}}\n');
    // dbt ls --output json: the manifest entry's keys among name, resource_type, package_name, original_file_path, unique_id, tags, config, depends_on.
    const json = ls('--resource-type', 'saved_query', 'semantic_model', 'metric', '--output', 'json').map((l) => JSON.parse(l));
    expect(json.find((j) => j.name === 'revenue_by_status')).toEqual({
      name: 'revenue_by_status', resource_type: 'saved_query', package_name: 'sl_shop', original_file_path: 'models/semantic/_saved_queries.yml',
      unique_id: 'saved_query.sl_shop.revenue_by_status', config: { enabled: true, group: null, meta: {}, export_as: null, schema: null, cache: { enabled: false } },
      depends_on: { macros: [], nodes: ['metric.sl_shop.revenue', 'metric.sl_shop.order_count'] }, tags: [],
    });
    expect(json.find((j) => j.name === 'orders')).toEqual({
      name: 'orders', resource_type: 'semantic_model', package_name: 'sl_shop', original_file_path: 'models/semantic/_semantic_models.yml',
      unique_id: 'semantic_model.sl_shop.orders', depends_on: { macros: [], nodes: ['model.sl_shop.stg_orders'] }, config: { enabled: true, group: null, meta: {} },
    });
    expect(json.find((j) => j.name === 'revenue_per_order')).toEqual({
      name: 'revenue_per_order', resource_type: 'metric', package_name: 'sl_shop', original_file_path: 'models/semantic/_metrics.yml',
      unique_id: 'metric.sl_shop.revenue_per_order', tags: [], config: { enabled: true, group: null, meta: {} },
      depends_on: { macros: [], nodes: ['metric.sl_shop.revenue', 'metric.sl_shop.order_count'] },
    });
  }, 120_000);

  it("applies dbt_project.yml's saved-queries: and metrics: trees: +enabled, +cache, +meta", () => {
    const dir = copy();
    appendFileSync(join(dir, 'dbt_project.yml'), [
      '', 'saved-queries:', '  +cache:', '    enabled: true', '  sl_shop:', '    semantic:', '      daily_revenue:', '        +enabled: false',
      'metrics:', '  sl_shop:', '    +meta:', '      team: finance', '',
    ].join('\n'));
    const run = weir(['build'], dir);
    // dbt: "Found ... 1 saved query"; "Done. PASS=10 WARN=0 ERROR=0 SKIP=0 NO-OP=2 TOTAL=12"
    expect(run.output).toContain('PASS=10 WARN=0 ERROR=0 SKIP=0 NO-OP=2 TOTAL=12');
    expect(run.output).not.toMatch(/is ignored/);
    const ls = (...args: string[]) => weir(['ls', ...args, '--output', 'json', '--output-keys', 'name', 'config'], dir).stdout.trim().split('\n').map((l) => JSON.parse(l));
    // dbt ls --resource-type saved_query --output json --output-keys name config
    expect(ls('--resource-type', 'saved_query')).toEqual([
      { name: 'revenue_by_status', config: { enabled: true, group: null, meta: {}, export_as: null, schema: null, cache: { enabled: true } } },
    ]);
    expect(ls('-s', 'metric:revenue')).toEqual([{ name: 'revenue', config: { enabled: true, group: null, meta: { team: 'finance' } } }]);
  }, 60_000);

  it("an exposure's metric() naming no metric is dbt's error, with file and line", () => {
    const dir = copy();
    const file = join(dir, 'models/semantic/_exposures.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace("metric('revenue')", "metric('revenu')"));
    const run = weir(['parse'], dir);
    expect(run.code).not.toBe(0);
    // dbt parse: "Exposure 'exposure.sl_shop.revenue_dashboard' (models/semantic/_exposures.yml) depends on a metric named 'revenu' which was not found"
    expect(run.output).toContain("models/semantic/_exposures.yml:11: Exposure 'exposure.sl_shop.revenue_dashboard' (models/semantic/_exposures.yml) depends on a metric named 'revenu' which was not found");
  }, 60_000);

  it('state:modified picks a changed metric and what reads it, and nothing when nothing changed', () => {
    const dir = copy();
    expect(weir(['parse'], dir).code).toBe(0);
    const state = tempDir('weir-semantic-state-');
    cpSync(join(dir, 'target'), state, { recursive: true });
    const modified = () => weir(['ls', '-s', 'state:modified+', '--state', state], dir).stdout.trim().split('\n').filter(Boolean);
    expect(modified()).toEqual([]);
    const metrics = join(dir, 'models/semantic/_metrics.yml');
    writeFileSync(metrics, readFileSync(metrics, 'utf8').replace('label: Cumulative revenue', 'label: Running revenue'));
    expect(modified()).toEqual(['metric:sl_shop.cumulative_revenue', 'saved_query:sl_shop.daily_revenue']);
  }, 60_000);

  it("links them in manifest.json's depends_on, parent_map and child_map as dbt parse does", () => {
    const dir = copy();
    expect(weir(['parse'], dir).code).toBe(0);
    const manifest = readJson(dir, 'target/manifest.json');
    const nodes = (section: string, id: string) => manifest[section][id].depends_on.nodes;
    // dbt parse, depends_on.nodes in dbt's order: measures, then the metrics a metric combines, as written.
    expect(nodes('semantic_models', 'semantic_model.sl_shop.orders')).toEqual(['model.sl_shop.stg_orders']);
    expect(nodes('metrics', 'metric.sl_shop.order_count')).toEqual(['semantic_model.sl_shop.orders']);
    expect(nodes('metrics', 'metric.sl_shop.cumulative_revenue')).toEqual(['semantic_model.sl_shop.orders']);
    expect(nodes('metrics', 'metric.sl_shop.revenue_per_order')).toEqual(['metric.sl_shop.revenue', 'metric.sl_shop.order_count']);
    expect(nodes('metrics', 'metric.sl_shop.completed_share')).toEqual(['metric.sl_shop.completed_revenue', 'metric.sl_shop.revenue']);
    expect(nodes('saved_queries', 'saved_query.sl_shop.revenue_by_status')).toEqual(['metric.sl_shop.revenue', 'metric.sl_shop.order_count']);
    expect(nodes('exposures', 'exposure.sl_shop.revenue_dashboard')).toEqual(['model.sl_shop.customers', 'metric.sl_shop.revenue']);
    // parent_map sorted; child_map as dbt's.
    expect(manifest.parent_map['exposure.sl_shop.revenue_dashboard']).toEqual(['metric.sl_shop.revenue', 'model.sl_shop.customers']);
    expect(manifest.parent_map['saved_query.sl_shop.revenue_by_status']).toEqual(['metric.sl_shop.order_count', 'metric.sl_shop.revenue']);
    expect(manifest.child_map['metric.sl_shop.revenue']).toEqual(['exposure.sl_shop.revenue_dashboard', 'metric.sl_shop.completed_share', 'metric.sl_shop.revenue_per_order', 'saved_query.sl_shop.revenue_by_status']);
    expect(manifest.child_map['semantic_model.sl_shop.orders']).toEqual(['metric.sl_shop.completed_revenue', 'metric.sl_shop.cumulative_revenue', 'metric.sl_shop.order_count', 'metric.sl_shop.revenue']);
    expect(manifest.child_map['model.sl_shop.stg_orders']).toEqual(['model.sl_shop.customers', 'semantic_model.sl_shop.orders', 'test.sl_shop.not_null_stg_orders_order_id.81cfe2fe64', 'test.sl_shop.unique_stg_orders_order_id.e3b841c71a']);
    expect(manifest.child_map['saved_query.sl_shop.daily_revenue']).toEqual([]);
    // The rest of each entry as dbt parse wrote it, and valid against dbt's manifest schema.
    expect(schemaErrors('manifest.json', manifest)).toEqual([]);
    const inputs = (id: string) => manifest.metrics[id].type_params.input_measures.map((m: { name: string }) => m.name);
    expect(inputs('metric.sl_shop.revenue_per_order')).toEqual(['order_total', 'order_count']);
    expect(inputs('metric.sl_shop.completed_share')).toEqual(['order_total']);
    expect(manifest.metrics['metric.sl_shop.cumulative_revenue'].type_params.cumulative_type_params).toEqual({ window: { count: 7, granularity: 'day' }, grain_to_date: null, period_agg: 'first', metric: null });
    expect(manifest.metrics['metric.sl_shop.order_count']).toMatchObject({
      description: 'Metric created from measure order_count', label: 'order_count', type_params: { expr: 'order_count' }, unrendered_config: { enabled: true },
    });
    expect(manifest.saved_queries['saved_query.sl_shop.revenue_by_status'].exports).toEqual([
      { name: 'revenue_by_status', config: { export_as: 'table', schema_name: 'main', alias: 'revenue_by_status', database: null }, unrendered_config: { export_as: 'table' } },
    ]);
    const orders = manifest.semantic_models['semantic_model.sl_shop.orders'];
    expect(orders.entities[1]).toEqual({ name: 'customer', type: 'foreign', description: null, label: null, role: null, expr: 'customer_id', config: { meta: {} } });
    expect(orders.measures[1]).toMatchObject({ name: 'order_count', create_metric: false, agg_params: null, non_additive_dimension: null, config: { meta: {} } });
    // None of them is a node of `nodes`.
    expect(Object.keys(manifest.nodes).filter((id) => !/^(model|seed|test)\./.test(id))).toEqual([]);
  }, 60_000);
});
