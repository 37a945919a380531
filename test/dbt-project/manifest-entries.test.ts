import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { makeProject, weir } from '../helpers/project.js';
import { targetSchemaErrors } from '../helpers/dbt-schemas.js';

/**
 * Manifest entries as dbt 1.10.15 (dbt-duckdb 1.10.0) writes them for this project after `dbt compile`:
 * the values below are copied from its target/manifest.json.
 */
const FILES = {
  'dbt_project.yml': 'name: fx\nprofile: fx\nmodels:\n  fx:\n    staging:\n      +materialized: table\n',
  'profiles.yml': 'fx:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: target/jsl.duckdb\n',
  'seeds/s_a.csv': 'id,name\n1,a\n',
  'models/staging/stg.sql': "select id, name from {{ ref('s_a') }}\n",
  'models/staging/_stg.yml': `version: 2
models:
  - name: stg
    config:
      contract: {enforced: true}
    constraints:
      - type: primary_key
        columns: [id]
    columns:
      - name: id
        data_type: integer
        constraints:
          - type: not_null
        data_tests: [unique]
      - name: name
        data_type: varchar
`,
  'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: s_b\n',
};

it("writes contract, constraints, primary_key, compiled_path and the tests' and sources' keys as dbt does", () => {
  const dir = makeProject(FILES);
  const compile = weir(['compile'], dir);
  expect(compile.code, compile.output).toBe(0);
  const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8'));
  const stg = manifest.nodes['model.fx.stg'];
  expect(stg).toMatchObject({
    path: 'staging/stg.sql', original_file_path: 'models/staging/stg.sql', patch_path: 'fx://models/staging/_stg.yml',
    compiled_path: 'target/compiled/fx/models/staging/stg.sql', build_path: null, extra_ctes: [], extra_ctes_injected: true, metrics: [],
    // dbt's build_contract_checksum of these columns, constraints and materialization.
    contract: { enforced: true, alias_types: true, checksum: 'a13a964c22daee7e019e52e05aaa2e505397838f79d788e94ca73c306e4160c9' },
    constraints: [{ type: 'primary_key', name: null, expression: null, warn_unenforced: true, warn_unsupported: true, to: null, to_columns: [], columns: ['id'] }],
    primary_key: ['id'],
  });
  expect(stg.columns.id).toMatchObject({
    quote: null, constraints: [{ type: 'not_null', name: null, expression: null, warn_unenforced: true, warn_unsupported: true, to: null, to_columns: [] }],
  });
  expect(manifest.nodes['test.fx.unique_stg_id.fed989f6b1']).toMatchObject({
    schema: 'main_dbt_test__audit', database: 'jsl', file_key_name: 'models.stg', group: null,
    compiled_path: 'target/compiled/fx/models/staging/_stg.yml/unique_stg_id.sql', contract: { enforced: false, alias_types: true, checksum: null },
  });
  expect(manifest.nodes['seed.fx.s_a']).toMatchObject({ root_path: dir, build_path: null, group: null });
  expect(manifest.sources['source.fx.raw.s_b']).toMatchObject({
    patch_path: null, external: null, loaded_at_query: null, quoting: { database: null, schema: null, identifier: null, column: null },
    freshness: { warn_after: { count: null, period: null }, error_after: { count: null, period: null }, filter: null },
  });
}, 60_000);

it("lists disabled models, seeds and sources under `disabled`, as dbt does, in dbt's schema", () => {
  const dir = makeProject({
    ...FILES,
    'dbt_project.yml': `${FILES['dbt_project.yml']}seeds:\n  fx:\n    s_off:\n      +enabled: false\n`,
    'models/off.sql': '{{ config(enabled=false) }}\nselect 1 as x\n',
    'seeds/s_off.csv': 'id\n1\n',
    'models/off_src.yml': 'version: 2\nsources:\n  - name: offsrc\n    config:\n      enabled: false\n    tables:\n      - name: t\n',
  });
  const compile = weir(['compile'], dir);
  expect(compile.code, compile.output).toBe(0);
  const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8'));
  // dbt parse: disabled = {model.fx.off: [...], seed.fx.s_off: [...], source.fx.offsrc.t: [...]}, each a one-entry list.
  expect(Object.keys(manifest.disabled).sort()).toEqual(['model.fx.off', 'seed.fx.s_off', 'source.fx.offsrc.t']);
  expect(manifest.disabled['model.fx.off']).toEqual([expect.objectContaining({
    unique_id: 'model.fx.off', database: 'jsl', schema: 'main', relation_name: '"jsl"."main"."off"', path: 'off.sql', original_file_path: 'models/off.sql',
    depends_on: { macros: [], nodes: [] }, compiled_path: null, config: expect.objectContaining({ enabled: false, materialized: 'view' }),
  })]);
  expect(manifest.disabled['model.fx.off'][0]).not.toHaveProperty('compiled_code');
  expect(manifest.disabled['seed.fx.s_off']).toEqual([expect.objectContaining({ relation_name: '"jsl"."main"."s_off"', config: expect.objectContaining({ enabled: false }) })]);
  expect(manifest.disabled['source.fx.offsrc.t']).toEqual([expect.objectContaining({ relation_name: '"jsl"."offsrc"."t"', config: expect.objectContaining({ enabled: false }) })]);
  expect(manifest.nodes).not.toHaveProperty('model.fx.off');
  expect(targetSchemaErrors(join(dir, 'target'))['manifest.json']).toEqual([]);
}, 60_000);

