/**
 * What the graph layer needs to know about a node. It knows no SQL: compiled nodes (and later tests,
 * ingest nodes, analyses) are projected onto this shape before they reach the DAG or the selector.
 */
export interface GraphNode {
  /** Stable id, e.g. `model.shop.stg_users`, `seed.shop.us_states`, `test.shop.unique_stg_users_id.<hash>` (dbt 1.10 generic tests). */
  readonly uniqueId: string;
  /** Short name a person types: `stg_users`. */
  readonly name: string;
  /** `model`, `seed`, `test`, `source`, `analysis`, ... */
  readonly resourceType: string;
  /** Project (or package) the node belongs to. */
  readonly packageName: string;
  /** File path relative to the project root, POSIX separators: `models/staging/stg_users.sql`. */
  readonly path: string;
  /** Fully qualified name: project, folders, name: `['shop', 'staging', 'stg_users']`. */
  readonly fqn: readonly string[];
  readonly tags: readonly string[];
  /** Resolved config (materialized, schema, tags, ...), as plain data. */
  readonly config: Readonly<Record<string, unknown>>;
  /** A version of a dbt versioned model: its version and the model's latest (for `version:` selection). */
  readonly version?: { readonly version: string; readonly latest: string } | undefined;
  /** Unique ids of the nodes this one reads from. Every id must be a node of the same graph. */
  readonly dependsOn: readonly string[];
}
