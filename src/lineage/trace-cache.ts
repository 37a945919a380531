import { createHash } from 'node:crypto';
import type { KnownRelation, Relations } from './trace-query.js';
import type { NodeLineage } from './types.js';

/**
 * What a node's trace depended on, kept so a later run can reuse it: tracing is a pure function of
 * the node's SQL and of what each relation it names looked like (its node, its columns, whether
 * they are all of them). When the SQL hashes the same and every lookup answers the same again, the
 * trace would be the same, so it is reused; a parent that gains or loses a column answers
 * differently, and its readers are traced again.
 */
export interface CachedTrace {
  /** sha1 of the compiled SQL. */
  readonly sql: string;
  /** Each relation lookup (`f schema\0table` or `e cte`) with its answer as JSON (`null`: not a node). */
  readonly reads: ReadonlyArray<readonly [string, string]>;
  readonly lineage: NodeLineage;
}

export type TraceCache = Readonly<Record<string, CachedTrace>>;

export function sqlHash(sql: string): string {
  return createHash('sha1').update(sql).digest('hex');
}

/** The answer of one recorded lookup, asked again. */
function ask(relations: Relations, key: string): KnownRelation | undefined {
  const name = key.slice(2);
  if (key.startsWith('e ')) return relations.ephemeral(name);
  const [schema, table] = name.split('\u0000') as [string, string];
  return relations.find(schema, table);
}

const answer = (known: KnownRelation | undefined) => JSON.stringify(known ?? null);

/** Whether every lookup a cached trace made still answers the same. */
export function readsHold(cached: CachedTrace, relations: Relations): boolean {
  return cached.reads.every(([key, value]) => answer(ask(relations, key)) === value);
}

/** `relations`, recording each lookup and its answer into `reads`. */
export function recording(relations: Relations, reads: Map<string, string>): Relations {
  const record = (key: string, known: KnownRelation | undefined) => {
    reads.set(key, answer(known));
    return known;
  };
  return {
    find: (schema, table) => record(`f ${schema}\u0000${table}`, relations.find(schema, table)),
    ephemeral: (cte) => record(`e ${cte}`, relations.ephemeral(cte)),
  };
}

/** The nodes a cached trace looked up (those whose change can make it stale). */
export function nodesRead(cached: CachedTrace): string[] {
  const nodes: string[] = [];
  for (const [, value] of cached.reads) {
    const known = JSON.parse(value) as KnownRelation | null;
    if (known) nodes.push(known.node);
  }
  return nodes;
}
