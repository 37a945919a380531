import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { buildDocsData } from '../../src/docs/site-data.js';
import { dataScript } from '../../src/docs/write-site.js';

const EVIL = '<script>window.__pwned = 1</script></script><!-- \u2028 "quotes" & ampersands';

const manifest = {
  metadata: { project_name: 'shop', adapter_type: 'duckdb', generated_at: '2026-01-01T00:00:00.000Z' },
  nodes: {
    'seed.shop.raw': { unique_id: 'seed.shop.raw', resource_type: 'seed', name: 'raw', package_name: 'shop', original_file_path: 'seeds/raw.csv', fqn: ['shop', 'raw'], tags: [], description: '', columns: {}, config: { materialized: 'seed' }, raw_code: '', depends_on: { nodes: [] } },
    'model.shop.users': {
      unique_id: 'model.shop.users', resource_type: 'model', name: 'users', package_name: 'shop', original_file_path: 'models/users.sql',
      fqn: ['shop', 'users'], tags: ['core'], description: EVIL, relation_name: '"main"."users"',
      columns: { ID: { name: 'ID', description: 'key', data_type: 'int' }, ghost: { name: 'ghost', description: 'documented, not built' } },
      config: { materialized: 'table' }, raw_code: "select * from {{ ref('raw') }}", compiled_code: 'select * from "main"."raw"',
      depends_on: { nodes: ['seed.shop.raw', 'model.other.not_in_manifest'] },
    },
    'test.shop.unique_users_id': { unique_id: 'test.shop.unique_users_id', resource_type: 'test', name: 'unique_users_id', attached_node: 'model.shop.users', column_name: 'id', test_metadata: { name: 'unique' }, depends_on: { nodes: ['model.shop.users'] }, config: {} },
    'test.shop.users_not_empty': { unique_id: 'test.shop.users_not_empty', resource_type: 'test', name: 'users_not_empty', depends_on: { nodes: ['model.shop.users'] }, config: {} },
    'ingest.shop.api': { unique_id: 'ingest.shop.api', resource_type: 'ingest', name: 'api', depends_on: { nodes: [] }, config: {} },
  },
  sources: {},
};
const catalog = {
  metadata: { generated_at: '2026-01-01T00:01:00.000Z' },
  nodes: {
    'model.shop.users': { metadata: { type: 'BASE TABLE' }, columns: { email: { type: 'VARCHAR', index: 2, name: 'email' }, id: { type: 'INTEGER', index: 1, name: 'id' } } },
  },
};
const runResults = {
  metadata: { generated_at: '2026-01-01T00:02:00.000Z' },
  args: { command: 'build' },
  results: [
    { unique_id: 'model.shop.users', status: 'success', execution_time: 0.25, adapter_response: { rows_affected: 42 }, timing: [{ name: 'execute', completed_at: '2026-01-01T00:01:59.000Z' }], message: 'created table' },
    { unique_id: 'test.shop.unique_users_id', status: 'fail', execution_time: 0.01, adapter_response: {}, failures: 3, message: '3 failing rows' },
  ],
};

describe('docs data', () => {
  const data = buildDocsData({ manifest, catalog, runResults });
  const users = data.nodes.find((n) => n.id === 'model.shop.users')!;

  it('takes columns in the warehouse order with catalog types, then the documented ones the warehouse lacks', () => {
    expect(users.columns).toEqual([
      { name: 'id', type: 'INTEGER', typeFrom: 'catalog', description: 'key', tests: ['test.shop.unique_users_id'] },
      { name: 'email', type: 'VARCHAR', typeFrom: 'catalog', description: '', tests: [] },
      { name: 'ghost', type: null, typeFrom: null, description: 'documented, not built', tests: [] },
    ]);
    expect(users.catalogType).toBe('BASE TABLE');
  });

  it('attaches tests and last results, and keeps lineage to known nodes only', () => {
    expect(users.tests).toEqual(['test.shop.users_not_empty']);
    expect(users.parents).toEqual(['seed.shop.raw']);
    expect(users.children).toEqual(['test.shop.unique_users_id', 'test.shop.users_not_empty']);
    expect(users.result).toEqual({ status: 'success', message: 'created table', executionTime: 0.25, completedAt: '2026-01-01T00:01:59.000Z', rows: 42, failures: null, command: 'build', runAt: '2026-01-01T00:02:00.000Z', lastRun: true });
    const test = data.nodes.find((n) => n.id === 'test.shop.unique_users_id')!;
    expect(test.result).toMatchObject({ status: 'fail', failures: 3 });
    expect(test.test).toEqual({ attachedNode: 'model.shop.users', column: 'id', kind: 'unique' });
    expect(data).toMatchObject({ project: 'shop', adapter: 'duckdb', runCommand: 'build', catalogAt: '2026-01-01T00:01:00.000Z' });
  });

  it('passes unknown resource types through', () => {
    expect(data.nodes.find((n) => n.id === 'ingest.shop.api')).toMatchObject({ type: 'ingest', name: 'api', parents: [], columns: [] });
  });

  it('works without a catalog or run results', () => {
    const bare = buildDocsData({ manifest, catalog: undefined, runResults: undefined });
    const node = bare.nodes.find((n) => n.id === 'model.shop.users')!;
    expect(node.columns.map((c) => [c.name, c.type, c.typeFrom])).toEqual([['ID', 'int', 'declared'], ['ghost', null, null]]);
    expect(node.result).toBeNull();
    expect(bare.runAt).toBeNull();
  });

  it('writes the data as a script that yields exactly the data, whatever the text holds', () => {
    const script = dataScript(data);
    expect(script).not.toContain('</script>');
    const window: { WEIR_DOCS?: unknown } = {};
    runInNewContext(script, { window });
    expect(window.WEIR_DOCS).toEqual(JSON.parse(JSON.stringify(data)));
    expect((window.WEIR_DOCS as typeof data).nodes.find((n) => n.id === 'model.shop.users')!.description).toBe(EVIL);
  });
});

describe('ingest nodes from weir_manifest.json', () => {
  it('draws an ingest node as the parent of the source table it loads', () => {
    const dbt = {
      metadata: { project_name: 'shop', invocation_id: 'i1' },
      nodes: {},
      sources: { 'source.shop.api.items': { unique_id: 'source.shop.api.items', resource_type: 'source', name: 'items', config: {} } },
    };
    const weirManifest = {
      metadata: { invocation_id: 'i1' },
      nodes: { 'ingest.shop.api.items': { unique_id: 'ingest.shop.api.items', resource_type: 'ingest', name: 'items', depends_on: { nodes: [] }, config: {} } },
      parent_map: { 'source.shop.api.items': ['ingest.shop.api.items'], 'ingest.shop.api.items': [] },
    };
    const data = buildDocsData({ manifest: dbt, weirManifest, catalog: undefined, runResults: undefined });
    const byId = new Map(data.nodes.map((n) => [n.id, n]));
    expect(byId.get('ingest.shop.api.items')?.type).toBe('ingest');
    expect(byId.get('source.shop.api.items')?.parents).toEqual(['ingest.shop.api.items']);
    expect(byId.get('ingest.shop.api.items')?.children).toEqual(['source.shop.api.items']);
  });
});
