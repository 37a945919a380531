/**
 * The selector methods weir understands, as data: the parser checks against it and error messages
 * list it, so the two can never disagree.
 */
export const SELECTOR_METHODS = [
  'tag', 'path', 'file', 'config.<key>', 'resource_type', 'package', 'fqn', 'test_type', 'state', 'source', 'column', 'exposure',
  'metric', 'semantic_model', 'saved_query', 'access', 'group', 'unique_id', 'result', 'source_status', 'version',
] as const;

/** Methods written as `method:value`; `config.<key>` is handled separately because it carries a key. */
export type SimpleMethod =
  | 'name' | 'tag' | 'path' | 'file' | 'resource_type' | 'package' | 'fqn' | 'test_type' | 'state' | 'source' | 'column' | 'exposure'
  | 'metric' | 'semantic_model' | 'saved_query' | 'access' | 'group' | 'unique_id' | 'result' | 'source_status' | 'version';

export const SIMPLE_METHODS: readonly SimpleMethod[] = [
  'tag', 'path', 'file', 'resource_type', 'package', 'fqn', 'test_type', 'state', 'source', 'column', 'exposure',
  'metric', 'semantic_model', 'saved_query', 'access', 'group', 'unique_id', 'result', 'source_status', 'version',
];

/** The values methods with a closed set take, checked when a criterion is parsed (as dbt does). */
export const METHOD_VALUES: Readonly<Partial<Record<SimpleMethod, readonly string[]>>> = {
  access: ['public', 'protected', 'private'],
  // run_results.json statuses; dbt's `runtime error` holds a space, so no criterion can name it.
  result: ['success', 'error', 'fail', 'warn', 'skipped', 'pass', 'no-op'],
  source_status: ['fresher'],
  version: ['latest', 'prerelease', 'old', 'none'],
};

export function describeMethods(): string {
  return `allowed methods: ${SELECTOR_METHODS.join(', ')}, or a bare node name, glob or path`;
}

/**
 * `state:<value>` compares with an earlier run's manifest (`--state DIR`). The caller works out which
 * nodes each value picks (the graph layer knows no SQL, so it cannot compare fingerprints itself).
 */
export const STATE_VALUES = ['new', 'old', 'modified', 'unmodified', 'modified.body', 'modified.configs', 'modified.macros', 'modified.columns'] as const;

/**
 * `state:modified.columns` picks the models with a changed column, and its `+` walks column lineage
 * from the changed columns (ColumnLineageView answers it under this name).
 */
export const MODIFIED_COLUMNS = 'state:modified.columns';
export type StateValue = (typeof STATE_VALUES)[number];
export type StateSets = Readonly<Record<StateValue, ReadonlySet<string>>>;

/**
 * `column:<node>.<column>` walks column lineage instead of the DAG: `column:orders.total+` is the
 * models computed from that column (or filtering, joining, grouping on one computed from it), not
 * every descendant of orders. The graph layer knows no SQL, so the caller provides the lineage.
 */
export interface ColumnLineageView {
  /** The nodes owning the columns `value` names, and, when none, the closest names for "did you mean". */
  find(value: string): { readonly nodes: ReadonlySet<string>; readonly closest: readonly string[] };
  /** The nodes reached from those columns along column lineage, up to `depth` steps (unlimited when undefined). */
  walk(value: string, direction: 'parents' | 'children', depth: number | undefined): Set<string>;
}

/**
 * What `result:` and `source_status:` read from an earlier run (`--state DIR`): its run_results.json
 * statuses, and the sources whose max_loaded_at in this target's sources.json is newer than in DIR's.
 * A string instead of a value says why it is missing (the file that is not there), for the error.
 */
export interface PriorRun {
  readonly results: ReadonlyMap<string, ReadonlySet<string>> | string;
  readonly fresher: ReadonlySet<string> | string;
}
