/** Trino's spelling of weir's cross-database macros (see src/compile/builtin-macros.ts). */
export const TRINO_MACROS = String.raw`
{% macro trino__dateadd(datepart, interval, from_date_or_timestamp) %}date_add('{{ datepart }}', {{ interval }}, {{ from_date_or_timestamp }}){% endmacro %}
{% macro trino__datediff(first_date, second_date, datepart) -%}
{#- Boundaries crossed, as DuckDB's date_diff and dbt count them; Trino's date_diff counts whole units elapsed, so both ends are truncated first. -#}
{%- set p = datepart | lower -%}
{%- set ta = "cast(" ~ first_date ~ " as timestamp(6))" -%}{%- set tb = "cast(" ~ second_date ~ " as timestamp(6))" -%}
{%- if p == 'week' -%}
cast(date_diff('day', cast({{ first_date }} as date), cast({{ second_date }} as date)) / 7 as bigint)
{%- elif p in ['year', 'quarter', 'month', 'day', 'hour', 'minute', 'second', 'millisecond'] -%}
date_diff('{{ p }}', date_trunc('{{ p }}', {{ ta }}), date_trunc('{{ p }}', {{ tb }}))
{%- elif p == 'microsecond' -%}
(date_diff('millisecond', date_trunc('second', {{ ta }}), date_trunc('second', {{ tb }})) * 1000 + (cast(format_datetime({{ tb }}, 'SSSSSS') as bigint) - cast(format_datetime({{ ta }}, 'SSSSSS') as bigint)))
{%- else -%}
{{ exceptions.raise_compiler_error("datediff: unsupported datepart '" ~ datepart ~ "' on trino (use year, quarter, month, week, day, hour, minute, second, millisecond or microsecond)") }}
{%- endif -%}
{%- endmacro %}
{% macro trino__date_trunc(datepart, date) %}date_trunc('{{ datepart }}', cast({{ date }} as timestamp(6))){% endmacro %}
{% macro trino__safe_cast(field, type) %}try_cast({{ field }} as {{ type }}){% endmacro %}
{% macro trino__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
{%- if limit_num -%}
array_join(slice(array_agg({{ measure }}{% if order_by_clause %} {{ order_by_clause }}{% endif %}), 1, {{ limit_num }}), {{ delimiter_text }})
{%- else -%}
listagg({{ measure }}, {{ delimiter_text }}){% if order_by_clause %} within group ({{ order_by_clause }}){% endif %}
{%- endif -%}
{%- endmacro %}
{% macro trino__hash(field) %}lower(to_hex(md5(to_utf8(cast({{ field }} as varchar))))){% endmacro %}
{% macro trino__type_float() %}double{% endmacro %}
{% macro trino__any_value(expression) %}arbitrary({{ expression }}){% endmacro %}
{% macro trino__array_construct(inputs, data_type) %}{% if inputs %}array[ {{ inputs | join(' , ') }} ]{% else %}cast(array[] as array({{ data_type }})){% endif %}{% endmacro %}
{% macro trino__array_append(array, new_element) %}{{ array }} || {{ new_element }}{% endmacro %}
{% macro trino__array_concat(array_1, array_2) %}concat({{ array_1 }}, {{ array_2 }}){% endmacro %}
{% macro trino__position(substring_text, string_text) %}strpos({{ string_text }}, {{ substring_text }}){% endmacro %}
{% macro trino__right(string_text, length_expression) %}case when {{ length_expression }} = 0 then '' else substr({{ string_text }}, -({{ length_expression }})) end{% endmacro %}
{% macro trino__bool_or(expression) %}bool_or({{ expression }}){% endmacro %}
{% macro trino__type_numeric() %}decimal(28,6){% endmacro %}
{% macro trino__type_timestamp() %}timestamp(6){% endmacro %}
{#- Iceberg has no JSON column type: JSON is stored as text and read with the json functions. -#}
{% macro trino__type_json() %}varchar{% endmacro %}
{% macro trino__json_field(json_column, path) %}json_extract_scalar({{ json_column }}, '$.{{ path }}'){% endmacro %}
{% macro trino__json_array_length(json_column, path) %}json_array_length({% if path %}json_extract({{ json_column }}, '$.{{ path }}'){% else %}{{ json_column }}{% endif %}){% endmacro %}
{% macro trino__unnest_json_array(json_column, alias, path, ordinal) %}cross join unnest(cast({% if path %}json_extract({{ json_column }}, '$.{{ path }}'){% else %}json_parse({{ json_column }}){% endif %} as array(json))){% if ordinal %} with ordinality{% endif %} as {{ alias }}({{ alias }}{% if ordinal %}, {{ ordinal }}{% endif %}){% endmacro %}
`;
