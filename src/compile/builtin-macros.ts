import type { SqlFile } from '../project/types.js';

/**
 * weir's cross-database macros, as in dbt: each public macro dispatches to `<adapter>__<name>`, else
 * `default__<name>`. Engine implementations live with their adapter (src/adapters/<engine>/macros.ts);
 * a project overrides any of them by defining a macro of the same name in macros/.
 * Arguments are SQL expressions as text: dateadd('day', 7, 'order_date').
 */
export const BUILTIN_MACROS_PATH = '(weir built-in macros)';

const dispatched: ReadonlyArray<readonly [string, string]> = [
  ['dateadd', 'datepart, interval, from_date_or_timestamp'],
  ['datediff', 'first_date, second_date, datepart'],
  ['date_trunc', 'datepart, date'],
  ['safe_cast', 'field, type'],
  ['concat', 'fields'],
  ['split_part', 'string_text, delimiter_text, part_number'],
  ['listagg', "measure, delimiter_text=\"','\", order_by_clause=none, limit_num=none"],
  ['hash', 'field'],
  ['current_timestamp', ''],
  ['json_field', 'json_column, path'],
  ['unnest_json_array', 'json_column, alias, path=none, ordinal=none'],
  ['json_array_length', 'json_column, path=none'],
  ['type_string', ''],
  ['type_int', ''],
  ['type_bigint', ''],
  ['type_float', ''],
  ['type_numeric', ''],
  ['type_timestamp', ''],
  ['type_boolean', ''],
  ['type_json', ''],
  ['any_value', 'expression'],
  ['bool_or', 'expression'],
  ['cast_bool_to_text', 'field'],
  ['cast', 'field, type'],
  ['escape_single_quotes', 'expression'],
  ['string_literal', 'value'],
  ['array_construct', "inputs=[], data_type='integer'"],
  ['array_append', 'array, new_element'],
  ['array_concat', 'array_1, array_2'],
  ['last_day', 'date, datepart'],
  ['position', 'substring_text, string_text'],
  ['length', 'expression'],
  ['replace', 'field, old_chars, new_chars'],
  ['right', 'string_text, length_expression'],
  ['intersect', ''],
  ['except', ''],
];

const argNames = (signature: string) => signature.replace(/"[^"]*"|'[^']*'/g, '""').split(',').map((a) => a.split('=')[0]!.trim()).filter(Boolean);

const dispatchers = dispatched.map(([name, signature]) =>
  `{% macro ${name}(${signature}) %}{{ adapter.dispatch('${name}')(${argNames(signature).join(', ')}) }}{% endmacro %}`,
).join('\n');

