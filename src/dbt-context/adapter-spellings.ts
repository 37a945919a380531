/**
 * Where weir's cross-database macros (src/adapters/<engine>/macros.ts) and dbt's adapters spell a macro
 * differently in a way that shows in the rows or their types, a dbt project gets the dbt adapter's
 * spelling, so it builds what dbt builds. weir's spellings stay for weir's own projects, which promise
 * the same rows on every engine (PostgreSQL's date_trunc of a date is a timestamptz; DuckDB's `float`
 * is 32 bits). Texts as in dbt-postgres 1.9 and dbt-duckdb 1.10.
 */
const POSTGRES = String.raw`
{% macro postgres__date_trunc(datepart, date) %}date_trunc('{{ datepart }}', {{ date }}){% endmacro %}
{% macro postgres__datediff(first_date, second_date, datepart) -%}
{%- if datepart == 'year' -%}
(date_part('year', ({{ second_date }})::date) - date_part('year', ({{ first_date }})::date))
{%- elif datepart == 'quarter' -%}
({{ datediff(first_date, second_date, 'year') }} * 4 + date_part('quarter', ({{ second_date }})::date) - date_part('quarter', ({{ first_date }})::date))
{%- elif datepart == 'month' -%}
({{ datediff(first_date, second_date, 'year') }} * 12 + date_part('month', ({{ second_date }})::date) - date_part('month', ({{ first_date }})::date))
{%- elif datepart == 'day' -%}
(({{ second_date }})::date - ({{ first_date }})::date)
{%- elif datepart == 'week' -%}
({{ datediff(first_date, second_date, 'day') }} / 7 + case when date_part('dow', ({{ first_date }})::timestamp) <= date_part('dow', ({{ second_date }})::timestamp) then case when {{ first_date }} <= {{ second_date }} then 0 else -1 end else case when {{ first_date }} <= {{ second_date }} then 1 else 0 end end)
{%- elif datepart == 'hour' -%}
({{ datediff(first_date, second_date, 'day') }} * 24 + date_part('hour', ({{ second_date }})::timestamp) - date_part('hour', ({{ first_date }})::timestamp))
{%- elif datepart == 'minute' -%}
({{ datediff(first_date, second_date, 'hour') }} * 60 + date_part('minute', ({{ second_date }})::timestamp) - date_part('minute', ({{ first_date }})::timestamp))
{%- elif datepart == 'second' -%}
({{ datediff(first_date, second_date, 'minute') }} * 60 + floor(date_part('second', ({{ second_date }})::timestamp)) - floor(date_part('second', ({{ first_date }})::timestamp)))
{%- elif datepart == 'millisecond' -%}
({{ datediff(first_date, second_date, 'minute') }} * 60000 + floor(date_part('millisecond', ({{ second_date }})::timestamp)) - floor(date_part('millisecond', ({{ first_date }})::timestamp)))
{%- elif datepart == 'microsecond' -%}
({{ datediff(first_date, second_date, 'minute') }} * 60000000 + floor(date_part('microsecond', ({{ second_date }})::timestamp)) - floor(date_part('microsecond', ({{ first_date }})::timestamp)))
{%- else -%}
{{ exceptions.raise_compiler_error("Unsupported datepart for macro datediff in postgres: {!r}".format(datepart)) }}
{%- endif -%}
{%- endmacro %}
`;

const DUCKDB = String.raw`
{% macro duckdb__type_float() %}float{% endmacro %}
{% macro duckdb__dateadd(datepart, interval, from_date_or_timestamp) -%}
{%- set unit = datepart | lower -%}
{%- if unit == 'quarter' -%}
({{ from_date_or_timestamp }} + (cast({{ interval }} as bigint) * 3) * interval 1 month)
{%- elif unit == 'week' -%}
({{ from_date_or_timestamp }} + (cast({{ interval }} as bigint) * 7) * interval 1 day)
{%- else -%}
({{ from_date_or_timestamp }} + cast({{ interval }} as bigint) * interval 1 {{ unit }})
{%- endif -%}
{%- endmacro %}
{% macro duckdb__datediff(first_date, second_date, datepart) -%}
{%- if datepart == 'week' -%}
({{ datediff(first_date, second_date, 'day') }} // 7 + case when date_part('dow', ({{ first_date }})::timestamp) <= date_part('dow', ({{ second_date }})::timestamp) then case when {{ first_date }} <= {{ second_date }} then 0 else -1 end else case when {{ first_date }} <= {{ second_date }} then 1 else 0 end end)
{%- else -%}
(date_diff('{{ datepart }}', {{ first_date }}::timestamp, {{ second_date }}::timestamp))
{%- endif -%}
{%- endmacro %}
`;

const SPELLINGS: Readonly<Record<string, string>> = { postgres: POSTGRES, duckdb: DUCKDB };

const MACRO_BLOCK = /\{%-?\s*macro\s+([A-Za-z_][A-Za-z0-9_]*)\s*\([\s\S]*?\{%-?\s*endmacro\s*-?%\}\n?/g;

/** The engine's macros for a dbt project: weir's, with those dbt's adapter spells otherwise replaced by its spelling. */
export function dbtAdapterMacros(engine: string, weirMacros: string): string {
  const dbt = SPELLINGS[engine];
  if (!dbt) return weirMacros;
  const replaced = new Set([...dbt.matchAll(MACRO_BLOCK)].map((m) => m[1]!));
  return weirMacros.replace(MACRO_BLOCK, (block, name: string) => (replaced.has(name) ? '' : block)) + dbt;
}
