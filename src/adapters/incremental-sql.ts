import type { IncrementalInput, RelationRef } from './types.js';

/**
 * The SQL-standard spelling of the incremental strategies, which DuckDB and PostgreSQL (15+, for
 * MERGE) share. An engine whose spelling differs writes its own `incremental` in its dialect.
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
  const matches = keys.map((k) => `t.${k} = s.${k}`).join(' and ');
  switch (input.strategy) {
    case 'append':
      return [insert];
    case 'delete+insert':
      return [`delete from ${target} as t where exists (select 1 from ${source} as s where ${matches})`, insert];
    case 'merge': {
      const updates = cols.filter((c) => !keys.includes(c)).map((c) => `${c} = s.${c}`);
      return [
        [
          `merge into ${target} as t using ${source} as s on (${matches})`,
          updates.length ? `when matched then update set ${updates.join(', ')}` : '',
          `when not matched then insert (${cols.join(', ')}) values (${cols.map((c) => `s.${c}`).join(', ')})`,
        ].filter(Boolean).join('\n'),
      ];
    }
  }
}
