import type { CompiledProject } from '../compile/types.js';
import { ancestors, buildDag, type Dag, type GraphNode } from '../graph/index.js';

/**
 * The graph `weir build` schedules: as in dbt, whatever reads from a node also waits for that
 * node's tests, so a failing test stops bad rows before anything is built from them. An edge that
 * would close a cycle (a relationships test whose other side is built from the tested model) is
 * left out.
 * Unit tests are turned around: they run after their model's parents, and the model waits for them.
 */
export function buildGraphWithTests(project: CompiledProject): Dag {
  const { dag } = project;
  const extra = new Map<string, string[]>();
  for (const node of dag.nodes.values()) {
    if (node.resourceType !== 'test') continue;
    const parents = dag.parents.get(node.uniqueId) ?? [];
    const upstream = parents.length > 1 ? new Set(parents.flatMap((p) => [...ancestors(dag, p), p])) : new Set<string>();
    for (const parent of parents) {
      for (const child of dag.children.get(parent) ?? []) {
        const type = dag.nodes.get(child)?.resourceType;
        if (type === 'test' || type === 'unit_test' || upstream.has(child)) continue;
        extra.set(child, [...(extra.get(child) ?? []), node.uniqueId]);
      }
    }
  }
  // A unit test runs before its model, which waits for it. As in dbt, it runs after the model's
  // parents, whose columns (read from the warehouse) type the fixture rows it does not spell out.
  for (const node of dag.nodes.values()) {
    if (node.resourceType !== 'unit_test') continue;
    for (const model of node.dependsOn) extra.set(model, [...(extra.get(model) ?? []), node.uniqueId]);
  }
  if (extra.size === 0) return dag;
  const nodes: GraphNode[] = [...dag.nodes.values()].map((n) => {
    const dependsOn = n.resourceType === 'unit_test' ? n.dependsOn.flatMap((model) => dag.nodes.get(model)?.dependsOn ?? []) : n.dependsOn;
    return extra.has(n.uniqueId) ? { ...n, dependsOn: [...new Set([...dependsOn, ...extra.get(n.uniqueId)!])] } : { ...n, dependsOn };
  });
  return buildDag(nodes);
}
