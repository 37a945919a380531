import { arr, obj, str, type Json } from './read-json.js';
import type { DocsColumn, DocsData, DocsNode } from './types.js';
import { freshnessResults, nodeResults } from './site-results.js';
import { accessOf, exposureOf, groupOf, sitePages } from './site-pages.js';


/** The parsed artifacts the site is built from; catalog and run results may be missing. */
export interface Artifacts {
  readonly manifest: Json;
  /** target/weir_manifest.json when it belongs to this manifest: ingest nodes, and their edges. */
  readonly weirManifest?: Json | undefined;
  readonly catalog: Json | undefined;
  readonly runResults: Json | undefined;
  /** target/weir_latest_results.json: each node's newest result across invocations. */
  readonly latestResults?: Json | undefined;
  /** target/sources.json: the last `weir source freshness`. */
  readonly sources?: Json | undefined;
  /** target/lineage.json (column lineage), when traced. */
  readonly lineage?: Json | undefined;
}

/** The manifest sections that hold graph nodes, dbt's and the ones weir adds. */
const NODE_SECTIONS = ['nodes', 'sources', 'unit_tests', 'exposures', 'metrics', 'semantic_models', 'saved_queries'];

/**
 * Joins the three artifacts into the site's data: each node with its catalog columns, the tests on
 * it and their last results, its last run, its parents and children. Unknown resource types pass
 * through as they are.
 */
export function buildDocsData(artifacts: Artifacts): DocsData {
  const { manifest } = artifacts;
  const weir = obj(artifacts.weirManifest);
  const raw = [...manifestNodes(manifest), ...manifestNodes({ nodes: weir.nodes })];
  const extraParents = obj(weir.parent_map);
  const ids = new Set(raw.map((n) => str(n.unique_id)));
  const catalog = catalogTables(artifacts.catalog);
  const results = nodeResults(artifacts.runResults, artifacts.latestResults);
  const freshness = freshnessResults(artifacts.sources);
  const pages = sitePages(manifest, weir, raw);

  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const node of raw) {
    const id = str(node.unique_id);
    const deps = [...new Set([...arr(obj(node.depends_on).nodes), ...arr(extraParents[id])].map(String))].filter((p) => ids.has(p) && p !== id);
    parents.set(id, deps.sort());
    for (const p of deps) (children.get(p) ?? children.set(p, []).get(p)!).push(id);
  }

  // Tests by the node they are attached to: column tests by lower-cased column name.
  const columnTests = new Map<string, Map<string, string[]>>();
  const nodeTests = new Map<string, string[]>();
  for (const node of raw) {
    if (node.resource_type !== 'test' && node.resource_type !== 'unit_test') continue;
    const id = str(node.unique_id);
    const attached = typeof node.attached_node === 'string' && ids.has(node.attached_node) ? [node.attached_node] : parents.get(id) ?? [];
    const column = typeof node.column_name === 'string' ? node.column_name.toLowerCase() : undefined;
    for (const target of attached) {
      if (column && typeof node.attached_node === 'string') {
        const byColumn = columnTests.get(target) ?? columnTests.set(target, new Map()).get(target)!;
        (byColumn.get(column) ?? byColumn.set(column, []).get(column)!).push(id);
      } else {
        (nodeTests.get(target) ?? nodeTests.set(target, []).get(target)!).push(id);
      }
    }
  }

  const nodes: DocsNode[] = raw.map((node) => {
    const id = str(node.unique_id);
    const config = obj(node.config);
    const table = catalog.get(id);
    return {
      id,
      name: str(node.name, id),
      type: str(node.resource_type, 'unknown'),
      package: str(node.package_name),
      path: str(node.original_file_path, str(node.path)),
      fqn: arr(node.fqn).map(String),
      tags: arr(node.tags).map(String),
      config,
      materialized: typeof config.materialized === 'string' ? config.materialized : null,
      description: str(node.description),
      relation: typeof node.relation_name === 'string' ? node.relation_name : null,
      catalogType: table ? str(obj(table.metadata).type) || null : null,
      raw: str(node.raw_code),
      compiled: typeof node.compiled_code === 'string' ? node.compiled_code : null,
      columns: mergeColumns(obj(node.columns), table ? obj(table.columns) : {}, columnTests.get(id)),
      parents: parents.get(id) ?? [],
      children: (children.get(id) ?? []).sort(),
      tests: (nodeTests.get(id) ?? []).sort(),
      result: results.get(id) ?? null,
      freshness: freshness.get(id) ?? null,
      ...optional({ group: groupOf(node), access: node.resource_type === 'model' ? accessOf(node) : null, macros: pages.callsOf(node), exposure: exposureOf(node) }),
      test: node.resource_type === 'test' || node.resource_type === 'unit_test'
        ? {
            attachedNode: typeof node.attached_node === 'string' ? node.attached_node : null,
            column: typeof node.column_name === 'string' ? node.column_name : null,
            kind: typeof obj(node.test_metadata).name === 'string' ? String(obj(node.test_metadata).name) : null,
          }
        : null,
    };
  });
  nodes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const metadata = obj(manifest.metadata);
  const runMeta = obj(artifacts.runResults?.metadata);
  return {
    project: str(metadata.project_name, 'weir project'),
    adapter: str(metadata.adapter_type),
    generatedAt: str(metadata.generated_at),
    catalogAt: artifacts.catalog ? str(obj(artifacts.catalog.metadata).generated_at) || null : null,
    runAt: artifacts.runResults ? str(runMeta.generated_at) || null : null,
    runCommand: artifacts.runResults ? str(obj(artifacts.runResults.args).command) || null : null,
    freshnessAt: artifacts.sources ? str(obj(artifacts.sources.metadata).generated_at) || null : null,
    nodes,
    lineage: artifacts.lineage ? (obj(artifacts.lineage.nodes) as DocsData['lineage']) : null,
    macros: pages.macros,
    docBlocks: pages.docBlocks,
    groups: pages.groups,
  };
}

