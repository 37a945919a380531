import type { RelationRef } from '../types.js';
import { postgresDialect as dialect } from './dialect.js';

const q = dialect.quoteLiteral;

/**
 * The views that read `relation` directly (their rules name its oid), deepest first: a view that
 * also reads another of them comes before it, as a reader of it takes their locks. With
 * `definitions`, each one's query and options, to create it again.
 */
export function directDependentsSql(relation: RelationRef, definitions: boolean): string {
  const oid = `to_regclass(${q(dialect.relation(relation))})`;
  const rules = `pg_catalog.pg_depend d join pg_catalog.pg_rewrite r on r.oid = d.objid`;
  const isView = `d.classid = 'pg_catalog.pg_rewrite'::regclass and r.ev_class <> d.refobjid`;
  return `with recursive deps(oid, depth) as (
  select r.ev_class, 1 from ${rules} where ${isView} and d.refobjid = ${oid}
  union
  select r.ev_class, deps.depth + 1 from deps join ${rules} on d.refobjid = deps.oid where ${isView} and deps.depth < 100
)
select n.nspname as schema, c.relname as name${definitions ? `, pg_catalog.pg_get_viewdef(c.oid) as sql, pg_catalog.array_to_string(c.reloptions, ', ') as options` : ''}
from deps join pg_catalog.pg_class c on c.oid = deps.oid join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where c.relkind = 'v' and c.oid in (select r.ev_class from ${rules} where ${isView} and d.refobjid = ${oid})
group by n.nspname, c.relname, c.oid
order by max(deps.depth) desc, n.nspname, c.relname`;
}

/**
 * The advisory lock key weir takes for writing one relation: the same in every run on this
 * database, whatever its target, so two runs never write one relation at once.
 */
export function relationLockKey(relation: RelationRef): string {
  return `hashtext('weir relation'), hashtext(${q(dialect.relation(relation))})`;
}
