import { WeirError } from '../core/errors.js';
import { compareIds, topologicalOrder, type Dag } from './dag.js';
import type { GraphNode } from './types.js';

/** What became of one selected node. A failed node is `done` too: its result says it failed. */
export type NodeOutcome<R> =
  | { readonly status: 'done'; readonly result: R }
  | { readonly status: 'skipped'; readonly cause: string }
  | { readonly status: 'cancelled' };

export interface RunGraphOptions<R> {
  /** Most nodes executing at once (at least 1). */
  readonly threads: number;
  /** After the first failure start nothing new; nodes not started end up `cancelled`. */
  readonly failFast: boolean;
  readonly execute: (node: GraphNode) => Promise<R>;
  readonly isFailure: (result: R) => boolean;
  /** Turns a throw from `execute` into a result; a throw always counts as a failure. */
  readonly onError: (node: GraphNode, error: unknown) => R;
  /** Called once per selected node skipped because `cause` failed, in topological order. */
  readonly onSkip?: (node: GraphNode, cause: GraphNode) => void;
  /** Aborting behaves like fail-fast: in-flight nodes finish, the rest are `cancelled`. */
  readonly signal?: AbortSignal;
}

// Node states; 0, the initial value of the array, is "pending".
const RUNNING = 1;
const FINISHED = 2;
const SKIPPED = 3;

/**
 * dbt's order (its GraphQueue feeding a thread pool): the nodes that become ready together are
 * ordered by depth among the selected nodes (the longest chain of selected ancestors, counted
 * through unselected ones), then unique id, and join the back of one first-in-first-out line that
 * the threads take from. Order is a result here: seeds and models that meet only through a source
 * must start as in dbt, because a Fivetran model asks `adapter.get_relation()` whether the seed is
 * there yet. `rankOf` is each selected node's place in (depth, id) order.
 */
function dbtPriority(dag: Dag, order: readonly string[], indexOf: ReadonlyMap<string, number>, selected: Uint8Array): Int32Array {
  const n = order.length;
  // depth: a selected node's level; an unselected one carries the deepest selected level above it.
  const depth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let above = -1;
    for (const p of dag.parents.get(order[i]!) ?? []) above = Math.max(above, depth[indexOf.get(p)!]!);
    depth[i] = selected[i] ? above + 1 : above;
  }
  const picked: number[] = [];
  for (let i = 0; i < n; i++) if (selected[i]) picked.push(i);
  picked.sort((a, b) => depth[a]! - depth[b]! || compareIds(order[a]!, order[b]!));
  const rankOf = new Int32Array(n);
  picked.forEach((i, rank) => (rankOf[i] = rank));
  return rankOf;
}

/**
 * Executes the selected nodes in dependency order (ready ones in dbt's order), `threads` at a time,
 * and resolves with one outcome per selected node once nothing is running any more. The map is in
 * completion order, as dbt's run_results: a node when it finished, a skipped node when its cause
 * failed, cancelled ones last.
 *
 * Unselected nodes are never executed but still carry the ordering: they "finish" the moment their
 * parents have, so a selected node waits for selected ancestors through any unselected ones. All
 * bookkeeping is by topological index in flat arrays: O((n + e) log n) for the whole run.
 */