/** The SQL-standard spelling; engines override only where theirs differs. */
const defaults = String.raw`
{% macro set_sql_header(config) -%}{{ config.set('sql_header', caller()) }}{%- endmacro %}
{% macro should_store_failures() %}{{ return(config.get('store_failures') or flags.STORE_FAILURES) }}{% endmacro %}
{% macro default__dateadd(datepart, interval, from_date_or_timestamp) %}({{ from_date_or_timestamp }} + ((interval '1 {{ datepart }}') * ({{ interval }}))){% endmacro %}
{% macro default__date_trunc(datepart, date) %}date_trunc('{{ datepart }}', {{ date }}){% endmacro %}
{% macro default__safe_cast(field, type) %}cast({{ field }} as {{ type }}){% endmacro %}
{% macro default__concat(fields) %}{{ fields | join(' || ') }}{% endmacro %}
{% macro default__split_part(string_text, delimiter_text, part_number) %}split_part({{ string_text }}, {{ delimiter_text }}, {{ part_number }}){% endmacro %}
{% macro default__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
{%- if limit_num -%}
array_to_string((array_agg({{ measure }}{% if order_by_clause %} {{ order_by_clause }}{% endif %}))[1:{{ limit_num }}], {{ delimiter_text }})
{%- else -%}
string_agg({{ measure }}, {{ delimiter_text }}{% if order_by_clause %} {{ order_by_clause }}{% endif %})
{%- endif -%}
{%- endmacro %}
{% macro string_agg(measure, delimiter_text="','", order_by_clause=none, limit_num=none) %}{{ listagg(measure, delimiter_text, order_by_clause, limit_num) }}{% endmacro %}
{% macro default__hash(field) %}md5(cast({{ field }} as {{ type_string() }})){% endmacro %}
{% macro default__current_timestamp() %}current_timestamp{% endmacro %}
{% macro default__type_string() %}varchar{% endmacro %}
{% macro default__type_int() %}integer{% endmacro %}
{% macro default__type_bigint() %}bigint{% endmacro %}
{% macro default__type_float() %}double precision{% endmacro %}
{% macro default__type_numeric() %}numeric(28,6){% endmacro %}
{% macro default__type_timestamp() %}timestamp{% endmacro %}
{% macro default__type_boolean() %}boolean{% endmacro %}
{% macro default__type_json() %}json{% endmacro %}
{% macro default__any_value(expression) %}any_value({{ expression }}){% endmacro %}
{% macro default__bool_or(expression) %}bool_or({{ expression }}){% endmacro %}
{% macro default__cast_bool_to_text(field) %}cast({{ field }} as {{ type_string() }}){% endmacro %}
{% macro default__cast(field, type) %}cast({{ field }} as {{ type }}){% endmacro %}
{% macro default__escape_single_quotes(expression) %}{{ expression | replace("'", "''") }}{% endmacro %}
{% macro default__string_literal(value) %}'{{ value }}'{% endmacro %}
{% macro default__array_construct(inputs, data_type) %}{% if inputs %}array[ {{ inputs | join(' , ') }} ]{% else %}cast(array[] as {{ data_type }}[]){% endif %}{% endmacro %}
{% macro default__array_append(array, new_element) %}array_append({{ array }}, {{ new_element }}){% endmacro %}
{% macro default__array_concat(array_1, array_2) %}array_cat({{ array_1 }}, {{ array_2 }}){% endmacro %}
{% macro default__last_day(date, datepart) %}cast({{ dateadd('day', '-1', dateadd(datepart, '1', date_trunc(datepart, date))) }} as date){% endmacro %}
{% macro default__position(substring_text, string_text) %}position({{ substring_text }} in {{ string_text }}){% endmacro %}
{% macro default__length(expression) %}length({{ expression }}){% endmacro %}
{% macro default__replace(field, old_chars, new_chars) %}replace({{ field }}, {{ old_chars }}, {{ new_chars }}){% endmacro %}
{% macro default__right(string_text, length_expression) %}right({{ string_text }}, {{ length_expression }}){% endmacro %}
{% macro default__intersect() %}intersect{% endmacro %}
{% macro default__except() %}except{% endmacro %}
{#- dbt's deprecated timestamps (Fivetran's packages still call dbt.current_timestamp_backcompat()). -#}
{% macro current_timestamp_backcompat() %}{{ return(adapter.dispatch('current_timestamp_backcompat', 'dbt')()) }}{% endmacro %}
{% macro default__current_timestamp_backcompat() %}current_timestamp::timestamp{% endmacro %}
{% macro current_timestamp_in_utc_backcompat() %}{{ return(adapter.dispatch('current_timestamp_in_utc_backcompat', 'dbt')()) }}{% endmacro %}
{% macro default__current_timestamp_in_utc_backcompat() %}{{ return(adapter.dispatch('current_timestamp_backcompat', 'dbt')()) }}{% endmacro %}
{#- dbt's date_spine and its helpers, as dbt-adapters writes them; the interval count is asked of the warehouse. -#}
{% macro get_intervals_between(start_date, end_date, datepart) -%}{{ return(adapter.dispatch('get_intervals_between', 'dbt')(start_date, end_date, datepart)) }}{%- endmacro %}
{% macro default__get_intervals_between(start_date, end_date, datepart) -%}
  {%- call statement('get_intervals_between', fetch_result=True) %}select {{ dbt.datediff(start_date, end_date, datepart) }}{%- endcall -%}
  {%- set value_list = load_result('get_intervals_between') -%}
  {%- if value_list and value_list['data'] -%}{{ return((value_list['data'] | map(attribute=0) | list)[0]) }}{%- else -%}{{ return(1) }}{%- endif -%}
{%- endmacro %}
{% macro date_spine(datepart, start_date, end_date) %}{{ return(adapter.dispatch('date_spine', 'dbt')(datepart, start_date, end_date)) }}{%- endmacro %}
{% macro default__date_spine(datepart, start_date, end_date) %}
    with rawdata as (
        {{ dbt.generate_series(dbt.get_intervals_between(start_date, end_date, datepart)) }}
    ),
    all_periods as (
        select ({{ dbt.dateadd(datepart, "row_number() over (order by 1) - 1", start_date) }}) as date_{{ datepart }}
        from rawdata
    ),
    filtered as (
        select * from all_periods where date_{{ datepart }} <= {{ end_date }}
    )
    select * from filtered
{% endmacro %}
{% macro get_powers_of_two(upper_bound) %}{{ return(adapter.dispatch('get_powers_of_two', 'dbt')(upper_bound)) }}{% endmacro %}
{% macro default__get_powers_of_two(upper_bound) %}
  {%- if upper_bound <= 0 %}{{ exceptions.raise_compiler_error("upper bound must be positive") }}{% endif -%}
  {%- for _ in range(1, 100) %}{% if upper_bound <= 2 ** loop.index %}{{ return(loop.index) }}{% endif %}{% endfor -%}
{% endmacro %}
{% macro generate_series(upper_bound) %}{{ return(adapter.dispatch('generate_series', 'dbt')(upper_bound)) }}{% endmacro %}
{% macro default__generate_series(upper_bound) %}
    {%- set n = dbt.get_powers_of_two(upper_bound) %}
    with p as (select 0 as generated_number union all select 1),
    unioned as (
        select {% for i in range(n) %}p{{ i }}.generated_number * power(2, {{ i }}){% if not loop.last %} + {% endif %}{% endfor %} + 1 as generated_number
        from {% for i in range(n) %}p as p{{ i }}{% if not loop.last %} cross join {% endif %}{% endfor %}
    )
    select * from unioned where generated_number <= {{ upper_bound }} order by generated_number
{% endmacro %}
{#- dbt's naming macros, callable from any template (codegen's tests call generate_schema_name('raw')); a
    project's own macro of the same name replaces them. -#}
{% macro generate_schema_name(custom_schema_name=none, node=none) -%}{{ return(adapter.dispatch('generate_schema_name', 'dbt')(custom_schema_name, node)) }}{%- endmacro %}
{% macro generate_alias_name(custom_alias_name=none, node=none) -%}{{ return(adapter.dispatch('generate_alias_name', 'dbt')(custom_alias_name, node)) }}{%- endmacro %}
{% macro generate_database_name(custom_database_name=none, node=none) -%}{{ return(adapter.dispatch('generate_database_name', 'dbt')(custom_database_name, node)) }}{%- endmacro %}
{% macro default__generate_schema_name(custom_schema_name, node) -%}
  {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ target.schema }}_{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
{% macro generate_schema_name_for_env(custom_schema_name, node) -%}
  {%- if target.name == 'prod' and custom_schema_name is not none -%}{{ custom_schema_name | trim }}{%- else -%}{{ target.schema }}{%- endif -%}
{%- endmacro %}
{% macro default__generate_alias_name(custom_alias_name=none, node=none) -%}
  {%- if custom_alias_name -%}{{ custom_alias_name | trim }}{%- else -%}{{ node.name }}{%- endif -%}
{%- endmacro %}
{% macro default__generate_database_name(custom_database_name=none, node=none) -%}
  {%- if custom_database_name is none -%}{{ target.database }}{%- else -%}{{ custom_database_name | trim }}{%- endif -%}
{%- endmacro %}
`;

export const BUILTIN_MACROS = `${dispatchers}\n${defaults}`;

/** The built-in macros and the engine's, as macro files placed before the project's. */
export function builtinMacroFiles(adapterMacros: string): SqlFile[] {
  const file = (name: string, text: string): SqlFile => ({ name, path: `${BUILTIN_MACROS_PATH}/${name}.sql`, absolutePath: '', fqn: [name], text });
  return [file('cross_database', BUILTIN_MACROS), file('adapter', adapterMacros)];
}
