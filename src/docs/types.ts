import type { NodeLineage } from '../lineage/types.js';

/**
 * What the docs site is made from: one plain JSON document, built from manifest.json, catalog.json
 * and run_results.json only, and inlined into the site. The browser app reads nothing else.
 */
export interface DocsData {
  readonly project: string;
  readonly adapter: string;
  /** When the manifest, the catalog and the last run were written (ISO), when present. */
  readonly generatedAt: string;
  readonly catalogAt: string | null;
  readonly runAt: string | null;
  readonly runCommand: string | null;
  /** When `weir source freshness` last wrote target/sources.json (ISO), when present. */
  readonly freshnessAt: string | null;
  readonly nodes: readonly DocsNode[];
  /** Column lineage by node id (target/lineage.json's nodes), when it was traced. */
  readonly lineage: Readonly<Record<string, NodeLineage>> | null;
  /** Pages that are not graph nodes: macros (docs.show false left out), doc blocks, groups. */
  readonly macros: readonly DocsMacro[];
  readonly docBlocks: readonly DocsDocBlock[];
  readonly groups: readonly DocsGroup[];
}

export interface DocsMacro {
  readonly id: string;
  readonly name: string;
  readonly package: string;
  readonly path: string;
  /** Markdown. */
  readonly description: string;
  readonly arguments: ReadonlyArray<{ readonly name: string; readonly type: string | null; readonly description: string }>;
  /** The `{% macro %}...{% endmacro %}` block as written. */
  readonly sql: string;
  /** Ids of the (shown) macros it calls, and of the nodes and macros that call it. */
  readonly calls: readonly string[];
  readonly usedBy: readonly string[];
}

export interface DocsDocBlock {
  readonly id: string;
  readonly name: string;
  readonly package: string;
  readonly path: string;
  /** Markdown. */
  readonly contents: string;
  /** Where descriptions read it: a node, macro or exposure, and the column when it is a column's. */
  readonly usedBy: ReadonlyArray<{ readonly id: string; readonly column: string | null }>;
}

export interface DocsGroup {
  readonly id: string;
  readonly name: string;
  readonly path: string;
  readonly description: string;
  readonly owner: DocsOwner;
  /** The shown models (and other nodes) in it, with their access. */
  readonly members: ReadonlyArray<{ readonly id: string; readonly access: string | null }>;
}

export interface DocsOwner {
  readonly name: string | null;
  readonly email: string | null;
}

export interface DocsNode {
  readonly id: string;
  readonly name: string;
  /** `model`, `seed`, `source`, `test`, `analysis`, `ingest`, ... (anything the manifest says). */
  readonly type: string;
  readonly package: string;
  readonly path: string;
  readonly fqn: readonly string[];
  readonly tags: readonly string[];
  readonly config: Readonly<Record<string, unknown>>;
  readonly materialized: string | null;
  readonly description: string;
  readonly relation: string | null;
  /** `VIEW` / `BASE TABLE` from the catalog; null when the warehouse has no such relation. */
  readonly catalogType: string | null;
  readonly raw: string;
  readonly compiled: string | null;
  readonly columns: readonly DocsColumn[];
  /** Unique ids, sorted, of the nodes this one reads from and of those that read from it. */
  readonly parents: readonly string[];
  readonly children: readonly string[];
  /** Tests on this node as a whole (not on one column). */
  readonly tests: readonly string[];
  /** The node's newest result across invocations (target/weir_latest_results.json), else the last run's. */
  readonly result: DocsResult | null;
  /** Sources: the last freshness check (target/sources.json). */
  readonly freshness: DocsFreshness | null;
  // The four below are left out when empty: a 10,000-model site would carry ~1 MB of nulls.
  /** Models: dbt's group (a group's name) and access (`public`, `protected`, `private`). */
  readonly group?: string;
  readonly access?: string;
  /** Ids of the shown macros it calls. */
  readonly macros?: readonly string[];
  /** Exposures: what and whose it is. */
  readonly exposure?: DocsExposure;
  /** For data tests: what they test. */
  readonly test: { readonly attachedNode: string | null; readonly column: string | null; readonly kind: string | null } | null;
}

export interface DocsColumn {
  readonly name: string;
  /** The warehouse's type (catalog), else the declared `data_type`, else null. */
  readonly type: string | null;
  readonly typeFrom: 'catalog' | 'declared' | null;
  readonly description: string;
  /** Unique ids of the data tests on this column. */
  readonly tests: readonly string[];
}

export interface DocsResult {
  readonly status: string;
  readonly message: string;
  readonly executionTime: number;
  readonly completedAt: string | null;
  readonly rows: number | null;
  readonly failures: number | null;
  /** Which invocation it came from: the command (`build`, `run`...), when, and whether it is the last run. */
  readonly command: string | null;
  readonly runAt: string | null;
  readonly lastRun: boolean;
}

export interface DocsFreshness {
  /** dbt's: `pass`, `warn`, `error` or `runtime error`. */
  readonly status: string;
  readonly maxLoadedAt: string | null;
  readonly snapshottedAt: string | null;
  readonly ageSeconds: number | null;
  /** `12 hour` and the like, when set. */
  readonly warnAfter: string | null;
  readonly errorAfter: string | null;
  /** Why the age could not be measured (runtime error). */
  readonly error: string | null;
}

export interface DocsExposure {
  /** `dashboard`, `notebook`, `analysis`, `ml`, `application`. */
  readonly type: string;
  readonly label: string | null;
  readonly maturity: string | null;
  readonly url: string | null;
  readonly owner: DocsOwner;
}
