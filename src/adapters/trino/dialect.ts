import type { Dialect, TableProperties } from '../types.js';
import { standardDialect } from '../standard-dialect.js';
import { trinoRowHash } from './row-hash.js';
import { normalizeTrinoType } from './type-names.js';
import { weirIdentifier } from '../../core/ids.js';

const { relation, quoteIdentifier } = standardDialect;

/**
 * Trino spells most SQL the standard way. Its differences: `create table ... as` takes no
 * parentheses around a query with a WITH clause, views are stored as SQL and bound when read (so
 * replacing a table keeps the views on it), renames take the full new name, and DELETE has no
 * alias; UPDATE ... FROM is a MERGE, md5 takes bytes. Relations are `schema.identifier` in the
 * target's catalog (the session's).
 */
/** dbt-trino's `with (name = value, ...)`: names as written, values SQL literals passed verbatim. */
export function withProperties(properties: TableProperties | undefined): string {
  const entries = Object.entries(properties ?? {});
  return entries.length === 0 ? '' : ` with (${entries.map(([name, value]) => `${name} = ${String(value)}`).join(', ')})`;
}

export const trinoDialect: Dialect = {
  ...standardDialect,
  // Properties on the first line, so that Trino's position of an error in them says it is theirs.
  createTableAs: (ref, sql, properties) => `create table ${relation(ref)}${withProperties(properties)} as\n${sql}`,
  createView: (ref, sql) => `create or replace view ${relation(ref)} as\n${sql}`,
  rename: (kind, from, to) => `alter ${kind} ${relation(from)} rename to ${relation({ ...from, identifier: to })}`,
  rowHash: trinoRowHash,
  normalizeType: normalizeTrinoType,
  // Iceberg widens only int, float and decimal in place: other widenings copy the table and swap it in.
  changeColumnType: (ref, columns, column, type) => {
    const copy = { schema: ref.schema, identifier: weirIdentifier(ref.identifier, 'retype') };
    const list = columns.map((c) => (c.name === column ? `cast(${quoteIdentifier(c.name)} as ${type}) as ${quoteIdentifier(c.name)}` : quoteIdentifier(c.name)));
    return [
      `drop table if exists ${relation(copy)}`,
      `create table ${relation(copy)} as\nselect ${list.join(', ')} from ${relation(ref)}`,
      `drop table if exists ${relation(ref)}`,
      `alter table ${relation(copy)} rename to ${relation(ref)}`,
    ];
  },
  md5: (text) => `lower(to_hex(md5(to_utf8(${text}))))`,
  // Trino has no UPDATE ... FROM; MERGE updates each matched row once (the join keys are unique).
  updateFrom: (target, set, source, alias, where) => `merge into ${target} using ${source} as ${alias}\non ${where}\nwhen matched then update set ${set.join(', ')}`,
  now: 'statement',
  eventTimeLiteral: (text) => `TIMESTAMP '${text}'`,
};
