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
{%- elif p == 'hour' -%}
cast(((cast({{ b }} as date) - cast({{ a }} as date)) * 24 + date_part('hour', {{ b }}) - date_part('hour', {{ a }})) as bigint)
{%- elif p == 'minute' -%}
cast((((cast({{ b }} as date) - cast({{ a }} as date)) * 24 + date_part('hour', {{ b }}) - date_part('hour', {{ a }})) * 60 + date_part('minute', {{ b }}) - date_part('minute', {{ a }})) as bigint)
{%- elif p == 'second' -%}
cast(floor(date_part('epoch', cast({{ b }} as timestamp)) - date_part('epoch', cast({{ a }} as timestamp))) as bigint)
{%- else -%}
{{ exceptions.raise_compiler_error("datediff: unsupported datepart '" ~ datepart ~ "' on postgres (use day, week, month, quarter, year, hour, minute or second)") }}
{%- endif -%}
{%- endmacro %}
{% macro postgres__date_trunc(datepart, date) %}cast(date_trunc('{{ datepart }}', cast({{ date }} as timestamp)) as timestamp){% endmacro %}
{% macro postgres__safe_cast(field, type) -%}
{%- set t = type | lower | trim -%}
{%- set text = "trim(cast(" ~ field ~ " as text))" -%}
{%- if t in ['int', 'integer', 'int4', 'bigint', 'int8', 'smallint', 'int2'] -%}
case when {{ text }} ~ '^[+-]?[0-9]+$' then cast({{ text }} as {{ type }}) end
{%- elif t.startsWith('numeric') or t.startsWith('decimal') or t in ['double precision', 'double', 'float', 'float8', 'real', 'float4'] -%}
case when {{ text }} ~ '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$' then cast({{ text }} as {{ type }}) end
{%- elif t in ['boolean', 'bool'] -%}
case when lower({{ text }}) in ('true', 'false', 't', 'f', '1', '0', 'yes', 'no') then cast({{ text }} as boolean) end
{%- elif t == 'date' -%}
case when {{ text }} ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' then cast({{ text }} as date) end
{%- elif t.startsWith('timestamp') -%}
case when {{ text }} ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?$' then cast({{ text }} as {{ type }}) end
{%- else -%}
cast({{ field }} as {{ type }})
{%- endif -%}
{%- endmacro %}
{% macro postgres__type_string() %}text{% endmacro %}
{% macro postgres__type_json() %}jsonb{% endmacro %}
{% macro postgres__current_timestamp() %}now(){% endmacro %}
{% macro postgres__json_field(json_column, path) %}jsonb_extract_path_text(cast({{ json_column }} as jsonb){% for key in path.split('.') %}, '{{ key }}'{% endfor %}){% endmacro %}
{% macro postgres__json_array_length(json_column, path) %}jsonb_array_length(cast({{ json_column }} as jsonb){% if path %} #> '{ {{- path.split('.') | join(',') -}} }'{% endif %}){% endmacro %}
{% macro postgres__unnest_json_array(json_column, alias, path) %}cross join lateral jsonb_array_elements(cast({{ json_column }} as jsonb){% if path %} #> '{ {{- path.split('.') | join(',') -}} }'{% endif %}) as {{ alias }}({{ alias }}){% endmacro %}
`;
