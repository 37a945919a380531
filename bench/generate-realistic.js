// The "realistic" style of bench/generate.js: templates that look like a real dbt project's, so
// compile figures are not those of trivial SQL. A share of models call the project's own macros
// (a dbt_utils-like column list, a surrogate key through adapter.dispatch, a safe cast), loop
// over column lists, set config() with several keys, and every folder has a properties file
// documenting a share of its models with column tests. Only the project's own macros are used:
// packages may not be installed where the benchmark runs.

/** macros/bench_utils.sql: dbt_utils-like helpers, one of them dispatched per engine. */
export const MACROS = `{% macro bench_column_list(columns, alias=none) -%}
  {%- for column in columns -%}
    {{ alias ~ '.' if alias else '' }}{{ column }}{{ ',' if not loop.last }}
  {%- endfor -%}
{%- endmacro %}

{% macro bench_surrogate_key(fields) -%}
  {{ return(adapter.dispatch('bench_surrogate_key', 'bench')(fields)) }}
{%- endmacro %}

{% macro default__bench_surrogate_key(fields) -%}
  md5({%- for field in fields -%}
    coalesce(cast({{ field }} as varchar), '_null_'){{ " || '-' || " if not loop.last }}
  {%- endfor -%})
{%- endmacro %}

{% macro duckdb__bench_surrogate_key(fields) -%}
  md5(concat_ws('-', {%- for field in fields -%}
    coalesce(cast({{ field }} as varchar), '_null_'){{ ', ' if not loop.last }}
  {%- endfor -%}))
{%- endmacro %}

{% macro bench_safe_cast(expression, type) -%}
  cast({{ expression }} as {{ type }})
{%- endmacro %}
`;

/** Every 3rd model (not a multiple of 10, which keep their literal config) is a macro-heavy one. */
export function isRealistic(i) {
  return i > 0 && i % 3 === 0 && i % 10 !== 0;
}

/** Model i's SQL in the realistic style: the same id and v columns as the trivial one, and more. */
export function realisticSql(i, parents) {
  const [first, second] = parents;
  const lines = [
    `{{ config(materialized='view', tags=['r${i % 7}'], meta={'owner': 'team_${i % 5}'}) }}`,
    `{%- set key_columns = ['id', 'v'] -%}`,
    `{%- set extra = {'id_text': 'varchar', 'id_big': 'bigint'} -%}`,
    `select`,
    `  {{ bench_column_list(key_columns, 'a') }},`,
    `  {%- for name, type in extra.items() %}`,
    `  {{ bench_safe_cast('a.id', type) }} as {{ name }},`,
    `  {%- endfor %}`,
    `  {{ bench_surrogate_key(['a.id', 'a.v']) }} as row_key`,
    `from {{ ref('${first}') }} as a`,
  ];
  if (second !== undefined) lines.push(`left join {{ ref('${second}') }} as b on b.id = a.id`);
  lines.push(`where a.id is not null`);
  return `${lines.join('\n')}\n`;
}

/** The properties file of one folder: every 5th model described, with tests on its columns. */
export function folderProperties(indexes, name) {
  const documented = indexes.filter((i) => i % 5 === 0);
  if (documented.length === 0) return undefined;
  const lines = ['version: 2', '', 'models:'];
  for (const i of documented) {
    lines.push(
      `  - name: ${name(i)}`,
      `    description: "Model ${i} of the generated project."`,
      '    columns:',
      '      - name: id',
      '        description: "The row id (always 1)."',
      '        data_tests:',
      '          - not_null',
      '          - unique',
      '      - name: v',
      '        data_tests:',
      '          - not_null',
    );
  }
  return `${lines.join('\n')}\n`;
}
