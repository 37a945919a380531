/** The graph layer: DAG, selection and scheduling over `GraphNode`s. It knows no SQL. */
export type { GraphNode } from './types.js';
export { buildDag, compareIds, findCycle, topologicalOrder, type Dag } from './dag.js';
export { ancestors, descendants, walk } from './traverse.js';
export { CycleError, SelectorError, UnknownNodeError } from './errors.js';
export { selectNodes, type Selection, type SelectionOptions } from './selection.js';
export { parseSelector, type SelectorAtom } from './selector-parse.js';
export { MODIFIED_COLUMNS, SELECTOR_METHODS, STATE_VALUES, type ColumnLineageView, type PriorRun, type StateSets, type StateValue } from './selector-syntax.js';
export { runGraph, type NodeOutcome, type RunGraphOptions } from './scheduler.js';
export { INDIRECT_MODES, parseDefinition, SelectorDefinitionError, type IndirectSelection, type NamedSelector, type SelectorExpression } from './selector-definition.js';
