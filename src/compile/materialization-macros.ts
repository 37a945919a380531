import type { SqlFile } from '../project/types.js';
import { BUILTIN_MACROS_PATH } from './builtin-macros.js';

/**
 * The macros dbt's materializations call, as dbt defines them (simplified where weir has one way),
 * for custom `{% materialization %}` blocks. Each public one dispatches, so a project (or an engine)
 * overrides `<engine>__create_table_as` and friends as in dbt. Loaded only when a node runs.
 * Temporary tables have no schema (both engines keep them in the session's own).
 */
const MACROS = String.raw`
{% macro make_temp_relation(base_relation, suffix='__dbt_tmp') %}{{ return(adapter.dispatch('make_temp_relation')(base_relation, suffix)) }}{% endmacro %}
{% macro default__make_temp_relation(base_relation, suffix) %}
  {{- return(base_relation.incorporate(path={"identifier": base_relation.identifier ~ suffix ~ modules.datetime.datetime.now().strftime("%H%M%S%f"), "schema": none, "database": none})) -}}
{% endmacro %}
{% macro make_intermediate_relation(base_relation, suffix='__dbt_tmp') %}{{ return(base_relation.incorporate(path={"identifier": base_relation.identifier ~ suffix})) }}{% endmacro %}
{% macro make_backup_relation(base_relation, backup_relation_type, suffix='__dbt_backup') %}{{ return(base_relation.incorporate(path={"identifier": base_relation.identifier ~ suffix}, type=backup_relation_type)) }}{% endmacro %}
{% macro load_cached_relation(relation) %}{{ return(load_relation(relation)) }}{% endmacro %}
{% macro drop_relation_if_exists(relation) %}{% if relation is not none %}{{ adapter.drop_relation(relation) }}{% endif %}{% endmacro %}
{% macro get_create_table_as_sql(temporary, relation, sql) %}{{ return(adapter.dispatch('get_create_table_as_sql')(temporary, relation, sql)) }}{% endmacro %}
{% macro default__get_create_table_as_sql(temporary, relation, sql) %}{{ return(create_table_as(temporary, relation, sql)) }}{% endmacro %}
{% macro create_table_as(temporary, relation, compiled_code, language='sql') %}{{ return(adapter.dispatch('create_table_as')(temporary, relation, compiled_code)) }}{% endmacro %}
{% macro default__create_table_as(temporary, relation, sql) -%}
  {%- set sql_header = config.get('sql_header', none) -%}
  {{ sql_header if sql_header is not none }}
  create {% if temporary %}temporary {% endif %}table {{ relation.include(database=(not temporary), schema=(not temporary)) }}
  as (
    {{ sql }}
  )
{%- endmacro %}
{% macro get_create_view_as_sql(relation, sql) %}{{ return(adapter.dispatch('get_create_view_as_sql')(relation, sql)) }}{% endmacro %}
{% macro default__get_create_view_as_sql(relation, sql) %}{{ return(create_view_as(relation, sql)) }}{% endmacro %}
{% macro create_view_as(relation, sql) %}{{ return(adapter.dispatch('create_view_as')(relation, sql)) }}{% endmacro %}
{% macro default__create_view_as(relation, sql) -%}
  {%- set sql_header = config.get('sql_header', none) -%}
  {{ sql_header if sql_header is not none }}
  create view {{ relation }} as (
    {{ sql }}
  )
{%- endmacro %}
{% macro should_full_refresh() %}
  {%- set config_full_refresh = config.get('full_refresh') -%}
  {%- if config_full_refresh is none -%}{%- set config_full_refresh = flags.FULL_REFRESH -%}{%- endif -%}
  {{- return(config_full_refresh) -}}
{% endmacro %}
{% macro run_hooks(hooks, inside_transaction=True) %}
  {% for hook in hooks | selectattr('transaction', 'equalto', inside_transaction) %}
    {% set rendered = render(hook.get('sql')) | trim %}
    {% if (rendered | length) > 0 %}
      {% call statement(auto_begin=inside_transaction) %}{{ rendered }}{% endcall %}
    {% endif %}
  {% endfor %}
{% endmacro %}
{% macro get_quoted_csv(column_names) %}
  {%- set quoted = [] -%}
  {%- for col in column_names -%}{%- do quoted.append(adapter.quote(col)) -%}{%- endfor -%}
  {{- quoted | join(', ') -}}
{% endmacro %}
{% macro get_columns_in_relation(relation) %}{{ return(adapter.get_columns_in_relation(relation)) }}{% endmacro %}
{% macro persist_docs(relation, model, for_relation=true, for_columns=true) %}{{ return(adapter.dispatch('persist_docs')(relation, model, for_relation, for_columns)) }}{% endmacro %}
{% macro default__persist_docs(relation, model, for_relation, for_columns) %}
  {%- set wanted = config.get('persist_docs', {}) -%}
  {%- if for_relation and wanted.get('relation') and model.description -%}
    {% call statement('persist_docs') %}comment on {{ 'view' if relation.type == 'view' else 'table' }} {{ relation }} is '{{ model.description | replace("'", "''") }}'{% endcall %}
  {%- endif -%}
  {%- if for_columns and wanted.get('columns') -%}
    {%- for column in model.columns.values() if column.description -%}
      {% call statement('persist_docs') %}comment on column {{ relation }}.{{ adapter.quote(column.name) }} is '{{ column.description | replace("'", "''") }}'{% endcall %}
    {%- endfor -%}
  {%- endif -%}
{% endmacro %}
{% macro should_revoke(existing_relation, full_refresh_mode=True) %}{{ return(false) }}{% endmacro %}
{% macro apply_grants(relation, grant_config, should_revoke=True) %}{% endmacro %}
`;

/** A custom materialization's apply_grants does nothing yet (weir's own materializations apply grants: execute/materializations/grants.ts). */
export const MATERIALIZATION_MACROS_FILE: SqlFile = {
  name: 'materializations', path: `${BUILTIN_MACROS_PATH}/materializations.sql`, absolutePath: '', fqn: ['materializations'], text: MACROS,
};
