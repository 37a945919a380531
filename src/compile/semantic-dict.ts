import type { CompiledNode } from './types.js';
import { nameOf } from './semantic-layer.js';
import { relativeToFolder } from './exposure-dict.js';

type Spec = Readonly<Record<string, unknown>>;

/**
 * Semantic models, metrics and saved queries in dbt's manifest v12 shape, keys in dbt's order.
 * dbt's schema allows no other keys, so each part is rebuilt from the yml entry with the keys the
 * schema has.
 */
export function semanticEntry(node: CompiledNode, createdAt: number, quote: (model: CompiledNode) => string | undefined, targetSchema?: string) {
  const s = node.semantic!.spec;
  const head = {
    name: node.name, resource_type: node.resourceType, package_name: node.packageName, path: relativeToFolder(node.path), original_file_path: node.path,
    unique_id: node.uniqueId, fqn: [...node.fqn],
  };
  const dependsOn = { macros: [], nodes: [...node.dependsOn.nodes] };
  const refs = node.refs.map((r) => ({ name: r.name, package: null, version: r.version ?? null }));
  const group = str(obj(s.config).group) ?? null;
  if (node.resourceType === 'semantic_model') {
    const model = node.semantic!.model!;
    const defaults = obj(s.defaults);
    return {
      ...head, model: str(s.model)!,
      node_relation: { alias: model.relation?.identifier ?? model.name, schema_name: model.relation?.schema ?? '', database: model.relation?.database ?? null, relation_name: quote(model) ?? null },
      description: str(s.description) ?? '', label: str(s.label) ?? null,
      defaults: s.defaults ? { agg_time_dimension: str(defaults.agg_time_dimension) ?? null } : null,
      entities: list(s.entities).map((e) => ({
        name: str(e.name)!, type: str(e.type)!, description: str(e.description) ?? null, label: str(e.label) ?? null, role: str(e.role) ?? null, expr: text(e.expr), config: partConfig(e),
      })),
      measures: list(s.measures).map((m) => ({
        name: str(m.name)!, agg: str(m.agg)!, description: str(m.description) ?? null, label: str(m.label) ?? null,
        // dbt 1.10 writes false once it has made the metric (create_metric: true included).
        create_metric: false, expr: text(m.expr), agg_params: null, non_additive_dimension: null, agg_time_dimension: str(m.agg_time_dimension) ?? null, config: partConfig(m),
      })),
      dimensions: list(s.dimensions).map((d) => ({
        name: str(d.name)!, type: str(d.type)!, description: str(d.description) ?? null, label: str(d.label) ?? null, is_partition: d.is_partition === true,
        type_params: d.type_params ? { time_granularity: str(obj(d.type_params).time_granularity) ?? 'day', validity_params: null } : null,
        expr: text(d.expr), metadata: null, config: partConfig(d),
      })),
      metadata: null, depends_on: dependsOn, refs, created_at: createdAt, config: config(s), unrendered_config: {},
      primary_entity: str(s.primary_entity) ?? null, group,
    };
  }
  if (node.resourceType === 'metric') {
    return {
      ...head, description: str(s.description) ?? '', label: str(s.label) ?? node.name, type: str(s.type)!,
      type_params: typeParams(obj(s.type_params), node.semantic!.inputMeasures ?? [], s.type === 'cumulative'), filter: filter(s.filter), metadata: null, time_granularity: str(s.time_granularity) ?? null,
      meta: { ...obj(s.meta), ...obj(obj(s.config).meta) }, tags: [...node.config.tags], config: config(s), unrendered_config: { ...obj(s.config) },
      // dbt 1.10 leaves `metrics` empty: the metrics a derived one combines are in depends_on.
      sources: [], depends_on: dependsOn, refs, metrics: [], created_at: createdAt, group,
    };
  }
  const params = obj(s.query_params);
  return {
    ...head,
    query_params: {
      metrics: strings(params.metrics), group_by: strings(params.group_by), where: filter(params.where),
      order_by: strings(params.order_by), limit: typeof params.limit === 'number' ? params.limit : null,
    },
    exports: list(s.exports).map((e) => {
      const c = obj(e.config);
      // As dbt: an export without schema or alias goes to the target's schema, under its own name.
      const asWritten = Object.fromEntries(['export_as', 'schema', 'alias'].filter((k) => c[k] !== undefined).map((k) => [k, c[k]]));
      return {
        name: str(e.name)!, config: { export_as: c.export_as === 'view' ? 'view' : 'table', schema_name: str(c.schema) ?? targetSchema ?? null, alias: str(c.alias) ?? str(e.name)!, database: null },
        unrendered_config: asWritten,
      };
    }),
    description: str(s.description) ?? null, label: str(s.label) ?? null, metadata: null,
    config: { ...config(s), export_as: str(obj(s.config).export_as) ?? null, schema: str(obj(s.config).schema) ?? null, cache: { enabled: obj(obj(s.config).cache).enabled === true } },
    unrendered_config: {}, group, depends_on: dependsOn, created_at: createdAt, refs, tags: [...node.config.tags],
  };
}

