import type { IncrementalInput, RelationRef } from './types.js';

/**
 * The SQL-standard spelling of the incremental strategies, which DuckDB, PostgreSQL (15+, for
 * MERGE) and Trino share. The new rows are DBT_INTERNAL_SOURCE and (in a merge) the table
 * DBT_INTERNAL_DEST, dbt's names, which incremental_predicates are written against; the delete of
 * delete+insert names the table in full, as dbt's does (and Trino's DELETE takes no alias).
 */
export function standardIncrementalSql(
  input: IncrementalInput,
  quoteIdentifier: (name: string) => string,
  relation: (ref: RelationRef) => string,
): string[] {
  const target = relation(input.target);
  const source = relation(input.source);
  const cols = input.columns.map(quoteIdentifier);
  const insert = `insert into ${target} (${cols.join(', ')})\nselect ${cols.join(', ')} from ${source}`;
  const keys = input.uniqueKey.map(quoteIdentifier);
  const predicates = (input.predicates ?? []).map((p) => ` and (${p})`).join('');
  switch (input.strategy) {
    case 'append':
      return [insert];
    case 'delete+insert': {
      const matches = keys.map((k) => `DBT_INTERNAL_SOURCE.${k} = ${target}.${k}`).join(' and ');
      return [`delete from ${target} where exists (select 1 from ${source} as DBT_INTERNAL_SOURCE where ${matches})${predicates}`, insert];
    }
    case 'merge': {
      const matches = keys.map((k) => `DBT_INTERNAL_DEST.${k} = DBT_INTERNAL_SOURCE.${k}`).join(' and ');
      const updated = input.updateColumns ? input.updateColumns.map(quoteIdentifier) : cols.filter((c) => !keys.includes(c));
      const updates = updated.map((c) => `${c} = DBT_INTERNAL_SOURCE.${c}`);
      return [
        [
          `merge into ${target} as DBT_INTERNAL_DEST using ${source} as DBT_INTERNAL_SOURCE on (${matches})${predicates}`,
          updates.length ? `when matched then update set ${updates.join(', ')}` : '',
          `when not matched then insert (${cols.join(', ')}) values (${cols.map((c) => `DBT_INTERNAL_SOURCE.${c}`).join(', ')})`,
        ].filter(Boolean).join('\n'),
      ];
    }
  }
}
