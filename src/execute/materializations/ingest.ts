import { runIngest } from '../../ingest/index.js';
import type { Materialize } from '../types.js';

/**
 * An ingest node loads its source table from an API or files (src/ingest). The load commits in one
 * transaction at the end; a failure leaves the previous table as it was.
 */
export const materializeIngest: Materialize = async (node, context) => {
  const outcome = await runIngest({
    sourceName: node.sourceName!,
    tableName: node.name,
    relation: node.relation!,
    config: node.ingest!,
    path: node.path,
  }, { ...context.ingest, adapter: context.adapter, session: context.session, statements: context.statements });
  const extra = [
    `${outcome.records} record${outcome.records === 1 ? '' : 's'} from ${outcome.pages} ${node.ingest!.http ? 'page' : 'file'}${outcome.pages === 1 ? '' : 's'}`,
    outcome.quarantined ? `${outcome.quarantined} bad row${outcome.quarantined === 1 ? '' : 's'} quarantined` : undefined,
  ].filter(Boolean).join(', ');
  return { rowsAffected: outcome.rows, action: `ingested (${extra}) into` };
};
