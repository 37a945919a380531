{#- Arithmetic that behaves the same on every engine. -#}

{#- Floating-point division that yields null instead of failing when the denominator is 0 or null
    (PostgreSQL would otherwise divide integers as integers). -#}
{% macro safe_divide(numerator, denominator) -%}
(cast({{ numerator }} as double precision) / nullif(cast({{ denominator }} as double precision), 0))
{%- endmacro %}

{#- Relative change from previous to current, e.g. a daily return: pct_change('close', 'previous_close'). -#}
{% macro pct_change(current, previous) -%}
{{ safe_divide('(' ~ current ~ ') - (' ~ previous ~ ')', previous) }}
{%- endmacro %}
