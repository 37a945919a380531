import { describe, expect, it } from 'vitest';
import { buildDag, parseSelector, selectNodes, SelectorError, type GraphNode } from '../../src/graph/index.js';

/**
 *   raw_users (seed)   stg_orders     raw_payments (seed)
 *        |                 |                |
 *     stg_users -------> orders         stg_payments
 *        |                 |                |
 *     customers          report          payments
 *        |
 *   customer_stats
 */
function node(
  name: string,
  path: string,
  deps: string[],
  extra: { tags?: string[]; config?: Record<string, unknown>; resourceType?: string } = {},
): GraphNode {
  const resourceType = extra.resourceType ?? 'model';
  const folders = path.split('/').slice(1, -1);
  return {
    uniqueId: `${resourceType}.shop.${name}`,
    name,
    resourceType,
    packageName: 'shop',
    path,
    fqn: ['shop', ...folders, name],
    tags: extra.tags ?? [],
    config: { materialized: 'view', ...extra.config },
    dependsOn: deps,
  };
}

const dag = buildDag([
  node('raw_users', 'seeds/raw_users.csv', [], { resourceType: 'seed', config: { materialized: 'seed' } }),
  node('raw_payments', 'seeds/raw_payments.csv', [], { resourceType: 'seed', config: { materialized: 'seed' } }),
  node('stg_users', 'models/staging/stg_users.sql', ['seed.shop.raw_users'], { tags: ['staging', 'nightly'] }),
  node('stg_orders', 'models/staging/stg_orders.sql', [], { tags: ['staging'] }),
  node('stg_payments', 'models/staging/stg_payments.sql', ['seed.shop.raw_payments'], { tags: ['staging'] }),
  node('orders', 'models/marts/orders.sql', ['model.shop.stg_orders', 'model.shop.stg_users'], {
    tags: ['nightly'],
    config: { materialized: 'table', grants: ['analyst', 'bi'] },
  }),
  node('customers', 'models/marts/customers.sql', ['model.shop.stg_users'], {
    config: { materialized: 'table', meta: { owner: 'ann' }, enabled: true },
  }),
  node('customer_stats', 'models/marts/finance/customer_stats.sql', ['model.shop.customers'], {
    config: { materialized: 'incremental' },
  }),
  node('payments', 'models/marts/payments.sql', ['model.shop.stg_payments'], { config: { materialized: 'table' } }),
  node('report', 'models/reports/report.sql', ['model.shop.orders']),
]);

const select = (selectArg: string[], exclude?: string[]): string[] =>
  [...selectNodes(dag, { select: selectArg, ...(exclude ? { exclude } : {}) }).selected]
    .map((id) => dag.nodes.get(id)!.name)
    .sort();

