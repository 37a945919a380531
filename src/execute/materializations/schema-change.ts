import type { ColumnInfo, RelationRef } from '../../adapters/types.js';
import { WeirError } from '../../core/errors.js';
import type { CompiledNode } from '../../compile/types.js';
import type { MaterializeContext } from '../types.js';
import { run } from '../statements.js';

/**
 * Compares the new rows' columns with the table's and applies `on_schema_change`. Returns the
 * columns to write: the ones both have (plus the new ones when they were just added).
 */
export async function reconcileSchemas(node: CompiledNode, context: MaterializeContext, temp: RelationRef): Promise<string[]> {
  const { adapter } = context;
  const target = node.relation!;
  const incoming = await adapter.columns(context.session, temp);
  const existing = await adapter.columns(context.session, target);
  const existingNames = new Set(existing.map((c) => c.name.toLowerCase()));
  const incomingNames = new Set(incoming.map((c) => c.name.toLowerCase()));
  const added: ColumnInfo[] = incoming.filter((c) => !existingNames.has(c.name.toLowerCase()));
  const removed = existing.filter((c) => !incomingNames.has(c.name.toLowerCase())).map((c) => c.name);
  if (added.length > 0 || removed.length > 0) {
    const change = [
      added.length ? `new columns ${added.map((c) => c.name).join(', ')}` : '',
      removed.length ? `missing columns ${removed.join(', ')}` : '',
    ].filter(Boolean).join('; ');
    if (node.config.on_schema_change === 'fail') {
      throw new WeirError(`The columns of incremental model '${node.name}' changed (${change}) and on_schema_change is 'fail'.`, {
        hint: "run with --full-refresh to rebuild it, or set on_schema_change to 'append_new_columns' or 'ignore'",
      });
    }
    if (node.config.on_schema_change === 'append_new_columns') {
      for (const column of added) await run(context, adapter.dialect.addColumn(target, column));
      return incoming.map((c) => c.name);
    }
  }
  return incoming.filter((c) => existingNames.has(c.name.toLowerCase())).map((c) => c.name);
}
