/** Stable node ids, as in dbt: `<resource type>.<project>.<name>`. */
export type ResourceType = 'model' | 'seed' | 'test' | 'source' | 'analysis' | 'macro' | 'snapshot';

export function nodeId(resourceType: ResourceType, project: string, name: string): string {
  return `${resourceType}.${project}.${name}`;
}

export function sourceId(project: string, sourceName: string, tableName: string, kind: 'source' | 'ingest' = 'source'): string {
  return `${kind}.${project}.${sourceName}.${tableName}`;
}