export async function runGraph<R>(
  dag: Dag,
  selectedIds: ReadonlySet<string>,
  options: RunGraphOptions<R>,
): Promise<Map<string, NodeOutcome<R>>> {
  for (const id of selectedIds) {
    if (!dag.nodes.has(id)) throw new WeirError(`Cannot run '${id}': it is not a node of the graph`);
  }
  const order = topologicalOrder(dag);
  const n = order.length;
  const indexOf = new Map<string, number>();
  order.forEach((id, i) => indexOf.set(id, i));
  const nodes = order.map((id) => dag.nodes.get(id)!);
  const children = order.map((id) => (dag.children.get(id) ?? []).map((c) => indexOf.get(c)!));
  const waiting = new Int32Array(n);
  const selected = new Uint8Array(n);
  const state = new Uint8Array(n);
  const outcomes: Array<NodeOutcome<R> | undefined> = new Array(n);
  const completed: number[] = [];
  for (let i = 0; i < n; i++) {
    waiting[i] = dag.parents.get(order[i]!)?.length ?? 0;
    if (selectedIds.has(order[i]!)) selected[i] = 1;
  }
  const rankOf = dbtPriority(dag, order, indexOf, selected);

  const threads = Math.max(1, Math.floor(options.threads) || 1);
  // The line of ready nodes; `batch` collects those one finish releases, sorted when it is closed.
  const ready: number[] = [];
  let head = 0;
  const batch: number[] = [];
  const closeBatch = (): void => {
    batch.sort((a, b) => rankOf[a]! - rankOf[b]!);
    for (const i of batch) ready.push(i);
    batch.length = 0;
  };
  let running = 0;
  let stopped = options.signal?.aborted ?? false;
  let finished = false;

  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      stopped = true;
      pump();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });

    // One parent of `c` finished: true when that was its last one (and `c` was not skipped).
    const parentFinished = (c: number): boolean => state[c] !== SKIPPED && --waiting[c]! === 0;

    // A node whose parents have all finished: queue it, or (unselected) finish it on the spot.
    const release = (first: number): void => {
      const stack = [first];
      for (let i = stack.pop(); i !== undefined; i = stack.pop()) {
        if (selected[i]) {
          batch.push(i);
          continue;
        }
        state[i] = FINISHED;
        for (const c of children[i]!) if (parentFinished(c)) stack.push(c);
      }
    };

    const finishSelected = (i: number): void => {
      state[i] = FINISHED;
      for (const c of children[i]!) if (parentFinished(c)) release(c);
    };

    // Everything downstream of a failure is skipped, through unselected nodes too.
    const skipDescendants = (failed: number): void => {
      const skippedSelected: number[] = [];
      const stack = children[failed]!.slice();
      for (let i = stack.pop(); i !== undefined; i = stack.pop()) {
        if (state[i] === SKIPPED) continue;
        state[i] = SKIPPED;
        if (selected[i]) {
          outcomes[i] = { status: 'skipped', cause: order[failed]! };
          skippedSelected.push(i);
        }
        for (const c of children[i]!) stack.push(c);
      }
      skippedSelected.sort((a, b) => a - b);
      completed.push(...skippedSelected);
      for (const i of skippedSelected) options.onSkip?.(nodes[i]!, nodes[failed]!);
    };

    const settle = (i: number, result: R, threw: boolean): void => {
      running--;
      outcomes[i] = { status: 'done', result };
      completed.push(i);
      if (threw || options.isFailure(result)) {
        state[i] = FINISHED;
        skipDescendants(i);
        if (options.failFast) stopped = true;
      } else {
        finishSelected(i);
        closeBatch();
      }
      pump();
    };

    // Few allocations per node (no async wrapper, no tuple): at 10,000 nodes the GC is the cost.
    const start = (i: number): void => {
      running++;
      state[i] = RUNNING;
      let pending: Promise<R>;
      try {
        pending = Promise.resolve(options.execute(nodes[i]!));
      } catch (error) {
        pending = Promise.reject(error);
      }
      pending.then(
        (result) => finish(i, result, false, undefined),
        (error: unknown) => finish(i, undefined, true, error),
      );
    };

    const finish = (i: number, result: R | undefined, threw: boolean, error: unknown): void => {
      try {
        settle(i, threw ? options.onError(nodes[i]!, error) : (result as R), threw);
      } catch (failure) {
        fail(failure);
      }
    };

    const fail = (error: unknown): void => {
      if (finished) return;
      finished = true;
      options.signal?.removeEventListener('abort', onAbort);
      reject(error);
    };

    function pump(): void {
      if (finished) return;
      while (!stopped && running < threads && head < ready.length) start(ready[head++]!);
      if (running > 0 || (head < ready.length && !stopped)) return;
      finished = true;
      options.signal?.removeEventListener('abort', onAbort);
      const result = new Map<string, NodeOutcome<R>>();
      for (const i of completed) result.set(order[i]!, outcomes[i]!);
      for (let i = 0; i < n; i++) {
        if (selected[i] && !outcomes[i]) result.set(order[i]!, { status: 'cancelled' });
      }
      resolve(result);
    }

    try {
      // Collect the roots first: releasing an unselected root can bring a later node's count to
      // zero, and that node must not be released twice.
      const roots: number[] = [];
      for (let i = 0; i < n; i++) if (waiting[i] === 0) roots.push(i);
      for (const i of roots) release(i);
      closeBatch();
      pump();
    } catch (error) {
      fail(error);
    }
  });
}
