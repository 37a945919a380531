import { closestNames } from '../core/closest.js';
import { topologicalOrder, type Dag } from './dag.js';
import { SelectorError } from './errors.js';
import { candidateValues, matchAtom } from './selector-match.js';
import { formatAtom, parseSelector, type SelectorAtom } from './selector-parse.js';
import { walk } from './traverse.js';
import type { StateSets } from './selector-syntax.js';

export { parseSelector };

export interface SelectionOptions {
  /** `--select` values. Each may hold several space-separated terms (union); commas intersect. */
  readonly select?: readonly string[] | undefined;
  /** `--exclude` values, same syntax; whatever they select is removed. */
  readonly exclude?: readonly string[] | undefined;
  /** For `state:` criteria: which nodes each state value picks, from comparing with `--state`. */
  readonly state?: StateSets | undefined;
}

export interface Selection {
  /** Unique ids of the selected nodes, in topological order. */
  readonly selected: Set<string>;
  /** One per criterion that matched no node, with a "did you mean" when something is close. */
  readonly warnings: string[];
}

/**
 * dbt's node selection. With no `select`, every node is selected. Throws `SelectorError` for a
 * criterion that cannot be parsed, before anything is evaluated.
 */
export function selectNodes(dag: Dag, options: SelectionOptions): Selection {
  const include = parseExpression(options.select ?? []);
  const exclude = parseExpression(options.exclude ?? []);
  const warnings: string[] = [];

  const chosen = include.length === 0 ? new Set(dag.nodes.keys()) : evaluate(dag, include, warnings, options.state);
  const dropped = evaluate(dag, exclude, warnings, options.state);

  const selected = new Set<string>();
  for (const id of topologicalOrder(dag)) if (chosen.has(id) && !dropped.has(id)) selected.add(id);
  return { selected, warnings: [...new Set(warnings)] };
}

/** Terms (union) of atoms (intersection). */
type Expression = SelectorAtom[][];

function parseExpression(values: readonly string[]): Expression {
  const terms = values.flatMap((value) => value.split(/\s+/)).filter((term) => term.length > 0);
  return terms.map((term) => {
    const atoms = term.split(',');
    if (atoms.some((atom) => atom.length === 0)) {
      throw new SelectorError(term, 'a comma must sit between two criteria, as in tag:nightly,path:models/marts');
    }
    return atoms.map(parseSelector);
  });
}

function evaluate(dag: Dag, expression: Expression, warnings: string[], state: StateSets | undefined): Set<string> {
  const union = new Set<string>();
  for (const term of expression) {
    let intersection: Set<string> | undefined;
    for (const atom of term) {
      const found = evaluateAtom(dag, atom, warnings, state);
      intersection = intersection === undefined ? found : new Set([...intersection].filter((id) => found.has(id)));
    }
    for (const id of intersection ?? []) union.add(id);
  }
  return union;
}

function evaluateAtom(dag: Dag, atom: SelectorAtom, warnings: string[], state: StateSets | undefined): Set<string> {
  const direct = matchAtom(dag, atom, state);
  if (direct.size === 0) {
    warnings.push(noMatchWarning(dag, atom));
    return direct;
  }
  if (atom.childrensParents) {
    // dbt's `@`: the node, its descendants, and everything those need to be built.
    return walk(dag, walk(dag, direct, 'children'), 'parents');
  }
  const result = new Set(direct);
  if (atom.parents) for (const id of walk(dag, direct, 'parents', atom.parentsDepth)) result.add(id);
  if (atom.children) for (const id of walk(dag, direct, 'children', atom.childrenDepth)) result.add(id);
  return result;
}

function noMatchWarning(dag: Dag, atom: SelectorAtom): string {
  const close = closestNames(atom.value, candidateValues(dag, atom));
  const hint = close.length > 0 ? `; did you mean ${close.map((c) => `'${formatAtom(atom, c)}'`).join(' or ')}?` : '';
  return `The selection criterion '${atom.raw}' does not match any node${hint}`;
}
