import type { Adapter } from '../../adapters/types.js';
import type { CompiledNode } from '../../compile/types.js';
import type { MaterializeContext } from '../types.js';
import { applyGrants } from './grants.js';
import { persistDocs } from './persist-docs.js';

/**
 * What dbt applies to a relation once it is built, in the node's transaction: its descriptions as
 * comments (persist_docs), then its privileges (grants). Every materialization that builds a
 * relation ends with this, before its post-hooks.
 */
export async function applyRelationSettings(node: CompiledNode, context: MaterializeContext, kind: 'table' | 'view' = 'table'): Promise<void> {
  await persistDocs(node, context, kind);
  await applyGrants(node, context);
}

/**
 * Whether applyRelationSettings() would run anything for this node on this engine (grants only
 * where the engine manages privileges): a view without settings needs no transaction of its own.
 */
export function hasRelationSettings(node: CompiledNode, adapter: Adapter): boolean {
  const docs = node.config.persist_docs as Readonly<Record<string, boolean>> | undefined;
  return Boolean(docs?.relation || docs?.columns) || (node.config.grants !== undefined && adapter.applyGrants !== undefined);
}
