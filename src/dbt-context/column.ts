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

/** `api.Column.create(name, label_or_dtype)`. */
export function columnApi(quoteIdentifier: QuoteIdentifier) {
  return { create: (name: unknown, dtype: unknown) => new Column(String(name), String(dtype), quoteIdentifier) };
}
