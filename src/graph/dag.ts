import { closestNames } from '../core/closest.js';
import { WeirError } from '../core/errors.js';
import { CycleError, UnknownNodeError } from './errors.js';
import { MinHeap } from './heap.js';
import type { GraphNode } from './types.js';

/**
 * The dependency graph: plain maps keyed by unique id, never mutated after `buildDag`. Edges point
 * the way data flows: `parents` are what a node reads from, `children` are what reads from it.
 * Both lists are sorted by id so every walk over them is deterministic.
 */
export interface Dag {
  readonly nodes: ReadonlyMap<string, GraphNode>;
  readonly parents: ReadonlyMap<string, readonly string[]>;
  readonly children: ReadonlyMap<string, readonly string[]>;
}

/** Plain code-unit order: stable across machines, unlike `localeCompare`. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const EMPTY: readonly string[] = Object.freeze([]);

/**
 * Builds the DAG. Throws `UnknownNodeError` when a node depends on an id that is not among `nodes`,
 * and `CycleError` when the nodes depend on each other in a loop.
 */
export function buildDag(nodes: readonly GraphNode[]): Dag {
  const n = nodes.length;
  // Work on array positions first: one hash per id instead of one per map per edge. Plain `for`
  // loops, because the first (unoptimised) run is the one a CLI invocation pays for.
  const position = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const node = nodes[i]!;
    const seen = position.get(node.uniqueId);
    if (seen !== undefined) {
      throw new WeirError(`Two nodes have the id '${node.uniqueId}': ${nodes[seen]!.path} and ${node.path}`);
    }
    position.set(node.uniqueId, i);
  }

  // Child lists are made on first use and leaves share one empty list: fewer allocations, less GC.
  const parentIds: (readonly string[])[] = new Array(n);
  const childIds: (string[] | undefined)[] = new Array(n);
  const childPositions: (number[] | undefined)[] = new Array(n);
  const parentCount = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const node = nodes[i]!;
    // Most nodes have zero or one parent: no Set, no sort, and the (readonly) list can be shared.
    const own = node.dependsOn.length < 2 ? node.dependsOn : [...new Set(node.dependsOn)].sort(compareIds);
    for (const parentId of own) {
      const p = position.get(parentId);
      if (p === undefined) throw unknownDependency(node, parentId, position.keys());
      (childIds[p] ??= []).push(node.uniqueId);
      (childPositions[p] ??= []).push(i);
    }
    parentIds[i] = own;
    parentCount[i] = own.length;
  }

  const byId = new Map<string, GraphNode>();
  const parents = new Map<string, readonly string[]>();
  const children = new Map<string, readonly string[]>();
  for (let i = 0; i < n; i++) {
    const id = nodes[i]!.uniqueId;
    byId.set(id, nodes[i]!);
    parents.set(id, parentIds[i]!);
    const kids = childIds[i];
    if (kids && kids.length > 1) kids.sort(compareIds);
    children.set(id, kids ?? EMPTY);
  }

  const dag: Dag = { nodes: byId, parents, children };
  if (!isAcyclic(parentCount, childPositions)) throw cycleError(dag, findCycle(dag) ?? []);
  return dag;
}

/** Kahn's count with a plain queue: linear, and cheaper than the DFS that names the cycle. */
function isAcyclic(parentCount: Int32Array, childPositions: readonly (number[] | undefined)[]): boolean {
  const waiting = parentCount.slice();
  const queue: number[] = [];
  for (let i = 0; i < waiting.length; i++) if (waiting[i] === 0) queue.push(i);
  for (let head = 0; head < queue.length; head++) {
    for (const c of childPositions[queue[head]!] ?? []) if (--waiting[c]! === 0) queue.push(c);
  }
  return queue.length === parentCount.length;
}

