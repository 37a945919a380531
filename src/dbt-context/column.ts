/**
 * dbt's Column (dbt/adapters/base/column.py), what `adapter.get_columns_in_relation()` returns:
 * `.name`, `.column`, `.data_type` (with size), `.dtype`, `.quoted`, `is_string()`, `is_number()`...
 */
import { bind } from '../jinja/index.js';
import type { QuoteIdentifier } from './relation.js';

const STRING = /^(character varying|varchar|text|string|char|character|nvarchar|bpchar)\b/i;
const INTEGER = /^(integer|int|int2|int4|int8|bigint|smallint|tinyint|hugeint|ubigint|uinteger|usmallint|utinyint|serial|bigserial)\b/i;
const FLOAT = /^(real|float|float4|float8|double|double precision)\b/i;
const NUMERIC = /^(numeric|decimal)\b/i;

export class Column {
  readonly char_size: number | null;
  readonly numeric_precision: number | null;
  readonly numeric_scale: number | null;
  constructor(
    readonly name: string,
    readonly dtype: string,
    private readonly quoteIdentifier: QuoteIdentifier,
  ) {
    const size = /\((\d+)(?:\s*,\s*(\d+))?\)/.exec(dtype);
    this.char_size = size && STRING.test(dtype) ? Number(size[1]) : null;
    this.numeric_precision = size && NUMERIC.test(dtype) ? Number(size[1]) : null;
    this.numeric_scale = size?.[2] !== undefined && NUMERIC.test(dtype) ? Number(size[2]) : null;
  }
  get column(): string {
    return this.name;
  }
  get quoted(): string {
    return this.quoteIdentifier(this.name);
  }
  /** The type as dbt prints it: the engine's name with its size. */
  get data_type(): string {
    return this.dtype;
  }
  is_string(): boolean {
    return STRING.test(this.dtype);
  }
  is_integer(): boolean {
    return INTEGER.test(this.dtype);
  }
  is_float(): boolean {
    return FLOAT.test(this.dtype);
  }
  is_numeric(): boolean {
    return NUMERIC.test(this.dtype);
  }
  is_number(): boolean {
    return this.is_integer() || this.is_float() || this.is_numeric();
  }
  string_size(): number {
    return this.char_size ?? 256;
  }
  can_expand_to(...args: unknown[]): boolean {
    const other = bind('can_expand_to()', ['other_column'], args).other_column as Column;
    return this.is_string() && other.is_string() && this.string_size() < other.string_size();
  }
  literal(value: unknown): string {
    return `${String(value)}::${this.data_type}`;
  }
  toString(): string {
    return `<Column ${this.name} (${this.data_type})>`;
  }
}

/** dbt's Column.TYPE_LABELS: the adapter's spelling of a generic type label (dbt-trino's TrinoColumn). */
const TYPE_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  default: { STRING: 'TEXT' },
  trino: { STRING: 'VARCHAR', FLOAT: 'DOUBLE' },
};

/**
 * `api.Column`: dbt's Column class methods. `translate_type('string')` is the adapter's name for a
 * generic label (dbt_artifacts types its tables with it), `create(name, label_or_dtype)` a Column of it.
 */
export function columnApi(quoteIdentifier: QuoteIdentifier, adapterType: string) {
  const labels = TYPE_LABELS[adapterType] ?? TYPE_LABELS.default!;
  const translate = (dtype: unknown) => labels[String(dtype).toUpperCase()] ?? String(dtype);
  return {
    translate_type: (...args: unknown[]) => translate(bind('translate_type()', ['dtype'], args).dtype),
    create: (...args: unknown[]) => {
      const { name, label_or_dtype } = bind('create()', ['name', 'label_or_dtype'], args);
      return new Column(String(name), translate(label_or_dtype), quoteIdentifier);
    },
    from_description: (...args: unknown[]) => {
      const { name, raw_data_type } = bind('from_description()', ['name', 'raw_data_type'], args);
      return new Column(String(name), String(raw_data_type), quoteIdentifier);
    },
    string_type: (...args: unknown[]) => `${adapterType === 'trino' ? 'varchar' : 'character varying'}(${String(bind('string_type()', ['size'], args).size)})`,
    numeric_type: (...args: unknown[]) => {
      const { dtype, precision, scale } = bind('numeric_type()', ['dtype', 'precision', 'scale'], args);
      return precision === null || precision === undefined || scale === null || scale === undefined ? String(dtype) : `${String(dtype)}(${String(precision)},${String(scale)})`;
    },
  };
}
