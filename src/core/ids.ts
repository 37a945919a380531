import { createHash } from 'node:crypto';
/** Stable node ids, as in dbt: `<resource type>.<project>.<name>`. */
export type ResourceType = 'model' | 'seed' | 'test' | 'source' | 'analysis' | 'macro' | 'snapshot';

export function nodeId(resourceType: ResourceType, project: string, name: string): string {
  return `${resourceType}.${project}.${name}`;
}

export function sourceId(project: string, sourceName: string, tableName: string, kind: 'source' | 'ingest' = 'source'): string {
  return `${kind}.${project}.${sourceName}.${tableName}`;
}

/** PostgreSQL cuts identifiers at 63 bytes (NAMEDATALEN - 1); weir's own names must fit too. */
const MAX_IDENTIFIER_BYTES = 63;

/**
 * The name of a relation weir makes beside `identifier` (`<name>__weir_tmp`, `__weir_old`...).
 * Past 63 bytes PostgreSQL would cut it, and a long model's temporary name could become the model's
 * own name: such a name keeps the `__weir_<suffix>` ending and shortens the head, adding a hash so
 * two long names never meet.
 */
export function weirIdentifier(identifier: string, suffix: string): string {
  const tail = `__weir_${suffix}`;
  const full = `${identifier}${tail}`;
  if (Buffer.byteLength(full) <= MAX_IDENTIFIER_BYTES) return full;
  const hash = createHash('md5').update(identifier).digest('hex').slice(0, 8);
  let head = identifier;
  while (head.length > 0 && Buffer.byteLength(`${head}_${hash}${tail}`) > MAX_IDENTIFIER_BYTES) head = head.slice(0, -1);
  return `${head}_${hash}${tail}`;
}
