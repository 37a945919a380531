import type { Logger } from '../core/logger.js';
import type { Invocation } from './context.js';
import type { EmptyRelation } from './relation-value.js';
import type { TemplateCache } from './render-cache.js';
import type { Relation } from './types.js';
import type { NodePaths } from './node-dict.js';
import type { TemplatePool } from './template-pool.js';

export interface CompileOptions {
  readonly target: {
    readonly name: string; readonly type: string; readonly schema: string; readonly threads?: number | undefined; readonly database?: string | undefined;
    /** The adapter's settings (only DuckDB's `attach` aliases are read, for messages). */
    readonly config?: Readonly<Record<string, unknown>> | undefined;
  };
  /** dbt's paths of a node (relative to its package; see dbt-paths.ts) for `model` and `graph`; absent, weir's own. */
  readonly nodePaths?: NodePaths | undefined;
  /** The engine's relation quoting (from the adapter's dialect, which needs no connection). */
  readonly quoteRelation: (relation: Relation) => string;
  readonly quoteIdentifier?: (name: string) => string;
  readonly quoteLiteral?: (value: string) => string;
  /** The engine's implementations of the cross-database macros (`<type>__dateadd`, ...). */
  readonly adapterMacros?: string;
  /** Unit tests run in DuckDB: an engine whose SQL DuckDB cannot read renders them with DuckDB's macros. */
  readonly unitTestMacros?: { readonly type: string; readonly macros: string };
  /** `--vars` from the command line, over project.yml's `vars`. */
  readonly vars?: Readonly<Record<string, unknown>>;
  readonly env?: NodeJS.ProcessEnv;
  readonly runStartedAt?: Date;
  readonly logger: Logger;
  /** `--defer`: nodes whose `ref()` reads another environment's relation (from `--state`). */
  readonly deferredRelations?: ReadonlyMap<string, Relation>;
  /** `invocation_id`, `flags` and `dbt_version` for templates. */
  readonly invocation?: Invocation | undefined;
  /** `--empty`: every ref and source reads no rows (see relation-value.ts); `this` is untouched. */
  readonly empty?: EmptyRelation | undefined;
  /** The partial-parse cache from the last compile: templates whose inputs are unchanged are reused. */
  readonly cache?: TemplateCache | undefined;
  /** A compile worker for the second core (see parallel-templates.ts); used by a cold compile of a big project, closed either way. */
  readonly pool?: TemplatePool | undefined;
}
