import type { RelationRef } from '../../adapters/types.js';
import type { CompiledNode } from '../../compile/types.js';
import { WeirError } from '../../core/errors.js';
import { parseIsoTime } from '../../core/iso-time.js';
import { planBatches, pythonUtc, type Batch, type BatchSize } from '../../core/microbatch-batches.js';
import { countRows, inTransaction, run, tempIdentifier } from '../statements.js';
import type { Materialized, MaterializeContext } from '../types.js';
import { reconcileSchemas } from './schema-change.js';
import { applyRelationSettings } from './relation-settings.js';
import { runHooks } from './swap.js';
import { materializeTable } from './table.js';

/**
 * dbt 1.9's microbatch strategy: the model is built one batch of event time at a time, each batch
 * rendered with its upstream refs filtered to the batch's window and committed on its own, so a
 * failed batch leaves the ones before it in place and a later run can redo it. A first build (or
 * --full-refresh) creates the table from the first batch; every other batch deletes the table's
 * rows in its window and inserts the new ones. As in dbt, a failed first batch skips the rest;
 * later failures do not stop the others. Pre-hooks run with the first batch, post-hooks with the last.
 */
export async function materializeMicrobatch(node: CompiledNode, context: MaterializeContext, incremental: boolean): Promise<Materialized> {
  const mb = context.microbatch;
  if (!mb) throw new WeirError(`microbatch model '${node.name}' can only be built by weir run or weir build`);
  const size = node.config.batch_size as BatchSize;
  // dbt's retry builds only the batches that failed, and reports the earlier successes with them.
  const batches = mb.retry ? [...mb.retry.failed] : planBatches({
    size, begin: parseIsoTime(String(node.config.begin))!, lookback: (node.config.lookback as number | undefined) ?? 1, incremental,
    eventTimeStart: mb.eventTimeStart, eventTimeEnd: mb.eventTimeEnd, now: mb.now,
  });
  const successful: Batch[] = [];
  const before = mb.retry?.successful ?? [];
  const failed: Batch[] = [];
  let error: unknown;
  let rows = 0;
  let tableThere = incremental;
  for (const [index, batch] of batches.entries()) {
    const event = { index, total: batches.length, batch };
    // Ctrl-C, or a failed first batch: the rest count as failed, as dbt counts batches it never ran.
    if (context.signal?.aborted || (index > 0 && successful.length === 0)) {
      failed.push(batch);
      mb.onBatch({ ...event, status: 'skipped' });
      continue;
    }
    mb.onBatch(event);
    const started = performance.now();
    try {
      const rendered = await mb.renderBatch(batch);
      const batchNode: CompiledNode = {
        ...rendered,
        config: { ...rendered.config, pre_hook: index === 0 ? node.config.pre_hook : [], post_hook: index === batches.length - 1 ? node.config.post_hook : [] },
      };
      const count = tableThere ? await replaceBatch(batchNode, context, batch) : (await materializeTable(batchNode, context)).rowsAffected;
      tableThere = true;
      rows += count ?? 0;
      successful.push(batch);
      mb.onBatch({ ...event, status: 'success', rows: count, seconds: (performance.now() - started) / 1000 });
    } catch (caught) {
      error ??= caught;
      failed.push(batch);
      mb.onBatch({ ...event, status: 'error', seconds: (performance.now() - started) / 1000 });
    }
  }
  return {
    rowsAffected: rows,
    action: `built ${successful.length} of ${batches.length} batch${batches.length === 1 ? '' : 'es'}`,
    batches: { successful: [...successful, ...before], failed, ...(failed.length > 0 ? { error } : {}) },
  };
}

/** One later batch, in its own transaction: the batch's rows replace the table's rows in its window. */
async function replaceBatch(node: CompiledNode, context: MaterializeContext, batch: Batch): Promise<number> {
  const { dialect } = context.adapter;
  const target = node.relation!;
  const temp: RelationRef = { schema: target.schema, identifier: tempIdentifier(target.identifier, 'batch') };
  const column = dialect.quoteIdentifier(String(node.config.event_time));
  const literal = (t: Date) => dialect.eventTimeLiteral?.(pythonUtc(t)) ?? dialect.quoteLiteral(pythonUtc(t));
  return inTransaction(context, async () => {
    await runHooks(node, context, 'pre-hook');
    await run(context, dialect.drop('table', temp));
    await run(context, dialect.createTableAs(temp, node.incrementalCode ?? node.compiledCode));
    const columns = (await reconcileSchemas(node, context, temp)).map(dialect.quoteIdentifier);
    const rowCount = await countRows(context, dialect.relation(temp));
    const table = dialect.relation(target);
    await run(context, `delete from ${table} where ${column} >= ${literal(batch.start)} and ${column} < ${literal(batch.end)}`);
    await run(context, `insert into ${table} (${columns.join(', ')})\nselect ${columns.join(', ')} from ${dialect.relation(temp)}`);
    await run(context, dialect.drop('table', temp));
    await applyRelationSettings(node, context);
    await runHooks(node, context, 'post-hook');
    return rowCount;
  });
}
