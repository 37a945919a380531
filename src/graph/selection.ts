import { closestNames } from '../core/closest.js';
import { topologicalOrder, type Dag } from './dag.js';
import { SelectorError } from './errors.js';
import { candidateValues, matchAtom } from './selector-match.js';
import { formatAtom, parseSelector, type SelectorAtom } from './selector-parse.js';
import { walk } from './traverse.js';
import { MODIFIED_COLUMNS, type ColumnLineageView, type StateSets } from './selector-syntax.js';

export { parseSelector };

export interface SelectionOptions {
  /** `--select` values. Each may hold several space-separated terms (union); commas intersect. */
  readonly select?: readonly string[] | undefined;
  /** `--exclude` values, same syntax; whatever they select is removed. */
  readonly exclude?: readonly string[] | undefined;
  /** For `state:` criteria: which nodes each state value picks, from comparing with `--state`. */
  readonly state?: StateSets | undefined;
  /** For `column:` criteria: the project's column lineage. */
  readonly columns?: ColumnLineageView | undefined;
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

  const context: Context = { dag, warnings, state: options.state, columns: options.columns };
  const chosen = include.length === 0 ? new Set(dag.nodes.keys()) : evaluate(context, include);
  const dropped = evaluate(context, exclude);

  const selected = new Set<string>();
  for (const id of topologicalOrder(dag)) if (chosen.has(id) && !dropped.has(id)) selected.add(id);
  return { selected, warnings: [...new Set(warnings)] };
}

interface Context {
  readonly dag: Dag;
  readonly warnings: string[];
  readonly state: StateSets | undefined;
  readonly columns: ColumnLineageView | undefined;
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

function evaluate(context: Context, expression: Expression): Set<string> {
  const union = new Set<string>();
  for (const term of expression) {
    let intersection: Set<string> | undefined;
    for (const atom of term) {
      const found = evaluateAtom(context, atom);
      intersection = intersection === undefined ? found : new Set([...intersection].filter((id) => found.has(id)));
    }
    for (const id of intersection ?? []) union.add(id);
  }
  return union;
}

function evaluateAtom(context: Context, atom: SelectorAtom): Set<string> {
  const { dag, warnings } = context;
  if (atom.method === 'column' || (atom.method === 'state' && atom.value === 'modified.columns')) return evaluateColumn(context, atom);
  const direct = matchAtom(dag, atom, context.state);
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

/** `column:` atoms: the graph operators walk column lineage; `@` then adds what the reached models need. */
function evaluateColumn({ dag, warnings, columns }: Context, atom: SelectorAtom): Set<string> {
  if (!columns) throw new SelectorError(atom.raw, `'${atom.method}:' selection needs the project's column lineage, which this command does not compute`);
  const value = atom.method === 'state' ? MODIFIED_COLUMNS : atom.value;
  const { nodes, closest } = columns.find(value);
  if (nodes.size === 0) {
    warnings.push(noMatchWarning(dag, atom, closest));
    return new Set();
  }
  const result = new Set(nodes);
  const children = atom.children || atom.childrensParents ? columns.walk(value, 'children', atom.childrenDepth) : new Set<string>();
  for (const id of children) result.add(id);
  if (atom.parents) for (const id of columns.walk(value, 'parents', atom.parentsDepth)) result.add(id);
  return atom.childrensParents ? walk(dag, result, 'parents') : result;
}

function noMatchWarning(dag: Dag, atom: SelectorAtom, candidates?: readonly string[]): string {
  const close = candidates ?? closestNames(atom.value, candidateValues(dag, atom));
  const hint = close.length > 0 ? `; did you mean ${close.map((c) => `'${formatAtom(atom, c)}'`).join(' or ')}?` : '';
  return `The selection criterion '${atom.raw}' does not match any node${hint}`;
}