/** The fields that are set (not null, not an empty list). */
function optional<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0))) as { [K in keyof T]?: Exclude<T[K], null> };
}

function manifestNodes(manifest: Json): Json[] {
  const found: Json[] = [];
  for (const section of NODE_SECTIONS) {
    for (const value of Object.values(obj(manifest[section]))) {
      const node = obj(value);
      // dbt's `docs: {show: false}` keeps a node out of the site (its page, graph and search).
      if (typeof node.unique_id === 'string' && obj(node.docs).show !== false && obj(obj(node.config).docs).show !== false) found.push(node);
    }
  }
  return found;
}

/** Columns in the warehouse's order, then the documented ones the warehouse does not have. */
function mergeColumns(declared: Json, fromCatalog: Json, tests: Map<string, string[]> | undefined): DocsColumn[] {
  const documented = new Map<string, Json>();
  for (const [name, value] of Object.entries(declared)) documented.set(name.toLowerCase(), { name, ...obj(value) });
  const warehouse = Object.entries(fromCatalog)
    .map(([name, value]) => ({ name: str(obj(value).name, name), type: str(obj(value).type), index: Number(obj(value).index ?? 0) }))
    .sort((a, b) => a.index - b.index);
  const columns: DocsColumn[] = [];
  const seen = new Set<string>();
  const column = (name: string, catalogType: string | undefined): DocsColumn => {
    const doc = documented.get(name.toLowerCase()) ?? {};
    const declaredType = typeof doc.data_type === 'string' ? doc.data_type : undefined;
    seen.add(name.toLowerCase());
    return {
      name,
      type: catalogType ?? declaredType ?? null,
      typeFrom: catalogType ? 'catalog' : declaredType ? 'declared' : null,
      description: str(doc.description),
      tests: [...(tests?.get(name.toLowerCase()) ?? [])].sort(),
    };
  };
  for (const c of warehouse) columns.push(column(c.name, c.type || undefined));
  for (const doc of documented.values()) if (!seen.has(str(doc.name).toLowerCase())) columns.push(column(str(doc.name), undefined));
  // Tests on columns that are neither in the warehouse nor documented still deserve a row.
  for (const name of tests?.keys() ?? []) if (!seen.has(name)) columns.push(column(name, undefined));
  return columns;
}

function catalogTables(catalog: Json | undefined): Map<string, Json> {
  const tables = new Map<string, Json>();
  for (const section of ['nodes', 'sources']) {
    for (const [id, value] of Object.entries(obj(catalog?.[section]))) tables.set(id, obj(value));
  }
  return tables;
}
