import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaErrors } from '../helpers/dbt-schemas.js';
import { weir } from '../helpers/project.js';
import { copyShop, readJson } from './shop-fixture.js';

/**
 * Groups and model access (test/dbt-project/shop: stg_orders is private to 'finance', customer_orders
 * public), enforced on ref() when the project is parsed, with dbt's message.
 */
function compileWith(files: Record<string, string>) {
  const dir = copyShop();
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  return weir(['compile'], dir);
}

describe('groups and access', () => {
  it('reach the manifest: groups, group_map, and each model\'s access and group', () => {
    const dir = copyShop();
    expect(weir(['compile'], dir).code).toBe(0);
    const manifest = readJson(dir, 'target/manifest.json');
    expect(schemaErrors('manifest.json', manifest)).toEqual([]);
    expect(manifest.groups['group.shop.finance']).toMatchObject({
      name: 'finance', resource_type: 'group', original_file_path: 'models/_groups.yml', owner: { name: 'Finance analytics', email: 'finance@example.com' },
    });
    expect(manifest.group_map).toEqual({
      finance: ['model.shop.customer_orders', 'model.shop.stg_orders', 'test.shop.assert_amount_not_negative'], marketing: [],
    });
    expect(manifest.nodes['model.shop.stg_orders']).toMatchObject({ access: 'private', group: 'finance' });
    expect(manifest.nodes['model.shop.customer_orders']).toMatchObject({ access: 'public', group: 'finance' });
  }, 60_000);

  it('a ref to a private model from another group, or from no group, is dbt\'s error with file and line', () => {
    const other = compileWith({ 'models/marts/campaign_orders.sql': "{{ config(group='marketing') }}\nselect *\nfrom {{ ref('stg_orders') }}\n" });
    expect(other.code).not.toBe(0);
    expect(other.output).toContain("models/marts/campaign_orders.sql:3: Node model.shop.campaign_orders attempted to reference node model.shop.stg_orders, which is not allowed because the referenced node is private to the 'finance' group.");
    const none = compileWith({ 'models/marts/order_days.sql': "select ordered_at, count(*) as n\nfrom {{ ref('stg_orders') }}\ngroup by 1\n" });
    expect(none.output).toContain("Node model.shop.order_days attempted to reference node model.shop.stg_orders, which is not allowed because the referenced node is private to the 'finance' group.");
    // In the group, or reading the public mart: allowed.
    expect(compileWith({ 'models/marts/order_days.sql': "{{ config(group='finance') }}\nselect ordered_at from {{ ref('stg_orders') }}\n" }).code).toBe(0);
    expect(compileWith({ 'models/marts/top.sql': "{{ config(group='marketing') }}\nselect * from {{ ref('customer_orders') }}\n" }).code).toBe(0);
  }, 60_000);

  it('a group that is not declared, and a private model without a group, are errors', () => {
    const unknown = compileWith({ 'models/marts/top.sql': "{{ config(group='sales') }}\nselect * from {{ ref('customer_orders') }}\n" });
    expect(unknown.output).toContain("models/marts/top.sql:1: Invalid group 'sales', expected one of ['finance', 'marketing']");
    const dir = copyShop();
    const file = join(dir, 'models/staging/_models.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('    config:\n      group: finance\n', ''));
    const run = weir(['compile'], dir);
    expect(run.output).toContain("model.shop.stg_orders has access 'private' but belongs to no group");
  }, 60_000);
});
