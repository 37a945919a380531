/** PostgreSQL's spelling of weir's cross-database macros (see src/compile/builtin-macros.ts). */
export const POSTGRES_MACROS = String.raw`
{% macro postgres__datediff(first_date, second_date, datepart) -%}
{%- set a = first_date -%}{%- set b = second_date -%}{%- set p = datepart | lower -%}
{%- if p == 'day' -%}
cast((cast({{ b }} as date) - cast({{ a }} as date)) as bigint)
{%- elif p == 'week' -%}
cast(((cast({{ b }} as date) - cast({{ a }} as date)) / 7 + case when date_part('dow', cast({{ a }} as timestamp)) <= date_part('dow', cast({{ b }} as timestamp)) then case when {{ a }} <= {{ b }} then 0 else -1 end else case when {{ a }} <= {{ b }} then 1 else 0 end end) as bigint)
{%- elif p == 'month' -%}
cast(((date_part('year', {{ b }}) - date_part('year', {{ a }})) * 12 + date_part('month', {{ b }}) - date_part('month', {{ a }})) as bigint)
{%- elif p == 'quarter' -%}
cast(((date_part('year', {{ b }}) - date_part('year', {{ a }})) * 4 + date_part('quarter', {{ b }}) - date_part('quarter', {{ a }})) as bigint)
{%- elif p == 'year' -%}
cast((date_part('year', {{ b }}) - date_part('year', {{ a }})) as bigint)
{%- elif p in ['hour', 'minute', 'second', 'millisecond', 'microsecond'] -%}
{#- Boundaries crossed, as DuckDB's date_diff and dbt count them: whole units of the coarser parts plus the difference of this part. -#}
{%- set ta = "cast(" ~ a ~ " as timestamp)" -%}{%- set tb = "cast(" ~ b ~ " as timestamp)" -%}
{%- set hours = "((cast(" ~ b ~ " as date) - cast(" ~ a ~ " as date)) * 24 + date_part('hour', " ~ tb ~ ") - date_part('hour', " ~ ta ~ "))" -%}
{%- set minutes = "(" ~ hours ~ " * 60 + date_part('minute', " ~ tb ~ ") - date_part('minute', " ~ ta ~ "))" -%}
{%- if p == 'hour' -%}
cast({{ hours }} as bigint)
{%- elif p == 'minute' -%}
cast({{ minutes }} as bigint)
{%- elif p == 'second' -%}
cast({{ minutes }} * 60 + floor(date_part('second', {{ tb }})) - floor(date_part('second', {{ ta }})) as bigint)
{%- elif p == 'millisecond' -%}
cast({{ minutes }} * 60000 + floor(date_part('milliseconds', {{ tb }})) - floor(date_part('milliseconds', {{ ta }})) as bigint)
{%- else -%}
cast({{ minutes }} * 60000000 + date_part('microseconds', {{ tb }}) - date_part('microseconds', {{ ta }}) as bigint)
{%- endif -%}
{%- else -%}
{{ exceptions.raise_compiler_error("datediff: unsupported datepart '" ~ datepart ~ "' on postgres (use year, quarter, month, week, day, hour, minute, second, millisecond or microsecond)") }}
{%- endif -%}
{%- endmacro %}
{% macro postgres__date_trunc(datepart, date) %}cast(date_trunc('{{ datepart }}', cast({{ date }} as timestamp)) as timestamp){% endmacro %}
{% macro postgres__safe_cast(field, type) -%}
{%- set t = type | lower | trim -%}
{%- set text = "trim(cast(" ~ field ~ " as text))" -%}
{%- if t in ['int', 'integer', 'int4', 'bigint', 'int8', 'smallint', 'int2'] -%}
case when {{ text }} ~ '^[+-]?[0-9]+$' then cast({{ text }} as {{ type }}) end
{%- elif t.startswith('numeric') or t.startswith('decimal') or t in ['double precision', 'double', 'float', 'float8', 'real', 'float4'] -%}
case when {{ text }} ~ '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$' then cast({{ text }} as {{ type }}) end
{%- elif t in ['boolean', 'bool'] -%}
case when lower({{ text }}) in ('true', 'false', 't', 'f', '1', '0', 'yes', 'no') then cast({{ text }} as boolean) end
{%- elif t == 'date' or t.startswith('timestamp') -%}
{#- The shape first, then (in a nested case, evaluated only for that shape) a day that exists in its month: 2024-02-30 is null, not an error. -#}
{%- set time = '' if t == 'date' else '([ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]+)?)?)?' -%}
{%- set month = "cast(substring(" ~ text ~ " from '^[0-9]{4}-([0-9]{1,2})-') as int)" -%}
{%- set day = "cast(substring(" ~ text ~ " from '^[0-9]{4}-[0-9]{1,2}-([0-9]{1,2})') as int)" -%}
{%- set last_day = "extract(day from make_date(cast(substr(" ~ text ~ ", 1, 4) as int), " ~ month ~ ", 1) + interval '1 month' - interval '1 day')" -%}
case when {{ text }} ~ '^([0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})-(0?[1-9]|1[0-2])-(0?[1-9]|[12][0-9]|3[01]){{ time }}$' then case when {{ day }} <= {{ last_day }} then cast({{ text }} as {{ type }}) end end
{%- else -%}
cast({{ field }} as {{ type }})
{%- endif -%}
{%- endmacro %}
{% macro postgres__type_string() %}text{% endmacro %}
{% macro postgres__any_value(expression) %}min({{ expression }}){% endmacro %}
{% macro postgres__type_json() %}jsonb{% endmacro %}
{% macro postgres__current_timestamp() %}now(){% endmacro %}
{% macro postgres__current_timestamp_backcompat() %}current_timestamp::{{ type_timestamp() }}{% endmacro %}
{% macro postgres__current_timestamp_in_utc_backcompat() %}(current_timestamp at time zone 'utc')::{{ type_timestamp() }}{% endmacro %}
{% macro postgres__json_field(json_column, path) %}jsonb_extract_path_text(cast({{ json_column }} as jsonb){% for key in path.split('.') %}, '{{ key }}'{% endfor %}){% endmacro %}
{% macro postgres__json_array_length(json_column, path) %}jsonb_array_length(cast({{ json_column }} as jsonb){% if path %} #> '{ {{- path.split('.') | join(',') -}} }'{% endif %}){% endmacro %}
{% macro postgres__unnest_json_array(json_column, alias, path, ordinal) %}cross join lateral jsonb_array_elements(cast({{ json_column }} as jsonb){% if path %} #> '{ {{- path.split('.') | join(',') -}} }'{% endif %}){% if ordinal %} with ordinality{% endif %} as {{ alias }}({{ alias }}{% if ordinal %}, {{ ordinal }}{% endif %}){% endmacro %}
`;
