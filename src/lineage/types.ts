/**
 * Column-level lineage: for every column of every model, the upstream columns it is computed from
 * and how. Plain data, written as target/lineage.json and read by `weir lineage`, `-s column:` and
 * the docs site.
 */

/** How an output column uses an upstream column, from the closest to the loosest. */
export type ColumnHow = 'copied' | 'transformed' | 'aggregated';
/** How a model uses a column only to choose or shape its rows, not to compute a column. */
export type RowHow = 'filter' | 'join' | 'group_by';

export interface ColumnSource {
  /** Unique id of the upstream node (model, seed, source, snapshot). */
  readonly node: string;
  readonly column: string;
  readonly how: ColumnHow;
}

export interface RowSource {
  readonly node: string;
  readonly column: string;
  readonly how: RowHow;
}

export interface ColumnLineage {
  readonly name: string;
  readonly sources: readonly ColumnSource[];
  /** Names this column's expression uses that could not be traced (empty when fully resolved). */
  readonly unresolved: readonly string[];
  /**
   * A hash of the SQL that computes this column inside its model: its expression, those of the CTE
   * and subquery columns it reads, and the clauses that choose its rows. Two runs' values differ
   * exactly when a change of the model can change this column (for `state:modified.columns`).
   */
  readonly fingerprint?: string | undefined;
}

export interface NodeLineage {
  /** The node's output columns in order, as far as they could be listed. */
  readonly columns: readonly ColumnLineage[];
  /** Columns read in a where/having/qualify, a join condition or a group by. */
  readonly rows: readonly RowSource[];
  /** Why the column list is incomplete (a `select *` over columns nobody declared, a parse error). */
  readonly problems: readonly string[];
}

export interface Coverage {
  readonly models: number;
  readonly columns: number;
  readonly resolved: number;
}

export interface LineageArtifact {
  readonly metadata: { readonly weir_schema: 'lineage/v1'; readonly generated_at: string };
  /** Keyed by unique id: every model (ephemeral too) and snapshot with SQL. */
  readonly nodes: Readonly<Record<string, NodeLineage>>;
  readonly coverage: Coverage;
}

/** What lineage reads of a compiled node. */
export interface LineageNode {
  readonly uniqueId: string;
  readonly resourceType: string;
  readonly name: string;
  /** Compiled SQL for models and snapshots; undefined for seeds and sources. */
  readonly sql: string | undefined;
  /** schema and identifier where it lives (ephemeral models have none). */
  readonly relation: { readonly schema: string; readonly identifier: string } | undefined;
  readonly ephemeral: boolean;
  /** Columns known without parsing: properties yml, a seed's CSV header, the catalog. */
  readonly knownColumns: readonly string[];
  /** Whether knownColumns is all of them (a seed's header, the catalog) or only the documented ones. */
  readonly knownColumnsComplete: boolean;
}
