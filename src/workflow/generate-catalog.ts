import type { Adapter, CatalogRelation } from '../adapters/types.js';
import { buildCatalog, writeArtifact, type CatalogEntry } from '../artifacts/index.js';
import type { CompiledNode } from '../compile/types.js';
import { errorMessage } from '../core/errors.js';
import { connect, DEFAULT_THREADS } from './run-project.js';
import type { OpenedProject } from './open-project.js';

export interface CatalogOutcome {
  readonly path: string;
  /** The catalog written, as JSON data. */
  readonly catalog: Record<string, unknown>;
  /** Nodes found in the warehouse, and nodes with a relation that were not (not built yet). */
  readonly found: number;
  readonly missing: number;
}

/**
 * Reads every node's relation (models, seeds, sources, and whatever else has one) from the
 * warehouse and writes target/catalog.json. With `empty`, writes a catalog without connecting.
 */
export async function generateCatalog(opened: OpenedProject, options: { empty?: boolean; threads?: number | undefined }): Promise<CatalogOutcome> {
  const nodes = [...opened.compiled.nodes.values()].filter((n) => n.relation && n.resourceType !== 'test');
  let entries: CatalogEntry[] = [];
  const errors: string[] = [];
  if (!options.empty && nodes.length > 0) {
    const adapter = await connect(opened, options.threads ?? opened.target.threads ?? DEFAULT_THREADS);
    try {
      entries = await readEntries(adapter, nodes, errors);
    } finally {
      await adapter.close();
    }
  }
  const catalog = buildCatalog(entries, { invocationId: opened.invocationId, generatedAt: new Date(), errors });
  const path = await writeArtifact(opened.project.targetDir, 'catalog.json', catalog);
  return { path, catalog, found: entries.length, missing: nodes.length - entries.length };
}

async function readEntries(adapter: Adapter, nodes: readonly CompiledNode[], errors: string[]): Promise<CatalogEntry[]> {
  if (adapter.catalog) {
    const schemas = [...new Set(nodes.map((n) => n.relation!.schema))].sort();
    const relations = await adapter.withSession((session) => adapter.catalog!(session, schemas));
    const byName = new Map<string, CatalogRelation>();
    for (const r of relations) byName.set(key(r.schema, r.identifier), r);
    // Engines fold unquoted names differently; fall back to a case-insensitive match.
    const folded = new Map<string, CatalogRelation>();
    for (const r of relations) folded.set(key(r.schema, r.identifier).toLowerCase(), r);
    return nodes.flatMap((node) => {
      const k = key(node.relation!.schema, node.relation!.identifier);
      const found = byName.get(k) ?? folded.get(k.toLowerCase());
      return found ? [entryOf(node, found)] : [];
    });
  }
  // One relation at a time per session, all sessions busy.
  const results = await Promise.all(nodes.map((node) => adapter.withSession(async (session) => {
    try {
      const kind = await adapter.relationKind(session, node.relation!);
      if (!kind) return undefined;
      const columns = await adapter.columns(session, node.relation!);
      return entryOf(node, { ...node.relation!, kind, columns });
    } catch (error) {
      errors.push(`${node.uniqueId}: ${errorMessage(error)}`);
      return undefined;
    }
  })));
  return results.filter((e): e is CatalogEntry => e !== undefined);
}

function key(schema: string, identifier: string): string {
  return `${schema}\u0000${identifier}`;
}

function entryOf(node: CompiledNode, relation: CatalogRelation): CatalogEntry {
  return {
    uniqueId: node.uniqueId, resourceType: node.resourceType, schema: relation.schema, identifier: relation.identifier,
    kind: relation.kind, columns: relation.columns,
  };
}
