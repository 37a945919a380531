import { SelectorError } from './errors.js';
import type { SelectorAtom } from './selector-parse.js';
import type { PriorRun } from './selector-syntax.js';
import type { GraphNode } from './types.js';

/**
 * dbt's `result:<status>` (the nodes whose result in `--state`'s run_results.json had that status)
 * and `source_status:fresher` (sources loaded since `--state`'s freshness check): the retry and
 * "build what has new data" workflows.
 */
export function priorRunTest(atom: SelectorAtom, prior: PriorRun | undefined): (node: GraphNode) => boolean {
  if (!prior) {
    const what = atom.method === 'result' ? "run_results.json" : "sources.json (from weir source freshness)";
    throw new SelectorError(atom.raw, `'${atom.method}:' reads an earlier run: pass --state <dir>, a folder holding that run's ${what}`);
  }
  if (atom.method === 'result') {
    if (typeof prior.results === 'string') throw new SelectorError(atom.raw, `'result:' ${prior.results}`);
    const ids = prior.results.get(atom.value) ?? new Set<string>();
    return (node) => ids.has(node.uniqueId);
  }
  if (typeof prior.fresher === 'string') throw new SelectorError(atom.raw, `'source_status:' ${prior.fresher}`);
  const fresher = prior.fresher;
  // dbt's source_status yields sources only.
  return (node) => node.resourceType === 'source' && fresher.has(node.uniqueId);
}
