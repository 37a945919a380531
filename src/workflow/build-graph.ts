import { NO_SQL_TYPES } from '../compile/no-sql-nodes.js';
import type { CompiledProject } from '../compile/types.js';
import { buildDag, descendants, type Dag, type GraphNode } from '../graph/index.js';

/**
 * The graph `weir build` schedules: as in dbt, whatever reads from a node also waits for that
 * node's tests, so a failing test stops bad rows before anything is built from them. A test on
 * several nodes (a relationships test, a singular test reading two models) gates only the nodes
 * built from all of them, as dbt's add_test_edges does: a node built from one of them alone neither
 * waits for it nor is skipped when it fails.
 * Unit tests are turned around: they run after their model's parents, and the model waits for them;
 * a model's unit tests run in turn, and a failure skips the ones after it.
 */
export function buildGraphWithTests(project: CompiledProject): Dag {
  const { dag } = project;
  const extra = new Map<string, string[]>();
  // A node that runs no SQL (exposure, metric, saved query...) waits for no test, as in dbt.
  const gated = (id: string) => {
    const type = dag.nodes.get(id)?.resourceType;
    return type !== undefined && type !== 'test' && type !== 'unit_test' && !NO_SQL_TYPES.has(type);
  };
  for (const node of dag.nodes.values()) {
    if (node.resourceType !== 'test') continue;
    for (const child of firstNodesBuiltFromAll(dag, dag.parents.get(node.uniqueId) ?? [], gated)) {
      extra.set(child, [...(extra.get(child) ?? []), node.uniqueId]);
    }
  }
  // A unit test runs before its model, which waits for it. As in dbt, it runs after the model's
  // parents, whose columns (read from the warehouse) type the fixture rows it does not spell out.
  // As in dbt's build, a model's unit tests run one after the other, and after the first that fails
  // the rest are skipped with the model (dbt runs them in its model's job and stops at a failure).
  const previousOf = new Map<string, string>();
  for (const node of dag.nodes.values()) {
    if (node.resourceType !== 'unit_test') continue;
    for (const model of node.dependsOn) {
      const before = extra.get(model)?.filter((id) => dag.nodes.get(id)?.resourceType === 'unit_test').at(-1);
      if (before !== undefined) previousOf.set(node.uniqueId, before);
      extra.set(model, [...(extra.get(model) ?? []), node.uniqueId]);
    }
  }
  for (const [test, before] of previousOf) extra.set(test, [...(extra.get(test) ?? []), before]);
  if (extra.size === 0) return dag;
  const nodes: GraphNode[] = [...dag.nodes.values()].map((n) => {
    const dependsOn = n.resourceType === 'unit_test' ? n.dependsOn.flatMap((model) => dag.nodes.get(model)?.dependsOn ?? []) : n.dependsOn;
    return extra.has(n.uniqueId) ? { ...n, dependsOn: [...new Set([...dependsOn, ...extra.get(n.uniqueId)!])] } : { ...n, dependsOn };
  });
  return buildDag(nodes);
}

/**
 * The nodes (of those `gated`) built from every one of `parents`, without those built from another
 * of them: waiting for the first is waiting for all. One parent: its children.
 */
function firstNodesBuiltFromAll(dag: Dag, parents: readonly string[], gated: (id: string) => boolean): string[] {
  if (parents.length === 0) return [];
  if (parents.length === 1) return (dag.children.get(parents[0]!) ?? []).filter(gated);
  let common: Set<string> | undefined;
  for (const parent of parents) {
    const below = descendants(dag, parent);
    common = common ? new Set([...common].filter((id) => below.has(id))) : below;
    if (common.size === 0) return [];
  }
  const built = [...common!].filter(gated);
  const inSet = new Set(built);
  return built.filter((id) => !(dag.parents.get(id) ?? []).some((p) => inSet.has(p)));
}
