import type { Relation } from './types.js';
import { MAPPING_VIEW } from '../jinja/index.js';

/**
 * What `ref()`, `source()` and `this` return in a template: prints as the quoted relation, and
 * exposes `.schema`, `.identifier`, `.name` like dbt's Relation.
 */
export class RelationValue {
  constructor(
    readonly schema: string,
    readonly identifier: string,
    private readonly rendered: string,
    /** What it prints as instead under `--empty`: a subquery of no rows (see emptyRelation). */
    private readonly limited?: string,
  ) {}
  get name(): string {
    return this.identifier;
  }
  get table(): string {
    return this.identifier;
  }
  /** dbt's relations are Mappings: packages test `obj is mapping and obj.get('metadata')...` (dbt_utils' _is_relation). */
  [MAPPING_VIEW](): Record<string, unknown> {
    return { path: { schema: this.schema, identifier: this.identifier }, metadata: { type: 'Relation' } };
  }
  get database(): null {
    return null;
  }
  /** dbt's Relation.render(): the relation's name, never limited by --empty (models use it where a subquery cannot go). */
  render(): string {
    return this.rendered;
  }
  quote(): RelationValue {
    return this;
  }
  include(): RelationValue {
    return this;
  }
  toString(): string {
    return this.limited ?? this.rendered;
  }
  static of(relation: Relation, quote: (r: Relation) => string, limit?: EmptyRelation): RelationValue {
    const rendered = quote(relation);
    return new RelationValue(relation.schema, relation.identifier, rendered, limit?.(rendered, relation.identifier));
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

/** `run_started_at`: prints as an ISO timestamp and knows the strftime basics. */
export function runStartedAtValue(date: Date) {
  const iso = date.toISOString();
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return {
    toString: () => iso,
    isoformat: () => iso,
    timestamp: () => date.getTime() / 1000,
    strftime: (format: string) =>
      format.replace(/%([YmdHMSf%])/g, (_m, code: string) => {
        switch (code) {
          case 'Y': return String(date.getUTCFullYear());
          case 'm': return pad(date.getUTCMonth() + 1);
          case 'd': return pad(date.getUTCDate());
          case 'H': return pad(date.getUTCHours());
          case 'M': return pad(date.getUTCMinutes());
          case 'S': return pad(date.getUTCSeconds());
          case 'f': return pad(date.getUTCMilliseconds() * 1000, 6);
          default: return '%';
        }
      }),
  };
}
