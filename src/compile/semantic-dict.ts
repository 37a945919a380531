import type { CompiledSemanticNode } from './types.js';
import { nameOf } from './semantic-layer.js';
import { relativeToFolder } from './exposure-dict.js';

type Spec = Readonly<Record<string, unknown>>;

/**
 * Semantic models, metrics and saved queries in dbt's manifest v12 shape. dbt's schema allows no
 * other keys, so each part is rebuilt from the yml entry with the keys the schema has.
 */
export function semanticEntry(node: CompiledSemanticNode, createdAt: number, quote: (n: NonNullable<CompiledSemanticNode['model']>) => string | undefined) {
  const s = node.spec;
  const common = {
    name: node.name, package_name: node.fqn[0]!, path: relativeToFolder(node.path), original_file_path: node.path,
    unique_id: node.uniqueId, fqn: [...node.fqn], description: str(s.description) ?? '', label: str(s.label) ?? null,
    metadata: null, depends_on: { macros: [], nodes: [...node.dependsOn] },
    refs: node.refs.map((r) => ({ name: r.name, package: null, version: r.version ?? null })),
    created_at: createdAt, config: config(s), unrendered_config: {}, group: str(obj(s.config).group) ?? null,
  };
  if (node.kind === 'semantic_model') {
    const model = node.model!;
    const defaults = obj(s.defaults);
    return {
      ...common, resource_type: 'semantic_model' as const, model: str(s.model)!,
      node_relation: { alias: model.relation?.identifier ?? model.name, schema_name: model.relation?.schema ?? '', database: null, relation_name: quote(model) ?? null },
      defaults: s.defaults ? { agg_time_dimension: str(defaults.agg_time_dimension) ?? null } : null,
      primary_entity: str(s.primary_entity) ?? null,
      entities: list(s.entities).map((e) => ({ name: str(e.name)!, type: str(e.type)!, description: str(e.description) ?? null, label: str(e.label) ?? null, role: str(e.role) ?? null, expr: text(e.expr) })),
      measures: list(s.measures).map((m) => ({
        name: str(m.name)!, agg: str(m.agg)!, description: str(m.description) ?? null, label: str(m.label) ?? null,
        create_metric: m.create_metric === true, expr: text(m.expr), agg_time_dimension: str(m.agg_time_dimension) ?? null,
      })),
      dimensions: list(s.dimensions).map((d) => ({
        name: str(d.name)!, type: str(d.type)!, description: str(d.description) ?? null, label: str(d.label) ?? null,
        is_partition: d.is_partition === true, expr: text(d.expr),
        type_params: d.type_params ? { time_granularity: str(obj(d.type_params).time_granularity) ?? 'day', validity_params: null } : null,
      })),
    };
  }
  if (node.kind === 'metric') {
    return {
      ...common, resource_type: 'metric' as const, label: str(s.label) ?? node.name, type: str(s.type)!,
      type_params: typeParams(obj(s.type_params)), filter: filter(s.filter), time_granularity: str(s.time_granularity) ?? null,
      sources: [], metrics: node.dependsOn.filter((id) => id.startsWith('metric.')).map((id) => [id.slice(id.lastIndexOf('.') + 1)]),
      meta: { ...obj(s.meta), ...obj(obj(s.config).meta) }, tags: tags(s.tags),
    };
  }
  const params = obj(s.query_params);
  return {
    ...common, resource_type: 'saved_query' as const,
    query_params: {
      metrics: strings(params.metrics), group_by: strings(params.group_by), where: filter(params.where),
      order_by: strings(params.order_by), limit: typeof params.limit === 'number' ? params.limit : null,
    },
    exports: list(s.exports).map((e) => {
      const c = obj(e.config);
      return { name: str(e.name)!, config: { export_as: c.export_as === 'view' ? 'view' : 'table', schema_name: str(c.schema) ?? null, alias: str(c.alias) ?? null, database: null }, unrendered_config: {} };
    }),
    tags: tags(s.tags),
  };
}

/** A metric's type_params as MetricFlow's spec spells them (measures and inputs as objects). */
function typeParams(p: Spec) {
  const input = (v: unknown) => (nameOf(v) === undefined ? null : { name: nameOf(v)!, filter: filter(obj(v).filter), alias: str(obj(v).alias) ?? null, offset_window: null, offset_to_grain: null });
  const measure = (v: unknown) => (nameOf(v) === undefined ? null : { name: nameOf(v)!, filter: filter(obj(v).filter), alias: str(obj(v).alias) ?? null, join_to_timespine: obj(v).join_to_timespine === true, fill_nulls_with: typeof obj(v).fill_nulls_with === 'number' ? obj(v).fill_nulls_with : null });
  const m = measure(p.measure);
  return {
    measure: m, input_measures: m ? [m] : [], numerator: input(p.numerator), denominator: input(p.denominator),
    expr: text(p.expr), window: window(p.window), grain_to_date: str(p.grain_to_date) ?? null,
    metrics: list(p.metrics).map((v) => input(v)!).filter(Boolean),
    conversion_type_params: null, cumulative_type_params: cumulative(p), metric_aggregation_params: null,
  };
}

/** A cumulative metric's window, grain_to_date and period_agg (dbt 1.9 nests them in cumulative_type_params). */
function cumulative(p: Spec) {
  if (p.cumulative_type_params === undefined && p.window === undefined && p.grain_to_date === undefined) return null;
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

function config(s: Spec) {
  const c = obj(s.config);
  return { enabled: c.enabled !== false, group: str(c.group) ?? null, meta: { ...obj(s.meta), ...obj(c.meta) } };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const text = (v: unknown): string | null => (v === undefined || v === null ? null : String(v));
const obj = (v: unknown): Spec => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Spec) : {});
const list = (v: unknown): Spec[] => (Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? ({ name: x } as Spec) : obj(x))) : []);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const tags = (v: unknown): string[] => (typeof v === 'string' ? [v] : strings(v));