describe('selectNodes: methods', () => {
  it('selects everything without a select, in topological order', () => {
    const { selected, warnings } = selectNodes(dag, {});
    expect(selected.size).toBe(10);
    expect(warnings).toEqual([]);
    const order = [...selected].map((id) => dag.nodes.get(id)!.name);
    expect(order.indexOf('stg_users')).toBeLessThan(order.indexOf('customers'));
    expect(order.indexOf('customers')).toBeLessThan(order.indexOf('customer_stats'));
    expect(select([])).toHaveLength(10);
  });

  it('selects by bare name and by glob', () => {
    expect(select(['orders'])).toEqual(['orders']);
    expect(select(['stg_*'])).toEqual(['stg_orders', 'stg_payments', 'stg_users']);
    expect(select(['*_stats'])).toEqual(['customer_stats']);
  });

  it('selects the whole project by its name', () => {
    expect(select(['shop'])).toHaveLength(10);
  });

  it('selects by tag', () => {
    expect(select(['tag:nightly'])).toEqual(['orders', 'stg_users']);
    expect(select(['tag:stag*'])).toEqual(['stg_orders', 'stg_payments', 'stg_users']);
  });

  it('selects by path: folder prefix, exact file, glob, and a bare path', () => {
    expect(select(['path:models/marts'])).toEqual(['customer_stats', 'customers', 'orders', 'payments']);
    expect(select(['path:models/marts/'])).toEqual(['customer_stats', 'customers', 'orders', 'payments']);
    expect(select(['path:./models/marts/finance'])).toEqual(['customer_stats']);
    expect(select(['path:models/marts/orders.sql'])).toEqual(['orders']);
    expect(select(['path:models/mart'])).toEqual([]); // a folder prefix, not a string prefix
    expect(select(['path:models/*/stg_u*'])).toEqual(['stg_users']);
    expect(select(['path:models/*/customer*.sql'])).toEqual(['customers']);
    expect(select(['path:models/**/customer*.sql'])).toEqual(['customer_stats', 'customers']);
    expect(select(['path:seeds'])).toEqual(['raw_payments', 'raw_users']);
    expect(select(['models/staging'])).toEqual(['stg_orders', 'stg_payments', 'stg_users']);
    expect(select(['models/reports/report.sql'])).toEqual(['report']);
  });

  it('selects a bare file name like dbt (with or without extension via file:)', () => {
    expect(select(['orders.sql'])).toEqual(['orders']);
    expect(select(['file:raw_users.csv'])).toEqual(['raw_users']);
    expect(select(['file:customers'])).toEqual(['customers']);
  });

  it('selects by config, comparing as strings, inside arrays and nested keys', () => {
    expect(select(['config.materialized:table'])).toEqual(['customers', 'orders', 'payments']);
    expect(select(['config.materialized:incremental'])).toEqual(['customer_stats']);
    expect(select(['config.grants:bi'])).toEqual(['orders']);
    expect(select(['config.meta.owner:ann'])).toEqual(['customers']);
    expect(select(['config.enabled:true'])).toEqual(['customers']);
  });

  it('selects by resource_type, package and fqn', () => {
    expect(select(['resource_type:seed'])).toEqual(['raw_payments', 'raw_users']);
    expect(select(['package:shop'])).toHaveLength(10);
    expect(select(['fqn:shop.marts.finance'])).toEqual(['customer_stats']);
    expect(select(['fqn:shop.staging.*'])).toEqual(['stg_orders', 'stg_payments', 'stg_users']);
    expect(select(['shop.marts.orders'])).toEqual(['orders']);
    expect(select(['fqn:report'])).toEqual(['report']);
  });
});

describe('selectNodes: graph operators', () => {
  it('+m selects all ancestors', () => {
    expect(select(['+orders'])).toEqual(['orders', 'raw_users', 'stg_orders', 'stg_users']);
  });

  it('N+m selects ancestors up to depth N', () => {
    expect(select(['1+customer_stats'])).toEqual(['customer_stats', 'customers']);
    expect(select(['2+customer_stats'])).toEqual(['customer_stats', 'customers', 'stg_users']);
    expect(select(['3+customer_stats'])).toEqual(['customer_stats', 'customers', 'raw_users', 'stg_users']);
  });

  it('m+ selects all descendants', () => {
    expect(select(['stg_users+'])).toEqual(['customer_stats', 'customers', 'orders', 'report', 'stg_users']);
  });

  it('m+N selects descendants up to depth N', () => {
    expect(select(['stg_users+1'])).toEqual(['customers', 'orders', 'stg_users']);
    expect(select(['raw_users+2'])).toEqual(['customers', 'orders', 'raw_users', 'stg_users']);
  });

  it('+m+ selects both directions', () => {
    expect(select(['+customers+'])).toEqual(['customer_stats', 'customers', 'raw_users', 'stg_users']);
  });

  it('@m selects descendants and all their ancestors', () => {
    expect(select(['@stg_orders'])).toEqual(['orders', 'raw_users', 'report', 'stg_orders', 'stg_users']);
    // Compare with stg_orders+, which leaves out what orders needs from elsewhere.
    expect(select(['stg_orders+'])).toEqual(['orders', 'report', 'stg_orders']);
  });

  it('applies operators to method selectors too', () => {
    expect(select(['tag:nightly+1'])).toEqual(['customers', 'orders', 'report', 'stg_users']);
    expect(select(['+path:models/reports'])).toEqual(['orders', 'raw_users', 'report', 'stg_orders', 'stg_users']);
  });
});

