/**
 * dbt's Relation as templates use it: `.database`, `.schema`, `.identifier`/`.name`/`.table`,
 * `.type`, `is_table`/`is_view`, `.include(database=False)`, `.render()`, `.quote()`,
 * `.incorporate(path=..., type=...)`; prints as the quoted name. `api.Relation.create(...)` makes one.
 */
import { bind, JinjaError, MAPPING_VIEW, pythonTruthy } from '../jinja/index.js';

export type QuoteIdentifier = (name: string) => string;

interface Parts {
  readonly database: boolean;
  readonly schema: boolean;
  readonly identifier: boolean;
}

const ALL: Parts = { database: true, schema: true, identifier: true };

export class Relation {
  constructor(
    readonly database: string | null,
    readonly schema: string | null,
    readonly identifier: string | null,
    readonly type: string | null,
    protected readonly quoteIdentifier: QuoteIdentifier,
    // As dbt's: every part that is set is printed; weir's own projects leave the database unset (schema.identifier).
    protected readonly parts: Parts = ALL,
  ) {}
  get name(): string | null {
    return this.identifier;
  }
  get table(): string | null {
    return this.identifier;
  }
  get is_table(): boolean {
    return this.type === 'table';
  }
  get is_view(): boolean {
    return this.type === 'view';
  }
  get is_cte(): boolean {
    return this.type === 'cte';
  }
  get is_materialized_view(): boolean {
    return this.type === 'materialized_view';
  }
  get path(): Record<string, string | null> {
    return { database: this.database, schema: this.schema, identifier: this.identifier };
  }
  include(...args: unknown[]): Relation {
    const a = bind('include()', ['database', 'schema', 'identifier'], args);
    const pick = (key: keyof Parts) => (a[key] === undefined || a[key] === null ? this.parts[key] : pythonTruthy(a[key]));
    return new Relation(this.database, this.schema, this.identifier, this.type, this.quoteIdentifier, { database: pick('database'), schema: pick('schema'), identifier: pick('identifier') });
  }
  /** Quoting is always on in weir (names are printed as created): quote() keeps the relation as it is. */
  quote(): Relation {
    return this;
  }
  incorporate(...args: unknown[]): Relation {
    const a = bind('incorporate()', ['path', 'type'], args);
    const path = (a.path ?? {}) as Record<string, string | null | undefined>;
    // A key given as none clears that part (a temporary table has no schema).
    const part = (key: 'database' | 'schema' | 'identifier') => (path[key] === undefined ? this[key] : path[key] ?? null);
    return new Relation(part('database'), part('schema'), part('identifier'), (a.type as string | undefined) ?? this.type, this.quoteIdentifier, this.parts);
  }
  /** dbt's relations are Mappings: packages test `obj is mapping and obj.get('metadata')...` (dbt_utils' _is_relation). */
  [MAPPING_VIEW](): Record<string, unknown> {
    return { path: this.path, type: this.type, metadata: { type: 'Relation' } };
  }
  render(): string {
    const parts = (['database', 'schema', 'identifier'] as const).filter((p) => this.parts[p] && this[p]).map((p) => this.quoteIdentifier(this[p]!));
    return parts.join('.');
  }
  toString(): string {
    return this.render();
  }
}

/** Schema and identifier of whatever a template passes as a relation (a Relation, ref(), or a dict). */
export function relationParts(value: unknown, what: string): { database: string | null; schema: string; identifier: string } {
  const v = value as Record<string, unknown> | null | undefined;
  const schema = v?.schema;
  const identifier = v?.identifier ?? v?.name;
  if (typeof schema !== 'string' || typeof identifier !== 'string') {
    throw new JinjaError(`${what} needs a relation (ref('model'), source('s', 't'), this or api.Relation.create(schema=..., identifier=...)), got ${String(value)}`);
  }
  return { database: typeof v?.database === 'string' ? v.database : null, schema, identifier };
}

/** `api.Relation.create(database=None, schema=None, identifier=None, type=None)`: as dbt's, no database unless given. */
export function relationApi(quoteIdentifier: QuoteIdentifier) {
  return {
    create: (...args: unknown[]) => {
      const a = bind('api.Relation.create()', ['database', 'schema', 'identifier', 'type', 'quote_policy', 'include_policy'], args);
      const text = (x: unknown) => (x === undefined || x === null ? null : String(x));
      return new Relation(text(a.database), text(a.schema), text(a.identifier), text(a.type), quoteIdentifier);
    },
  };
}
