import type { Dialect } from '../types.js';
import { standardDialect } from '../standard-dialect.js';
import { normalizeTrinoType } from './type-names.js';

const { relation, quoteIdentifier } = standardDialect;

/**
 * Trino spells most SQL the standard way. Its differences: `create table ... as` takes no
 * parentheses around a query with a WITH clause, views are stored as SQL and bound when read (so
 * replacing a table keeps the views on it), renames take the full new name, and DELETE has no
 * alias. Relations are `schema.identifier` in the target's catalog (the session's).
 */
export const trinoDialect: Dialect = {
  ...standardDialect,
  createTableAs: (ref, sql) => `create table ${relation(ref)} as\n${sql}`,
  createView: (ref, sql) => `create or replace view ${relation(ref)} as\n${sql}`,
  rename: (kind, from, to) => `alter ${kind} ${relation(from)} rename to ${relation({ schema: from.schema, identifier: to })}`,
  incremental: (input) => {
    const statements = standardDialect.incremental(input);
    if (input.strategy !== 'delete+insert') return statements;
    const target = relation(input.target);
    const source = relation(input.source);
    const keys = input.uniqueKey.map(quoteIdentifier);
    const matches = keys.map((k) => `${target}.${k} = s.${k}`).join(' and ');
    return [`delete from ${target} where exists (select 1 from ${source} as s where ${matches})`, statements[1]!];
  },
  normalizeType: normalizeTrinoType,
};
