import { createHash } from 'node:crypto';
import type { IndexConfig, RelationRef } from '../types.js';
import { postgresDialect as d } from './dialect.js';

/**
 * dbt-postgres's `create index` for one entry of the `indexes` config (postgres__get_create_index_sql):
 * columns as written, `unique` and `using <type>` when set. The name is dbt's: the md5 of the columns,
 * the relation as dbt renders it ("db"."schema"."table"), str(unique), str(type) and the UTC time in
 * Python's isoformat, joined by '_' — the time makes each build's names new, so a table built
 * beside the old one never clashes with the old one's indexes, which go when it is dropped.
 */
export function postgresCreateIndexSql(ref: RelationRef, index: IndexConfig, database: string, now = new Date()): string {
  const rendered = [database, ref.schema, ref.identifier].map((part) => d.quoteIdentifier(part)).join('.');
  const inputs = [...index.columns, rendered, index.unique ? 'True' : 'False', index.type ?? 'None', pythonIsoformat(now)];
  const name = createHash('md5').update(inputs.join('_')).digest('hex');
  return `create ${index.unique ? 'unique ' : ''}index if not exists "${name}" on ${d.relation(ref)}${index.type ? ` using ${index.type}` : ''} (${index.columns.join(', ')})`;
}

/** datetime.isoformat() of a naive UTC time: microseconds only when there are any. */
function pythonIsoformat(time: Date): string {
  const iso = time.toISOString().slice(0, -1);
  return iso.endsWith('.000') ? iso.slice(0, -4) : `${iso}000`;
}
