import { describe, expect, it } from 'vitest';
import { duckdbDialect } from '../../src/adapters/duckdb/dialect.js';
import { buildManifest } from '../../src/artifacts/manifest.js';
import { buildWeirManifest } from '../../src/artifacts/weir-manifest.js';
import { compileProject } from '../../src/compile/index.js';
import { collectingLogger } from '../../src/core/logger.js';
import { buildDocsData } from '../../src/docs/site-data.js';
import { loadProject } from '../../src/project/index.js';
import { TARGET } from '../helpers/compile.js';
import { makeProject } from '../helpers/project.js';
import { PAGES_PROJECT } from './pages-fixture.js';

/** The site's data for PAGES_PROJECT, from the artifacts weir writes (no warehouse: no catalog, no run). */
function siteData(files: Record<string, string> = PAGES_PROJECT) {
  const project = compileProject(loadProject(makeProject(files)), { target: TARGET, quoteRelation: (r) => duckdbDialect.relation(r), logger: collectingLogger() });
  const metadata = { invocationId: 'i', generatedAt: new Date(0), adapterType: 'duckdb', targetName: 'dev', defaultSchema: 'main' };
  const quote = (n: { relation?: Parameters<typeof duckdbDialect.relation>[0] | undefined }) => (n.relation ? duckdbDialect.relation(n.relation) : undefined);
  const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  return buildDocsData({
    manifest: json(buildManifest(project, metadata, quote)),
    weirManifest: json(buildWeirManifest(project, metadata, quote, new Map())),
    catalog: undefined,
    runResults: undefined,
  });
}

describe('docs data for macros, doc blocks, groups and exposures', () => {
  const data = siteData();
  const node = (id: string) => data.nodes.find((n) => n.id === id)!;

  it('a macro has its package, description, arguments, SQL, what it calls and what calls it; docs.show false hides it', () => {
    expect(data.macros.map((m) => m.id)).toEqual(['macro.shop.cents_to_dollars', 'macro.shop.dollars', 'macro.shop.test_is_positive']);
    const macro = data.macros[0]!;
    expect(macro).toMatchObject({
      name: 'cents_to_dollars', package: 'shop', path: 'macros/money.sql',
      arguments: [{ name: 'column_name', type: 'string', description: 'The column holding cents.' }, { name: 'scale', type: 'integer', description: 'Decimal places.' }],
      usedBy: ['macro.shop.dollars', 'model.shop.order_dollars'],
      calls: [],
    });
    expect(macro.description).toContain('Turns **cents** into dollars');
    expect(macro.sql).toMatch(/^\{% macro cents_to_dollars\(column_name, scale=2\) %\}/);
    expect(data.macros[1]!.calls).toEqual(['macro.shop.cents_to_dollars']);
    expect(data.macros[2]!.usedBy).toEqual(['test.shop.is_positive_order_dollars_amount.463fd15b36']);
    expect(node('model.shop.order_dollars').macros).toEqual(['macro.shop.cents_to_dollars']);
    expect(JSON.stringify(data)).not.toContain('secret_helper');
  });

  it('a doc block lists the descriptions and columns that read it', () => {
    expect(data.docBlocks).toHaveLength(1);
    expect(data.docBlocks[0]).toMatchObject({ id: 'doc.shop.money', name: 'money', package: 'shop', path: 'models/docs.md' });
    expect(data.docBlocks[0]!.contents).toMatch(/^All money is in \*\*US dollars\*\*/);
    expect(data.docBlocks[0]!.usedBy).toEqual([
      { id: 'model.shop.order_dollars', column: null }, { id: 'model.shop.order_dollars', column: 'amount' }, { id: 'macro.shop.cents_to_dollars', column: null },
    ]);
  });

  it('a group has its owner and its models with their access; models carry group and access', () => {
    expect(data.groups).toEqual([{
      id: 'group.shop.finance', name: 'finance', path: 'models/_models.yml', description: 'The money team.',
      owner: { name: 'Fiona Finance', email: 'fiona@example.com' },
      members: [{ id: 'model.shop.order_dollars', access: 'protected' }, { id: 'model.shop.stg_orders', access: 'private' }, { id: 'model.shop.user_totals', access: 'public' }],
    }]);
    expect(node('model.shop.stg_orders')).toMatchObject({ group: 'finance', access: 'private' });
    // Left out when empty, to keep a large site small.
    expect(['group', 'access', 'macros', 'exposure'].filter((k) => k in node('seed.shop.raw_orders'))).toEqual([]);
  });

  it('an exposure has its type, label, owner, maturity and url, and its parents', () => {
    expect(node('exposure.shop.revenue_dashboard')).toMatchObject({
      exposure: { type: 'dashboard', label: 'Revenue dashboard', maturity: 'high', url: 'https://bi.example.com/d/1?a=1&b=<2>', owner: { name: 'Ann Analyst', email: 'ann@example.com' } },
      parents: ['model.shop.user_totals'],
      description: 'The weekly revenue view.',
    });
  });

  it('a hidden model is no member of its group and reads no doc block', () => {
    const hidden = siteData({ ...PAGES_PROJECT, 'models/_models.yml': PAGES_PROJECT['models/_models.yml']!.replace("    access: protected\n", "    access: protected\n    docs: {show: false}\n") });
    expect(hidden.groups[0]!.members.map((m) => m.id)).toEqual(['model.shop.stg_orders', 'model.shop.user_totals']);
    expect(hidden.docBlocks[0]!.usedBy).toEqual([{ id: 'macro.shop.cents_to_dollars', column: null }]);
    expect(hidden.macros[0]!.usedBy).toEqual(['macro.shop.dollars']);
  });
});
