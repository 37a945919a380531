import { closestNames } from '../core/closest.js';
import { topologicalOrder, type Dag } from './dag.js';
import { candidateValues, matchAtom } from './selector-match.js';
import { formatAtom, parseSelector, type SelectorAtom } from './selector-parse.js';
import { parseCliText, type IndirectSelection, type SelectorExpression } from './selector-definition.js';
import { walk } from './traverse.js';
import { SelectorError } from './errors.js';
import { MODIFIED_COLUMNS, type ColumnLineageView, type PriorRun, type StateSets } from './selector-syntax.js';

export { parseSelector };

export interface SelectionOptions {
  /** `--select` values. Each may hold several space-separated terms (union); commas intersect. */
  readonly select?: readonly string[] | undefined;
  /** `--exclude` values, same syntax; whatever they select is removed. */
  readonly exclude?: readonly string[] | undefined;
  /** A selectors.yml selector (see selector-definition.ts), used instead of `select`/`exclude`. */
  readonly expression?: SelectorExpression | undefined;
  /** For `state:` criteria: which nodes each state value picks, from comparing with `--state`. */
  readonly state?: StateSets | undefined;
  /** For `result:` and `source_status:` criteria: what `--state`'s run_results.json and sources.json say. */
  readonly prior?: PriorRun | undefined;
  /** `--indirect-selection`: which tests come with the nodes they test (default eager, as dbt). */
  readonly indirect?: IndirectSelection | undefined;
  /** For `column:` criteria: the project's column lineage. */
  readonly columns?: ColumnLineageView | undefined;
}

export interface Selection {
  /** Unique ids of the selected nodes, in topological order. */
  readonly selected: Set<string>;
  /** One per criterion that matched no node, with a "did you mean" when something is close. */
  readonly warnings: string[];
}

/** What a part of a selection picked: nodes it chose, and tests it may add (cautious/buildable). */
interface Picked {
  readonly direct: Set<string>;
  readonly indirect: Set<string>;
}

/**
 * dbt's node selection. With no `select`, every node is selected. Tests come with the nodes they
 * test as dbt's indirect selection says. Throws `SelectorError` for a criterion that cannot be
 * parsed, before anything is evaluated.
 */
export function selectNodes(dag: Dag, options: SelectionOptions): Selection {
  const expression = options.expression ?? cliExpression(options);
  const warnings: string[] = [];
  const mode = options.indirect ?? 'eager';
  const picked = evaluate(dag, expression, { warnings, state: options.state, prior: options.prior, mode, columns: options.columns });
  const chosen = incorporate(dag, picked, mode);
  const selected = new Set<string>();
  for (const id of topologicalOrder(dag)) if (chosen.has(id)) selected.add(id);
  return { selected, warnings: [...new Set(warnings)] };
}

function cliExpression(options: SelectionOptions): SelectorExpression {
  const include = parseCliText(options.select ?? [], options.indirect);
  const exclude = parseCliText(options.exclude ?? [], options.indirect);
  return {
    kind: 'union',
    items: include.length === 0 ? [{ kind: 'all' }] : include,
    exclude: exclude.length === 0 ? undefined : { kind: 'union', items: exclude },
  };
}

interface Context {
  readonly warnings: string[];
  readonly state: StateSets | undefined;
  readonly prior: PriorRun | undefined;
  readonly mode: IndirectSelection;
  readonly columns: ColumnLineageView | undefined;
}

function evaluate(dag: Dag, expression: SelectorExpression, context: Context): Picked {
  switch (expression.kind) {
    case 'all':
      return { direct: new Set(dag.nodes.keys()), indirect: new Set() };
    case 'atom':
      return withTests(dag, evaluateAtom(dag, expression.atom, context), expression.indirect ?? context.mode);
    case 'union':
    case 'intersection': {
      const parts = expression.items.map((item) => evaluate(dag, item, context));
      const combine = expression.kind === 'union' ? union : intersection;
      let direct = combine(parts.map((p) => p.direct));
      let indirect = combine(parts.map((p) => p.indirect));
      if (expression.exclude) {
        const dropped = evaluate(dag, expression.exclude, context);
        direct = minus(direct, dropped.direct);
        indirect = minus(indirect, dropped.direct);
      }
      return { direct: incorporate(dag, { direct, indirect }, context.mode), indirect };
    }
  }
}

/**
 * dbt's expand_selection: the tests on the chosen nodes. Eager takes a test when any node it reads
 * is chosen; the others take it when all are, and keep the rest for `incorporate`.
 */
function withTests(dag: Dag, chosen: Set<string>, mode: IndirectSelection): Picked {
  const direct = new Set(chosen);
  const indirect = new Set<string>();
  if (mode === 'empty') return { direct, indirect };
  for (const id of chosen) {
    for (const child of dag.children.get(id) ?? []) {
      if (!isTest(dag, child) || direct.has(child)) continue;
      const parents = dag.parents.get(child) ?? [];
      if (mode === 'eager' || parents.every((p) => chosen.has(p))) direct.add(child);
      else indirect.add(child);
    }
  }
  return { direct, indirect };
}

/** dbt's incorporate_indirect_nodes: cautious and buildable tests whose parents made it in. */
function incorporate(dag: Dag, picked: Picked, mode: IndirectSelection): Set<string> {
  if (mode === 'eager' || mode === 'empty' || picked.indirect.size === 0) return picked.direct;
  const result = new Set(picked.direct);
  const allowed = mode === 'buildable' ? walk(dag, picked.direct, 'parents') : picked.direct;
  for (const id of picked.indirect) {
    if ((dag.parents.get(id) ?? []).every((p) => allowed.has(p))) result.add(id);
  }
  return result;
}

function isTest(dag: Dag, id: string): boolean {
  const type = dag.nodes.get(id)?.resourceType;
  return type === 'test' || type === 'unit_test';
}

function union(sets: readonly Set<string>[]): Set<string> {
  const result = new Set<string>();
  for (const set of sets) for (const id of set) result.add(id);
  return result;
}

function intersection(sets: readonly Set<string>[]): Set<string> {
  if (sets.length === 0) return new Set();
  return new Set([...sets[0]!].filter((id) => sets.every((s) => s.has(id))));
}

function minus(from: Set<string>, dropped: Set<string>): Set<string> {
  return new Set([...from].filter((id) => !dropped.has(id)));
}

function evaluateAtom(dag: Dag, atom: SelectorAtom, context: Context): Set<string> {
  if (atom.method === 'column' || (atom.method === 'state' && atom.value === 'modified.columns')) return evaluateColumn(dag, context, atom);
  const direct = matchAtom(dag, atom, context.state, context.prior);
  if (direct.size === 0) {
    context.warnings.push(noMatchWarning(dag, atom));
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
function evaluateColumn(dag: Dag, { warnings, columns }: Context, atom: SelectorAtom): Set<string> {
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