/** A metric's type_params as MetricFlow's spec spells them (measures and inputs as objects). */
function typeParams(p: Spec, inputMeasures: readonly string[], isCumulative: boolean) {
  const input = (v: unknown) => (nameOf(v) === undefined ? null : { name: nameOf(v)!, filter: filter(obj(v).filter), alias: str(obj(v).alias) ?? null, offset_window: window(obj(v).offset_window), offset_to_grain: str(obj(v).offset_to_grain) ?? null });
  const measure = (v: unknown) => (nameOf(v) === undefined ? null : { name: nameOf(v)!, filter: filter(obj(v).filter), alias: str(obj(v).alias) ?? null, join_to_timespine: obj(v).join_to_timespine === true, fill_nulls_with: typeof obj(v).fill_nulls_with === 'number' ? obj(v).fill_nulls_with : null });
  const m = measure(p.measure);
  return {
    measure: m, input_measures: inputMeasures.map((name) => (m?.name === name ? m : measure(name)!)), numerator: input(p.numerator), denominator: input(p.denominator),
    expr: text(p.expr), window: window(p.window), grain_to_date: str(p.grain_to_date) ?? null,
    metrics: list(p.metrics).map((v) => input(v)!).filter(Boolean),
    conversion_type_params: null, cumulative_type_params: cumulative(p, isCumulative), metric_aggregation_params: null,
  };
}

/** A cumulative metric's window, grain_to_date and period_agg (dbt 1.9 nests them in cumulative_type_params). */
function cumulative(p: Spec, isCumulative: boolean) {
  // dbt gives every cumulative metric one (all-time when it says nothing).
  if (!isCumulative && p.cumulative_type_params === undefined && p.window === undefined && p.grain_to_date === undefined) return null;
  const c = obj(p.cumulative_type_params);
  return { window: window(c.window ?? p.window), grain_to_date: str(c.grain_to_date ?? p.grain_to_date) ?? null, period_agg: str(c.period_agg) ?? 'first', metric: null };
}

/** `7 days` -> {count: 7, granularity: 'day'}, as dbt parses a window. */
function window(value: unknown) {
  const match = typeof value === 'string' ? /^\s*(\d+)\s+(\w+?)s?\s*$/.exec(value) : null;
  return match ? { count: Number(match[1]), granularity: match[2]! } : null;
}

/** A `filter:`/`where:` (one string or several) as dbt's WhereFilterIntersection. */
function filter(value: unknown) {
  const all = typeof value === 'string' ? [value] : Array.isArray(value) ? value.map(String) : [];
  return all.length ? { where_filters: all.map((where_sql_template) => ({ where_sql_template })) } : null;
}

/** An entity's, measure's or dimension's own config: its meta. */
function partConfig(part: Spec) {
  return { meta: { ...obj(part.meta), ...obj(obj(part.config).meta) } };
}

function config(s: Spec) {
  const c = obj(s.config);
  return { enabled: c.enabled !== false, group: str(c.group) ?? null, meta: { ...obj(s.meta), ...obj(c.meta) } };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const text = (v: unknown): string | null => (v === undefined || v === null ? null : String(v));
const obj = (v: unknown): Spec => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Spec) : {});
const list = (v: unknown): Spec[] => (Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? ({ name: x } as Spec) : obj(x))) : []);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
