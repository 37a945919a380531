import type { Relation } from './types.js';
import { bind, MAPPING_VIEW, PyDateTime, pythonDateTime, pythonTimezone, pythonTruthy } from '../jinja/index.js';

/**
 * What `ref()`, `source()` and `this` return in a template: prints as the quoted relation, and
 * exposes `.database` (none in weir's own projects), `.schema`, `.identifier`, `.name` like dbt's Relation.
 */
export class RelationValue {
  constructor(
    readonly database: string | null,
    readonly schema: string,
    readonly identifier: string,
    private readonly rendered: string,
    /** What it prints as instead under `--empty`: a subquery of no rows (see emptyRelation). */
    private readonly limited?: string,
    /** `include(database=False)`'s name: schema.identifier. */
    private readonly withoutDatabase?: string,
  ) {}
  get name(): string {
    return this.identifier;
  }
  get table(): string {
    return this.identifier;
  }
  /** dbt's relations are Mappings: packages test `obj is mapping and obj.get('metadata')...` (dbt_utils' _is_relation). */
  [MAPPING_VIEW](): Record<string, unknown> {
    return { path: { database: this.database, schema: this.schema, identifier: this.identifier }, metadata: { type: 'Relation' } };
  }
  /** dbt's Relation.render(): the relation's name, never limited by --empty (models use it where a subquery cannot go). */
  render(): string {
    return this.rendered;
  }
  quote(): RelationValue {
    return this;
  }
  /** dbt's include(database=False) prints schema.identifier (the database stays readable); other parts are always printed. */
  include(...args: unknown[]): RelationValue {
    const { database } = bind('include()', ['database', 'schema', 'identifier'], args);
    if (database === undefined || database === null || pythonTruthy(database) || this.withoutDatabase === undefined) return this;
    return new RelationValue(this.database, this.schema, this.identifier, this.withoutDatabase);
  }
  /** dbt's Relation.information_schema('columns'): the engine's information_schema view beside it (weir prints relations without the database). */
  information_schema(view?: unknown): RelationValue {
    const name = typeof view === 'string' && view !== '' ? view : '';
    return new RelationValue(null, 'information_schema', name, name ? `information_schema.${name}` : 'information_schema');
  }
  toString(): string {
    return this.limited ?? this.rendered;
  }
  static of(relation: Relation, quote: (r: Relation) => string, limit?: EmptyRelation): RelationValue {
    const rendered = quote(relation);
    const withoutDatabase = relation.database === undefined ? undefined : quote({ schema: relation.schema, identifier: relation.identifier });
    return new RelationValue(relation.database ?? null, relation.schema, relation.identifier, rendered, limit?.(rendered, relation.identifier), withoutDatabase);
  }
}

/** `--empty`: how a ref or source reads no rows. */
export type EmptyRelation = (rendered: string, identifier: string) => string;

/**
 * dbt's limited relation (BaseRelation.render_limited): the engine still plans and type-checks the
 * model's SQL, but reads nothing. Named `_dbt_limit_subq_<table>` only where the engine insists, as
 * dbt does, since a name would clash with the model's own alias (`from {{ ref('x') }} as x`).
 */
export function emptyRelation(needsAlias: boolean): EmptyRelation {
  return (rendered, identifier) => `(select * from ${rendered} where false limit 0)${needsAlias ? ` _dbt_limit_subq_${identifier}` : ''}`;
}

/** An aware datetime in UTC, as dbt's `run_started_at` and result timings (str() '2026-12-06 03:50:15.857000+00:00', .hour, .tzinfo...). */
export function pyUtcDateTime(date: Date): PyDateTime {
  return pythonDateTime(date).localized(pythonTimezone(0));
}
