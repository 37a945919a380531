import type { GraphNode } from '../graph/types.js';

/** Projects a compiled node onto what the graph layer needs (it knows no SQL). */
export function toGraphNode(node: {
  uniqueId: string;
  resourceType: string;
  name: string;
  packageName: string;
  path: string;
  fqn: readonly string[];
  config: { readonly tags: readonly string[]; readonly [key: string]: unknown };
  dependsOn: { readonly nodes: readonly string[] };
  version?: { readonly name: string; readonly version: string; readonly latest: string } | undefined;
}): GraphNode {
  return {
    uniqueId: node.uniqueId,
    // A model version is selected by its model's name, as in dbt.
    name: node.version?.name ?? node.name,
    ...(node.version ? { version: { version: node.version.version, latest: node.version.latest } } : {}),
    resourceType: node.resourceType,
    packageName: node.packageName,
    path: node.path,
    fqn: node.fqn,
    tags: node.config.tags,
    config: node.config,
    dependsOn: node.dependsOn.nodes,
  };
}