describe('selectNodes: set operations', () => {
  it('unions space-separated terms and separate values', () => {
    expect(select(['orders customers'])).toEqual(['customers', 'orders']);
    expect(select(['orders', 'customers', 'tag:staging'])).toEqual([
      'customers', 'orders', 'stg_orders', 'stg_payments', 'stg_users',
    ]);
    expect(select(['  orders   payments  '])).toEqual(['orders', 'payments']);
  });

  it('intersects comma-separated criteria, each with its own operators', () => {
    expect(select(['tag:staging,tag:nightly'])).toEqual(['stg_users']);
    expect(select(['path:models/marts,config.materialized:table'])).toEqual(['customers', 'orders', 'payments']);
    expect(select(['+report,tag:staging'])).toEqual(['stg_orders', 'stg_users']);
    expect(select(['stg_users+,config.materialized:table payments'])).toEqual(['customers', 'orders', 'payments']);
  });

  it('removes whatever the exclude expression selects', () => {
    expect(select(['stg_users+'], ['customers'])).toEqual(['customer_stats', 'orders', 'report', 'stg_users']);
    expect(select(['stg_users+'], ['customers+'])).toEqual(['orders', 'report', 'stg_users']);
    expect(select(['path:models'], ['tag:staging path:models/marts'])).toEqual(['report']);
    expect(select([], ['resource_type:model'])).toEqual(['raw_payments', 'raw_users']);
  });
});

describe('selectNodes: no match and invalid selectors', () => {
  it('returns an empty set with a did-you-mean warning', () => {
    const result = selectNodes(dag, { select: ['stg_userz'] });
    expect(result.selected.size).toBe(0);
    expect(result.warnings).toEqual([
      "The selection criterion 'stg_userz' does not match any node; did you mean 'stg_users'?",
    ]);
  });

  it('suggests in the syntax that was typed, and warns for excludes too', () => {
    const result = selectNodes(dag, { select: ['tag:nightli+', 'orders'], exclude: ['config.materialized:tablr'] });
    expect([...result.selected].map((id) => dag.nodes.get(id)!.name)).toEqual(['orders']);
    expect(result.warnings).toEqual([
      "The selection criterion 'tag:nightli+' does not match any node; did you mean 'tag:nightly+'?",
      "The selection criterion 'config.materialized:tablr' does not match any node; did you mean 'config.materialized:table'?",
    ]);
  });

  it('warns without a suggestion when nothing is close', () => {
    expect(selectNodes(dag, { select: ['zzzzzzzz'] }).warnings).toEqual([
      "The selection criterion 'zzzzzzzz' does not match any node",
    ]);
  });

  it('throws a SelectorError for an unknown method, listing the allowed ones', () => {
    const run = () => selectNodes(dag, { select: ['foo:bar'] });
    expect(run).toThrow(SelectorError);
    expect(run).toThrow("Invalid selector 'foo:bar': unknown method 'foo'");
    expect(run).toThrow('allowed methods: tag, path, file, config.<key>, resource_type, package, fqn');
    expect(() => selectNodes(dag, { select: ['tags:nightly'] })).toThrow("unknown method 'tags' (did you mean 'tag'?)");
  });

  it('throws for config without a key', () => {
    expect(() => selectNodes(dag, { select: ['config:table'] })).toThrow(
      "Invalid selector 'config:table': 'config' needs a key",
    );
    expect(() => selectNodes(dag, { select: ['config.:table'] })).toThrow(SelectorError);
  });

  it('throws for bad syntax', () => {
    for (const bad of ['', '+', 'tag:', '@+orders', '@orders+', 'or+ders', 'a,,b', 'orders,', 'a:b:c']) {
      expect(() => selectNodes(dag, { select: [bad === '' ? ',' : bad] }), bad).toThrow(SelectorError);
    }
    expect(() => selectNodes(dag, { exclude: ['foo:bar'] })).toThrow("Invalid selector 'foo:bar'");
  });
});

describe('parseSelector', () => {
  it('parses operators, method and value', () => {
    expect(parseSelector('2+tag:nightly+3')).toMatchObject({
      method: 'tag', value: 'nightly', parents: true, parentsDepth: 2, children: true, childrenDepth: 3,
      childrensParents: false, explicitMethod: true,
    });
    expect(parseSelector('@stg_users')).toMatchObject({
      method: 'name', value: 'stg_users', parents: false, children: false, childrensParents: true,
    });
    expect(parseSelector('+orders')).toMatchObject({ parents: true, parentsDepth: undefined, children: false });
    expect(parseSelector('config.meta.owner:ann')).toMatchObject({ method: 'config', configKey: ['meta', 'owner'] });
    expect(parseSelector('models/staging')).toMatchObject({ method: 'path', explicitMethod: false });
    expect(parseSelector('stg_users.sql')).toMatchObject({ method: 'file' });
    expect(parseSelector('shop.staging')).toMatchObject({ method: 'fqn' });
  });
});
