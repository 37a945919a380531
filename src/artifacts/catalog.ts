export const CATALOG_SCHEMA = 'https://schemas.getdbt.com/dbt/catalog/v1.json';

/** One node's relation as the warehouse describes it: what catalog.json records per node. */
export interface CatalogEntry {
  readonly uniqueId: string;
  readonly resourceType: string;
  readonly schema: string;
  readonly identifier: string;
  readonly kind: 'table' | 'view';
  readonly columns: ReadonlyArray<{ readonly name: string; readonly dataType: string }>;
}

/**
 * target/catalog.json in the shape of dbt's catalog (v1): per node and source, the relation's type
 * and its columns with their warehouse types and positions. Nodes not built yet are left out, as
 * dbt does; `errors` lists what could not be read.
 */
export function buildCatalog(
  entries: readonly CatalogEntry[],
  meta: { invocationId: string; generatedAt: Date; errors?: readonly string[] },
) {
  const nodes: Record<string, unknown> = {};
  const sources: Record<string, unknown> = {};
  for (const entry of entries) {
    const columns: Record<string, unknown> = {};
    entry.columns.forEach((column, i) => {
      columns[column.name] = { type: column.dataType, index: i + 1, name: column.name, comment: null };
    });
    const table = {
      metadata: { type: entry.kind === 'view' ? 'VIEW' : 'BASE TABLE', schema: entry.schema, name: entry.identifier, database: null, comment: null, owner: null },
      columns,
      stats: { has_stats: { id: 'has_stats', label: 'Has Stats?', value: false, include: false, description: 'Indicates whether there are statistics for this table' } },
      unique_id: entry.uniqueId,
    };
    if (entry.resourceType === 'source') sources[entry.uniqueId] = table;
    else nodes[entry.uniqueId] = table;
  }
  return {
    metadata: {
      dbt_schema_version: CATALOG_SCHEMA,
      generated_at: meta.generatedAt.toISOString(),
      invocation_id: meta.invocationId,
      env: {},
    },
    nodes,
    sources,
    errors: meta.errors?.length ? [...meta.errors] : null,
  };
}
