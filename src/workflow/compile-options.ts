import { dbtAdapterMacros } from '../dbt-context/adapter-spellings.js';
import { ADAPTERS } from '../adapters/registry.js';
import { emptyRelation, type CompileOptions } from '../compile/index.js';
import type { Relation } from '../compile/types.js';
import type { Logger } from '../core/logger.js';
import { dbtNodePaths, type PathFacts } from '../compile/dbt-paths.js';
import { DBT_COMPATIBLE_VERSION } from '../dbt-project/dbt-version.js';
import type { ResolvedTarget } from '../project/targets.js';
import type { Project } from '../project/types.js';

/** What a project's compile options are made from: plain data, so a compile worker makes the same (see compile-worker.ts). */
export interface CompileOptionInputs {
  readonly target: ResolvedTarget;
  readonly invocationId: string;
  readonly command?: string | undefined;
  readonly fullRefresh?: boolean | undefined;
  readonly empty?: boolean | undefined;
  readonly storeFailures?: boolean | undefined;
  readonly vars?: Readonly<Record<string, unknown>> | undefined;
  readonly env?: NodeJS.ProcessEnv | undefined;
  readonly startedAt: Date;
  readonly deferredRelations?: ReadonlyMap<string, Relation> | undefined;
}

export function compileOptionsFor(project: Project, inputs: CompileOptionInputs, logger: Logger): CompileOptions {
  const { target } = inputs;
  const adapter = ADAPTERS[target.type]!;
  const dialect = adapter.dialect;
  return {
    target,
    invocation: { id: inputs.invocationId, which: inputs.command ?? 'compile', fullRefresh: inputs.fullRefresh ?? false, dbtVersion: DBT_COMPATIBLE_VERSION, empty: inputs.empty ?? false, storeFailures: inputs.storeFailures ?? false, projectName: project.name },
    quoteRelation: (r) => dialect.relation(r),
    ...(project.dbtProject ? { nodePaths: (node: PathFacts) => dbtNodePaths(project, node) } : {}),
    quoteIdentifier: dialect.quoteIdentifier,
    quoteLiteral: dialect.quoteLiteral,
    adapterMacros: project.dbtProject ? dbtAdapterMacros(target.type, adapter.macros) : adapter.macros,
    ...(adapter.unitTestsAsDuckDb ? { unitTestMacros: { type: 'duckdb', macros: ADAPTERS.duckdb!.macros } } : {}),
    vars: inputs.vars,
    env: inputs.env,
    runStartedAt: inputs.startedAt,
    logger,
    ...(inputs.deferredRelations ? { deferredRelations: inputs.deferredRelations } : {}),
    ...(inputs.empty ? { empty: emptyRelation(dialect.subqueryNeedsAlias ?? false) } : {}),
  };
}
