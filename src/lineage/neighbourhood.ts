/** Edges of the graph of traced nodes (models, snapshots, seeds, sources) by unique id. */
export type Edges = (id: string) => readonly string[];

/**
 * The nodes whose lineage the columns of `starts` need: their ancestors (upstream), with `down`
 * their descendants too and the ancestors of those (tracing a reader needs all its parents' columns).
 */
export function neighbourhood(starts: Iterable<string>, parents: Edges, children: Edges, down = true): Set<string> {
  const closure = (from: Iterable<string>, edges: Edges) => {
    const reached = new Set(from);
    const queue = [...reached];
    while (queue.length > 0) for (const next of edges(queue.pop()!)) if (!reached.has(next)) (reached.add(next), queue.push(next));
    return reached;
  };
  return closure(down ? closure(starts, children) : starts, parents);
}