function unknownDependency(node: GraphNode, missing: string, ids: Iterable<string>): UnknownNodeError {
  const close = closestNames(missing, ids);
  const hint = close.length > 0 ? `; did you mean ${close.map((c) => `'${c}'`).join(' or ')}?` : '';
  return new UnknownNodeError(
    node.uniqueId,
    missing,
    `Node '${node.uniqueId}' (${node.path}) depends on '${missing}', which is not a node of the graph${hint}`,
  );
}

function cycleError(dag: Dag, cycle: readonly string[]): CycleError {
  const distinct = cycle.slice(0, -1).map((id) => dag.nodes.get(id)!);
  return new CycleError(cycle, distinct);
}

/**
 * A cycle as ids, first id repeated at the end (`[a, b, c, a]`, following data flow: b reads a),
 * rotated to start at its smallest id; `undefined` when the graph is acyclic. Iterative DFS with
 * an explicit stack, so a 100,000-node chain cannot overflow the call stack.
 */
export function findCycle(dag: Dag): string[] | undefined {
  const WHITE = 0;
  const GREY = 1;
  const BLACK = 2;
  const colour = new Map<string, number>();
  const stack: string[] = [];
  const next: number[] = []; // per stack frame: index of the next child to visit

  for (const root of [...dag.nodes.keys()].sort(compareIds)) {
    if ((colour.get(root) ?? WHITE) !== WHITE) continue;
    colour.set(root, GREY);
    stack.push(root);
    next.push(0);
    while (stack.length > 0) {
      const top = stack.length - 1;
      const id = stack[top]!;
      const kids = dag.children.get(id) ?? EMPTY;
      const i = next[top]!;
      if (i >= kids.length) {
        colour.set(id, BLACK);
        stack.pop();
        next.pop();
        continue;
      }
      next[top] = i + 1;
      const child = kids[i]!;
      const state = colour.get(child) ?? WHITE;
      if (state === GREY) return canonicalCycle([...stack.slice(stack.lastIndexOf(child)), child]);
      if (state === WHITE) {
        colour.set(child, GREY);
        stack.push(child);
        next.push(0);
      }
    }
  }
  return undefined;
}

/** Rotates `[b, c, a, b]` to `[a, b, c, a]` so the same loop is always reported the same way. */
function canonicalCycle(cycle: string[]): string[] {
  const ring = cycle.slice(0, -1);
  let start = 0;
  for (let i = 1; i < ring.length; i++) if (ring[i]! < ring[start]!) start = i;
  const rotated = [...ring.slice(start), ...ring.slice(0, start)];
  return [...rotated, rotated[0]!];
}

// A Dag is immutable, so its order can be computed once and shared by selection and scheduling.
const orderCache = new WeakMap<Dag, readonly string[]>();

/**
 * Every node, parents before children (Kahn's algorithm); among nodes that are ready at the same
 * time, the smallest unique id comes first, so the order never depends on input order.
 */
export function topologicalOrder(dag: Dag): string[] {
  const cached = orderCache.get(dag);
  if (cached) return [...cached];

  // Heap entries are ranks in id order, so ties break by id without comparing strings each time.
  const ids = [...dag.nodes.keys()].sort(compareIds);
  const rank = new Map<string, number>();
  ids.forEach((id, i) => rank.set(id, i));
  const waiting = new Int32Array(ids.length);
  const ready = new MinHeap();
  ids.forEach((id, i) => {
    waiting[i] = dag.parents.get(id)?.length ?? 0;
    if (waiting[i] === 0) ready.push(i);
  });
  const order: string[] = [];
  for (let i = ready.pop(); i !== undefined; i = ready.pop()) {
    const id = ids[i]!;
    order.push(id);
    for (const child of dag.children.get(id) ?? EMPTY) {
      const c = rank.get(child)!;
      if (--waiting[c]! === 0) ready.push(c);
    }
  }
  if (order.length < dag.nodes.size) {
    // Only reachable with a hand-made Dag: buildDag already refuses cycles.
    throw cycleError(dag, findCycle(dag) ?? []);
  }
  orderCache.set(dag, order);
  return [...order];
}
