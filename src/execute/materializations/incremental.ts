import type { ColumnInfo, RelationKind, RelationRef } from '../../adapters/types.js';
import { WeirError } from '../../core/errors.js';
import type { CompiledNode } from '../../compile/types.js';
import type { Materialize, MaterializeContext } from '../types.js';
import { countRows, inTransaction, run, tempIdentifier } from '../statements.js';
import { materializeTable } from './table.js';
import { runHooks } from './swap.js';
import { checkConstraints, checkContractColumns } from '../contract.js';
import { applyRelationSettings } from './relation-settings.js';
import { materializeMicrobatch } from './microbatch.js';
import { reconcileSchemas } from './schema-change.js';
import { runSqlHeader } from './sql-header.js';

/**
 * Incremental models: the first build (or `--full-refresh`) creates the table like a table model;
 * later builds render the `is_incremental()` variant into a temporary table and fold it in with
 * the configured strategy, all in one transaction.
 */
export const materializeIncremental: Materialize = async (node, context) => {
  const { adapter } = context;
  const target = node.relation!;
  const existing = await adapter.relationKind(context.session, target);
  const refresh = context.fullRefresh && node.config.full_refresh !== false;
  if (node.config.incremental_strategy === 'microbatch') return materializeMicrobatch(node, context, existing === 'table' && !refresh);
  if (!buildsIncrementally(node, existing, context.fullRefresh)) {
    const built = await materializeTable(node, context);
    return { ...built, action: refresh && existing ? 'rebuilt table (full refresh)' : built.action };
  }
  const { dialect } = adapter;
  const temp: RelationRef = { schema: target.schema, identifier: tempIdentifier(target.identifier, 'incr') };
  const rows = await inTransaction(context, async () => {
    await runHooks(node, context, 'pre-hook');
    await run(context, dialect.drop('table', temp));
    await runSqlHeader(node, context);
    await run(context, dialect.createTableAs(temp, node.incrementalCode ?? node.compiledCode));
    if (node.contract) {
      await checkContractColumns(node, context, temp);
      await checkConstraints(node, context, temp, 'rows');
    }
    const columns = await reconcileSchemas(node, context, temp);
    const rowCount = await countRows(context, dialect.relation(temp));
    for (const statement of strategyStatements(node, context, temp, columns)) await run(context, statement);
    if (node.contract) await checkConstraints(node, context, target, 'keys');
    await run(context, dialect.drop('table', temp));
    await applyRelationSettings(node, context);
    await runHooks(node, context, 'post-hook');
    return rowCount;
  });
  return { rowsAffected: rows, action: `${node.config.incremental_strategy} into table` };
};

/** dbt's is_incremental() for a build: the table is there (not a view) and this is no full refresh of it. */
export function buildsIncrementally(node: CompiledNode, existing: RelationKind | undefined, fullRefresh: boolean | undefined): boolean {
  return existing !== undefined && existing !== 'view' && !(fullRefresh && node.config.full_refresh !== false);
}

function strategyStatements(
  node: CompiledNode,
  context: MaterializeContext,
  temp: RelationRef,
  columns: readonly string[],
): string[] {
  const predicates = node.config.incremental_predicates;
  return context.adapter.dialect.incremental({
    strategy: node.config.incremental_strategy as Exclude<CompiledNode['config']['incremental_strategy'], 'microbatch'>,
    target: node.relation!,
    source: temp,
    columns,
    uniqueKey: node.config.unique_key ?? [],
    updateColumns: updateColumns(node, columns),
    predicates: predicates === undefined ? undefined : Array.isArray(predicates) ? predicates : [predicates],
  });
}

/** dbt's merge_update_columns (these only) or merge_exclude_columns (all but these); a name the table lacks is an error. */
function updateColumns(node: CompiledNode, columns: readonly string[]): string[] | undefined {
  const { merge_update_columns: only, merge_exclude_columns: except } = node.config;
  if (!only && !except) return undefined;
  const named = [...(only ?? []), ...(except ?? [])];
  const lower = new Map(columns.map((c) => [c.toLowerCase(), c]));
  const unknown = named.filter((c) => !lower.has(c.toLowerCase()));
  if (unknown.length) {
    throw new WeirError(`incremental model '${node.name}': ${only ? 'merge_update_columns' : 'merge_exclude_columns'} names ${unknown.map((c) => `'${c}'`).join(', ')}, which the model does not have`, {
      hint: `its columns are ${columns.join(', ')}`,
    });
  }
  if (only) return only.map((c) => lower.get(c.toLowerCase())!);
  const excluded = new Set(except!.map((c) => c.toLowerCase()));
  return columns.filter((c) => !excluded.has(c.toLowerCase()) && !(node.config.unique_key ?? []).includes(c));
}
