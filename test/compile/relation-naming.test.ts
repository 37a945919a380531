import { describe, expect, it } from 'vitest';
import { duckdbDialect } from '../../src/adapters/duckdb/dialect.js';
import { compileProject } from '../../src/compile/index.js';
import { DiagnosticsError } from '../../src/core/diagnostics.js';
import { collectingLogger } from '../../src/core/logger.js';
import { loadProject } from '../../src/project/index.js';
import { makeProject } from '../helpers/project.js';

const compile = (files: Record<string, string>, targetName = 'dev') => compileProject(loadProject(makeProject({ 'project.yml': 'name: shop\nmodels:\n  shop:\n    marts:\n      +schema: marts\n', ...files })), {
  target: { name: targetName, type: 'duckdb', schema: 'main', database: 'dev' },
  quoteRelation: (r) => duckdbDialect.relation(r),
  logger: collectingLogger(),
});
const relations = (project: ReturnType<typeof compile>) =>
  Object.fromEntries([...project.nodes.values()].filter((n) => n.relation).map((n) => [n.name, `${n.relation!.schema}.${n.relation!.identifier}`]));
const MODELS = { 'models/marts/orders.sql': 'select 1 as id', 'models/stg.sql': "select * from {{ ref('orders') }}", 'seeds/codes.csv': 'a\n1\n' };

describe('relation names', () => {
  it("are dbt's defaults without naming macros: a custom schema is appended to the target's", () => {
    expect(relations(compile(MODELS))).toEqual({ orders: 'main_marts.orders', stg: 'main.stg', codes: 'main.codes' });
  });

  it("come from the project's generate_schema_name and generate_alias_name macros, which see the node and may call dbt's built-ins", () => {
    const project = compile({
      ...MODELS,
      'macros/naming.sql': [
        '{% macro generate_schema_name(custom_schema_name, node) -%}',
        "  {%- if node.resource_type == 'seed' -%}reference{%- else -%}{{ default__generate_schema_name(custom_schema_name, node) }}{%- endif -%}",
        '{%- endmacro %}',
        '{% macro generate_alias_name(custom_alias_name=none, node=none) -%}',
        "  {%- if node.fqn | length > 2 -%}{{ node.fqn[1] }}_{{ node.name }}{%- else -%}{{ default__generate_alias_name(custom_alias_name, node) }}{%- endif -%}",
        '{%- endmacro %}',
      ].join('\n'),
    });
    expect(relations(project)).toEqual({ orders: 'main_marts.marts_orders', stg: 'main.stg', codes: 'reference.codes' });
    expect(project.nodes.get('model.shop.stg')!.compiledCode).toBe('select * from "main_marts"."marts_orders"');
  });

  it("can call dbt's generate_schema_name, generate_alias_name and generate_database_name from any template, as dbt-codegen's tests do", () => {
    const project = compile({
      ...MODELS,
      'models/names.sql': "select '{{ generate_schema_name('raw_data') }}' as s, '{{ generate_schema_name(none) }}' as d, '{{ generate_alias_name('x') }}' as a, '{{ generate_database_name() }}' as db",
    });
    expect(project.nodes.get('model.shop.names')!.compiledCode).toBe("select 'main_raw_data' as s, 'main' as d, 'x' as a, 'dev' as db");
    // The built-ins are dbt's defaults: relations are still named directly, as without naming macros.
    expect(relations(project)).toMatchObject({ orders: 'main_marts.orders', stg: 'main.stg', codes: 'main.codes' });
  });

  it("offers dbt's generate_schema_name_for_env: custom schemas as they are on prod only", () => {
    const files = { ...MODELS, 'macros/s.sql': '{% macro generate_schema_name(custom_schema_name, node) %}{{ generate_schema_name_for_env(custom_schema_name, node) }}{% endmacro %}' };
    expect(relations(compile(files))).toEqual({ orders: 'main.orders', stg: 'main.stg', codes: 'main.codes' });
    expect(relations(compile(files, 'prod'))).toEqual({ orders: 'marts.orders', stg: 'main.stg', codes: 'main.codes' });
  });

  it('refuse a generate_database_name that names another database than the target', () => {
    expect(relations(compile({ ...MODELS, 'macros/d.sql': '{% macro generate_database_name(custom_database_name=none, node=none) %}{{ target.database }}{% endmacro %}' })).stg).toBe('main.stg');
    try {
      compile({ ...MODELS, 'macros/d.sql': '{% macro generate_database_name(custom_database_name=none, node=none) %}warehouse{% endmacro %}' });
      throw new Error('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(DiagnosticsError);
      expect((error as DiagnosticsError).diagnostics[0]).toMatchObject({ file: 'macros/d.sql', message: expect.stringContaining("generate_database_name names database 'warehouse' for seed 'codes', but weir builds into the target's database 'dev' only") });
    }
  });
});
