{% macro cents_to_dollars(column_name) -%}
    ({{ column_name }} / {{ var('amount_divisor') }})::numeric(16, 2)
{%- endmacro %}
