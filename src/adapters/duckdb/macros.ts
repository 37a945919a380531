/** DuckDB's spelling of weir's cross-database macros (see src/compile/builtin-macros.ts). */
export const DUCKDB_MACROS = String.raw`
{% macro duckdb__datediff(first_date, second_date, datepart) %}date_diff('{{ datepart }}', ({{ first_date }})::timestamp, ({{ second_date }})::timestamp){% endmacro %}
{% macro duckdb__safe_cast(field, type) %}try_cast({{ field }} as {{ type }}){% endmacro %}
{% macro duckdb__type_float() %}double{% endmacro %}
{% macro duckdb__array_construct(inputs, data_type) %}{% if inputs %}[ {{ inputs | join(' , ') }} ]{% else %}cast([] as {{ data_type }}[]){% endif %}{% endmacro %}
{% macro duckdb__array_concat(array_1, array_2) %}list_concat({{ array_1 }}, {{ array_2 }}){% endmacro %}
{% macro duckdb__array_append(array, new_element) %}list_append({{ array }}, {{ new_element }}){% endmacro %}
{% macro duckdb__json_field(json_column, path) %}json_extract_string({{ json_column }}, '$.{{ path }}'){% endmacro %}
{% macro duckdb__json_array_length(json_column, path) %}json_array_length({{ json_column }}{% if path %}, '$.{{ path }}'{% endif %}){% endmacro %}
{% macro duckdb__unnest_json_array(json_column, alias, path, ordinal) %}cross join unnest(cast({% if path %}json_extract({{ json_column }}, '$.{{ path }}'){% else %}{{ json_column }}{% endif %} as json[])){% if ordinal %} with ordinality{% endif %} as {{ alias }}({{ alias }}{% if ordinal %}, {{ ordinal }}{% endif %}){% endmacro %}
{% macro duckdb__generate_series(upper_bound) %}select generate_series as generated_number from generate_series(1, {{ upper_bound }}){% endmacro %}
`;