it("gives `graph` and `model` dbt's paths, a package node's relative to its package, as the manifest writes them", () => {
  const dir = makeProject({
    ...FILES,
    'packages.yml': 'packages:\n  - local: kit\n',
    'kit/dbt_project.yml': 'name: kit\n',
    'kit/models/inner/k.sql': 'select 1 as id\n',
    'kit/models/inner/k.yml': 'version: 2\nmodels:\n  - name: k\n    description: from the kit\n',
    'models/paths.sql': `{% set k = graph.nodes.get('model.kit.k', {}) %}
select '{{ k.get('path') }}' as k_path, '{{ k.get('original_file_path') }}' as k_file, '{{ k.get('patch_path') }}' as k_patch,
  '{{ model.path }}' as own_path, '{{ model.original_file_path }}' as own_file
`,
  });
  expect(weir(['deps'], dir).code).toBe(0);
  const compile = weir(['compile'], dir);
  expect(compile.code, compile.output).toBe(0);
  const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8'));
  // dbt's graph.nodes are its manifest entries: path in the resource folder, original_file_path in the package.
  expect(manifest.nodes['model.kit.k']).toMatchObject({ path: 'inner/k.sql', original_file_path: 'models/inner/k.sql', patch_path: 'kit://models/inner/k.yml' });
  expect(readFileSync(join(dir, 'target/compiled/fx/models/paths.sql'), 'utf8')).toContain(
    "select 'inner/k.sql' as k_path, 'models/inner/k.sql' as k_file, 'kit://models/inner/k.yml' as k_patch,\n  'paths.sql' as own_path, 'models/paths.sql' as own_file",
  );
}, 60_000);

it("writes each resource type's config with dbt's keys and defaults, and tests' refs and short aliases as dbt", () => {
  const dir = makeProject({
    'dbt_project.yml': 'name: fx\nprofile: fx\nmodels:\n  fx:\n    +materialized: table\n',
    'profiles.yml': FILES['profiles.yml'],
    'seeds/orders_raw.csv': 'id,status\n1,placed\n',
    'seeds/customers.csv': 'id\n1\n',
    'models/orders.sql': "{{ config(materialized='incremental', unique_key='id') }}\nselect id, status, id as customer_id from {{ ref('orders_raw') }}\n",
    'models/plain_view.sql': 'select 1 as id\n',
    'models/schema.yml': `version: 2
models:
  - name: plain_view
    config: {materialized: view}
  - name: orders
    columns:
      - name: customer_id
        data_tests:
          - relationships: {to: ref('customers'), field: id}
      - name: status
        data_tests:
          - accepted_values: {values: [placed, shipped, completed, return_pending, returned]}
          - not_null: {config: {severity: warn}}
`,
  });
  const compile = weir(['compile'], dir);
  expect(compile.code, compile.output).toBe(0);
  const { nodes } = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8'));
  // dbt 1.10.15's entries for this project (dbt compile), key order included.
  const node = {
    enabled: true, alias: null, schema: null, database: null, tags: [], meta: {}, group: null, materialized: 'view', incremental_strategy: null,
    batch_size: null, lookback: 1, begin: null, persist_docs: {}, 'post-hook': [], 'pre-hook': [], quoting: {}, column_types: {}, full_refresh: null,
    unique_key: null, on_schema_change: 'ignore', on_configuration_change: 'apply', grants: {}, packages: [], docs: { show: true, node_color: null },
    contract: { enforced: false, alias_types: true }, event_time: null, concurrent_batches: null,
  };
  const view = { ...node, access: 'protected', freshness: null };
  expect(Object.entries(nodes['model.fx.plain_view'].config)).toEqual(Object.entries(view));
  expect(Object.entries(nodes['seed.fx.customers'].config)).toEqual(Object.entries({ ...node, materialized: 'seed', delimiter: ',', quote_columns: null }));
  // dbt shows the unique_key as written; the strategy dbt leaves null weir has already chosen (merge).
  expect(nodes['model.fx.orders'].config).toMatchObject({ materialized: 'incremental', unique_key: 'id' });
  const test = {
    enabled: true, alias: null, schema: 'dbt_test__audit', database: null, tags: [], meta: {}, group: null, materialized: 'test', severity: 'ERROR',
    store_failures: null, store_failures_as: null, where: null, limit: null, fail_calc: 'count(*)', warn_if: '!= 0', error_if: '!= 0',
  };
  const relationships = nodes['test.fx.relationships_orders_customer_id__id__ref_customers_.4282b0c525'];
  expect(Object.entries(relationships.config)).toEqual(Object.entries(test));
  expect(relationships).toMatchObject({
    alias: 'relationships_orders_customer_id__id__ref_customers_',
    refs: [{ name: 'customers', package: null, version: null }, { name: 'orders', package: null, version: null }],
    sources: [], depends_on: { nodes: ['seed.fx.customers', 'model.fx.orders'] },
  });
  const short = 'accepted_values_orders_1ce6ab157c285f7cd2ac656013faf758';
  expect(nodes['test.fx.accepted_values_orders_status__placed__shipped__completed__return_pending__returned.be6b5b5ec3']).toMatchObject({
    alias: short, config: { ...test, alias: short }, refs: [{ name: 'orders', package: null, version: null }],
  });
  expect(nodes['test.fx.not_null_orders_status.8a27272c0a'].config).toEqual({ ...test, severity: 'warn' });
  expect(targetSchemaErrors(join(dir, 'target'))['manifest.json']).toEqual([]);
}, 60_000);
