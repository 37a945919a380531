{#- Money helpers. Amounts are decimal(18,2) dollars or bigint cents; the SQL is standard, so the
    same macros work on DuckDB and PostgreSQL. -#}

{#- Rounds any numeric expression (decimal or double) to a decimal(18,2) dollar amount. -#}
{% macro money(expr) -%}
cast(round(cast({{ expr }} as decimal(18,6)), 2) as decimal(18,2))
{%- endmacro %}

{#- A price after a percentage discount: discounted('price', 'discount_percentage'). -#}
{% macro discounted(price, pct) -%}
({{ price }} * (100 - coalesce({{ pct }}, 0)) / 100)
{%- endmacro %}

{#- Dollars to whole cents, for exact sums and comparisons. -#}
{% macro dollars_to_cents(col) -%}
cast(round(cast({{ col }} as decimal(18,6)) * 100, 0) as bigint)
{%- endmacro %}

{#- Whole cents back to decimal(18,2) dollars. -#}
{% macro cents_to_dollars(col) -%}
cast(cast({{ col }} as decimal(18,2)) / 100 as decimal(18,2))
{%- endmacro %}
