import { UsageError, WeirError } from '../core/errors.js';
import type { GraphNode } from './types.js';
import { describeMethods } from './selector-syntax.js';

/**
 * Nodes that depend on each other in a loop. `cycle` is the ids in order with the first repeated at
 * the end (`[a, b, a]`); `nodes` are the distinct nodes, so a caller can point at their files.
 */
export class CycleError extends WeirError {
  readonly cycle: readonly string[];
  readonly nodes: readonly GraphNode[];
  constructor(cycle: readonly string[], nodes: readonly GraphNode[]) {
    const byId = new Map(nodes.map((n) => [n.uniqueId, n]));
    const names = cycle.map((id) => byId.get(id)?.name ?? id);
    const lines = nodes.map((n) => `  ${n.name}  (${n.path})`);
    super([`Found a cycle: ${names.join(' -> ')}`, ...lines].join('\n'), {
      hint: 'remove one of the references between these nodes',
    });
    this.name = 'CycleError';
    this.cycle = cycle;
    this.nodes = nodes;
  }
}

/** A node lists a dependency that is not in the graph: a bug upstream, since compile resolves refs. */
export class UnknownNodeError extends WeirError {
  readonly nodeId: string;
  readonly missingId: string;
  constructor(nodeId: string, missingId: string, message: string) {
    super(message);
    this.name = 'UnknownNodeError';
    this.nodeId = nodeId;
    this.missingId = missingId;
  }
}

/** A `--select`/`--exclude` value that cannot be parsed: a usage mistake (exit code 2). */
export class SelectorError extends UsageError {
  readonly selector: string;
  constructor(selector: string, problem: string) {
    super(`Invalid selector '${selector}': ${problem}\n  ${describeMethods()}`);
    this.name = 'SelectorError';
    this.selector = selector;
  }
}
