import { WeirError } from '../core/errors.js';
import type { Dag } from './dag.js';

/**
 * Breadth-first walk from several start nodes at once, up to `depth` edges away (unlimited when
 * undefined). The result includes the starts. One multi-source walk instead of one per start keeps
 * `tag:big+` linear even when the tag matches thousands of nodes.
 */
export function walk(
  dag: Dag,
  starts: Iterable<string>,
  direction: 'parents' | 'children',
  depth?: number,
): Set<string> {
  const edges = direction === 'parents' ? dag.parents : dag.children;
  const seen = new Set<string>();
  let frontier: string[] = [];
  for (const id of starts) {
    if (!dag.nodes.has(id)) throw new WeirError(`Unknown node '${id}'`);
    if (!seen.has(id)) {
      seen.add(id);
      frontier.push(id);
    }
  }
  for (let level = 0; frontier.length > 0 && (depth === undefined || level < depth); level++) {
    const nextFrontier: string[] = [];
    for (const id of frontier) {
      for (const other of edges.get(id) ?? []) {
        if (seen.has(other)) continue;
        seen.add(other);
        nextFrontier.push(other);
      }
    }
    frontier = nextFrontier;
  }
  return seen;
}

/** Everything `id` reads from, directly or not, up to `depth` edges up; excludes `id` itself. */
export function ancestors(dag: Dag, id: string, depth?: number): Set<string> {
  const found = walk(dag, [id], 'parents', depth);
  found.delete(id);
  return found;
}

/** Everything that reads from `id`, directly or not, up to `depth` edges down; excludes `id` itself. */
export function descendants(dag: Dag, id: string, depth?: number): Set<string> {
  const found = walk(dag, [id], 'children', depth);
  found.delete(id);
  return found;
}
