{#
    As dbt's docs write it: in production a custom schema is used as it is (marts, not
    analytics_marts); anywhere else it is prefixed with the target's schema, as dbt's default does,
    so two developers never build over each other.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- set default_schema = target.schema -%}
    {%- if custom_schema_name is none -%}
        {{ default_schema }}
    {%- elif target.name == 'prod' -%}
        {{ custom_schema_name | trim }}
    {%- else -%}
        {{ default_schema }}_{{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
