import { describe, expect, it } from 'vitest';
import { duckdbDialect } from '../../src/adapters/duckdb/dialect.js';
import { buildManifest } from '../../src/artifacts/manifest.js';
import { compileProject } from '../../src/compile/index.js';
import { macroCallIndex } from '../../src/compile/macro-calls.js';
import { collectingLogger } from '../../src/core/logger.js';
import { loadProject } from '../../src/project/index.js';
import { schemaErrors } from '../helpers/dbt-schemas.js';
import { TARGET } from '../helpers/compile.js';
import { makeProject } from '../helpers/project.js';
import { PAGES_PROJECT } from '../docs/pages-fixture.js';

function compile(files: Record<string, string>) {
  const logger = collectingLogger();
  const project = compileProject(loadProject(makeProject(files)), { target: TARGET, quoteRelation: (r) => duckdbDialect.relation(r), logger });
  const manifest = buildManifest(project, { invocationId: 'i', generatedAt: new Date(0), adapterType: 'duckdb', targetName: 'dev', defaultSchema: 'main' },
    (n) => (n.relation ? duckdbDialect.relation(n.relation) : undefined));
  return { project, manifest, warnings: logger.events.filter((e) => e.level === 'warn').map((e) => e.message) };
}

describe('macros in the manifest', () => {
  it('carry their yml properties, their SQL as written, the macros they call, and who calls them', () => {
    const { manifest } = compile(PAGES_PROJECT);
    expect(schemaErrors('manifest.json', manifest)).toEqual([]);
    const macros = manifest.macros as Record<string, Record<string, unknown>>;
    expect(Object.keys(macros).sort()).toEqual(['macro.shop.cents_to_dollars', 'macro.shop.dollars', 'macro.shop.secret_helper', 'macro.shop.test_is_positive']);
    expect(macros['macro.shop.cents_to_dollars']).toMatchObject({
      package_name: 'shop',
      description: expect.stringMatching(/^Turns \*\*cents\*\* into dollars, see All money is in \*\*US dollars\*\*/),
      arguments: [{ name: 'column_name', type: 'string', description: 'The column holding cents.' }, { name: 'scale', type: 'integer', description: 'Decimal places.' }],
      docs: { show: true, node_color: null },
      patch_path: 'macros/_macros.yml',
      macro_sql: '{% macro cents_to_dollars(column_name, scale=2) %}\n  round({{ column_name }} / 100.0, {{ scale }})\n{% endmacro %}',
    });
    expect(macros['macro.shop.dollars']!.depends_on).toEqual({ macros: ['macro.shop.cents_to_dollars'] });
    expect(macros['macro.shop.secret_helper']!.docs).toEqual({ show: false, node_color: null });
    // A {% test %} block's SQL is shown as written, not as the macro weir renders it as.
    expect(macros['macro.shop.test_is_positive']!.macro_sql).toMatch(/^\{% test is_positive\(model, column_name\) %\}[\s\S]*\{% endtest %\}$/);
    expect(macros['macro.shop.dollars']!.macro_sql).toBe('{% macro dollars(column_name) %}{{ cents_to_dollars(column_name) }}{% endmacro %}');
    const nodes = manifest.nodes as Record<string, { depends_on: { macros: string[] }; doc_blocks: string[]; columns: Record<string, { doc_blocks: string[] }> }>;
    expect(nodes['model.shop.order_dollars']!.depends_on.macros).toEqual(['macro.shop.cents_to_dollars']);
    expect(nodes['model.shop.stg_orders']!.depends_on.macros).toEqual([]);
    expect(nodes['test.shop.is_positive_order_dollars_amount.463fd15b36']!.depends_on.macros).toEqual(['macro.shop.test_is_positive', 'macro.dbt.get_where_subquery']);
    expect(nodes['model.shop.order_dollars']!.doc_blocks).toEqual(['doc.shop.money']);
    expect(nodes['model.shop.order_dollars']!.columns.amount!.doc_blocks).toEqual(['doc.shop.money']);
    expect(nodes['model.shop.user_totals']!.doc_blocks).toEqual([]);
  });

  it('a materialization block is listed as dbt names it, with its SQL as written', () => {
    const { manifest } = compile({ ...PAGES_PROJECT, 'macros/mat.sql': "-- mine\n{% materialization mine, default %}\n{{ return({'relations': []}) }}\n{%- endmaterialization %}\n" });
    const macros = manifest.macros as Record<string, { macro_sql: string }>;
    expect(macros['macro.shop.materialization_mine_default']!.macro_sql).toBe("{% materialization mine, default %}\n{{ return({'relations': []}) }}\n{%- endmaterialization %}");
  });

  it('a macros: entry naming no macro is a warning with the closest name', () => {
    const { warnings } = compile({ ...PAGES_PROJECT, 'macros/more.yml': 'macros:\n  - name: cents_to_dollar\n    description: typo\n' });
    expect(warnings.join('\n')).toMatch(/macros\/more\.yml:2.*macro 'cents_to_dollar'.*no such macro[\s\S]*did you mean 'cents_to_dollars'/);
  });

  it('a macros: entry with an unknown key is an error naming the file', () => {
    expect(() => compile({ ...PAGES_PROJECT, 'macros/more.yml': 'macros:\n  - name: dollars\n    argumentz: []\n' })).toThrow(/macros\/more\.yml.*argumentz/s);
  });
});

describe('macro calls read from Jinja', () => {
  const index = macroCallIndex(new Map([
    ['shop', [{ name: 'a' }, { name: 'b' }, { name: 'default__c' }]],
    ['utils', [{ name: 'star' }, { name: 'a' }, { name: 'duckdb__c' }, { name: 'default__c' }]],
    ['dbt', [{ name: 'is_incremental' }]],
  ]), 'shop', 'duckdb');

  it('finds bare, package and dispatched calls, in the caller package first', () => {
    const text = "{% macro a() %}{{ a() }} {{ utils.star(x) }} {% call b() %}{% endcall %} {{ adapter.dispatch('c', 'utils')() }} select b(1){% endmacro %}";
    // dbt's search: the project's default__c before the package's duckdb__c.
    expect(index.callsIn(text, 'shop', 'macro.shop.a')).toEqual(['macro.shop.b', 'macro.shop.default__c', 'macro.utils.star']);
    expect(index.callsIn("{{ adapter.dispatch('c', macro_namespace='utils')() }}", 'utils')).toEqual(['macro.shop.default__c']);
    expect(index.callsIn('{{ a() }}', 'utils')).toEqual(['macro.utils.a']);
    // Without a namespace, the caller's package first.
    expect(index.callsIn("{{ adapter.dispatch('c')() }}", 'utils')).toEqual(['macro.utils.duckdb__c']);
  });

  it('ignores SQL functions, methods and macros the manifest does not list', () => {
    expect(index.callsIn("select a(1), b(2) {{ adapter.get_relation(a) }} {{ is_incremental() }} {{ x.a() }}", 'shop')).toEqual([]);
  });
});
