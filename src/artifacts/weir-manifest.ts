import type { Fingerprint } from '../compile/fingerprint.js';
import type { CompiledNode, CompiledProject } from '../compile/types.js';
import { sqlNodeEntry } from './manifest-nodes.js';
import { WEIR_ONLY_TYPES, type ArtifactMetadata } from './manifest.js';
import { weirManifestMetadata } from './manifest-metadata.js';

export { weirManifestMetadata };

export { WEIR_MANIFEST } from './weir-manifest-file.js';

/**
 * target/weir_manifest.json: what weir knows about the project that dbt's manifest has no key for.
 * `fingerprints` (node id -> hashes of its body, config and macros) drive state:modified;
 * `nodes` are the nodes of weir-only resource types (ingest), in the manifest's node shape (their
 * ingest block stays out: it may name credentials); `parent_map` gives every edge manifest.json leaves out (a source's ingest node).
 */
export function buildWeirManifest(
  project: CompiledProject,
  metadata: ArtifactMetadata,
  quoteRelation: (node: CompiledNode) => string | undefined,
  fingerprints: ReadonlyMap<string, Fingerprint>,
) {
  const nodes: Record<string, unknown> = {};
  const parentMap: Record<string, string[]> = {};
  const weirOnly = (id: string) => WEIR_ONLY_TYPES.has(project.nodes.get(id)?.resourceType ?? '');
  for (const node of project.nodes.values()) {
    if (weirOnly(node.uniqueId)) {
      nodes[node.uniqueId] = sqlNodeEntry(node, { relationName: quoteRelation(node), defaultSchema: metadata.defaultSchema });
    }
    const hidden = node.dependsOn.nodes.filter(weirOnly);
    if (hidden.length || weirOnly(node.uniqueId)) parentMap[node.uniqueId] = [...hidden];
  }
  return {
    metadata: weirManifestMetadata(metadata),
    nodes,
    parent_map: parentMap,
    doc_blocks: docBlockUses(project),
    fingerprints: Object.fromEntries([...fingerprints].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}


/** The doc blocks exposures' and macros' descriptions read: dbt's manifest has a `doc_blocks` key for neither. */
function docBlockUses(project: CompiledProject): Record<string, string[]> {
  const uses: Record<string, string[]> = {};
  for (const node of project.nodes.values()) if (node.exposure && node.docBlocks?.length) uses[node.uniqueId] = [...node.docBlocks];
  for (const macro of project.macros) if (macro.docBlocks.length) uses[macro.uniqueId] = [...macro.docBlocks];
  return uses;
}
