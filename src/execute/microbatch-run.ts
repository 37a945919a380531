import type { CompiledNode } from '../compile/types.js';
import type { Warehouse } from '../dbt-context/index.js';
import { batchId, formatBatchStart, pythonUtc, type BatchSize } from '../core/microbatch-batches.js';
import type { ExecuteOptions, MicrobatchRun } from './types.js';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { compiledPathFor, writeNodeSql } from './write-sql.js';

/**
 * What a microbatch model's materialization needs from the run: a render of the model for one
 * batch (upstreams with an event_time filtered to it, as dbt's render_event_time_filtered), the
 * --event-time-start/--event-time-end window, and a console line per batch as dbt prints them.
 */
export function microbatchRun(node: CompiledNode, options: ExecuteOptions, warehouse: () => Warehouse): MicrobatchRun | undefined {
  if (node.resourceType !== 'model' || node.config.incremental_strategy !== 'microbatch' || !options.renderAtExecution) return undefined;
  const render = options.renderAtExecution;
  const { targetDir } = options;
  const size = node.config.batch_size as BatchSize;
  const { dialect } = options.adapter;
  const alias = dialect.subqueryNeedsAlias ?? false;
  const literal = dialect.eventTimeLiteral ?? ((text: string) => `'${text}'`);
  return {
    now: new Date(),
    eventTimeStart: options.eventTimeStart,
    eventTimeEnd: options.eventTimeEnd,
    retry: options.retryBatches?.get(node.uniqueId),
    async renderBatch(batch) {
      const [start, end] = [literal(pythonUtc(batch.start)), literal(pythonUtc(batch.end))];
      const rendered = await render(node, warehouse(), {
        id: batchId(batch.start, size), start: batch.start, end: batch.end,
        filter: (relation, identifier, column) => `(select * from ${relation} where ${column} >= ${start} and ${column} < ${end})${alias ? ` _dbt_et_filter_subq_${identifier}` : ''}`,
      });
      // As dbt: one compiled file per batch (models/mb/mb_2024-01-01.sql), and the model's own file holds the latest.
      const batchFile = join(targetDir, compiledPathFor(node, 'compiled', options.packageRoots).replace(/\.sql$/, ''), `${node.name}_${formatBatchStart(batch.start, size)}.sql`);
      await mkdir(dirname(batchFile), { recursive: true });
      await writeFile(batchFile, `${rendered.compiledCode.trimEnd()}\n`);
      await writeNodeSql(targetDir, node, 'compiled', rendered.compiledCode, options.packageRoots);
      return rendered;
    },
    onBatch({ index, total, batch, status, rows, seconds }) {
      const label = `batch ${formatBatchStart(batch.start, size)} of ${node.relation ? `${node.relation.schema}.${node.relation.identifier}` : node.name}`;
      const place = `${index + 1} of ${total}`;
      if (status === undefined) {
        options.logger.log({ level: 'info', code: 'batch_start', message: `  ${place} START ${label}`, data: { uniqueId: node.uniqueId } });
        return;
      }
      const word = status === 'success' ? `OK created ${label} [SUCCESS${rows === undefined ? '' : ` ${rows}`} in ${(seconds ?? 0).toFixed(2)}s]`
        : status === 'error' ? `ERROR creating ${label} [ERROR in ${(seconds ?? 0).toFixed(2)}s]` : `SKIP ${label}`;
      options.logger.log({ level: status === 'success' ? 'info' : 'warn', code: 'batch_result', message: `  ${place} ${word}`, data: { uniqueId: node.uniqueId, status } });
    },
  };
}
