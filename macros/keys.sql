{#- Surrogate keys, as dbt_utils.generate_surrogate_key: the md5 hex of the columns' text joined by '-',
    a null written as '_weir_null_' (so (null, 'a') and ('', 'a') differ). Integers, text, dates and booleans
    render the same on DuckDB and PostgreSQL, so the keys are the same on both; keep floating-point columns
    out of keys. Usage: {{ surrogate_key(['customer_id', 'purchase_date']) }} -#}
{% macro surrogate_key(fields) -%}
{{ hash(surrogate_key_text(fields)) }}
{%- endmacro %}

{% macro surrogate_key_text(fields) -%}
{%- for field in fields -%}
coalesce(cast({{ field }} as {{ type_string() }}), '_weir_null_'){% if not loop.last %} || '-' || {% endif %}
{%- endfor -%}
{%- endmacro %}
