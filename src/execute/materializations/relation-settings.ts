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
