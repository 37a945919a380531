import { postgresDialect as dialect } from './dialect.js';

/**
 * Views reading from a relation, directly or through other views (pg_depend -> pg_rewrite), deepest
 * last, with their definitions: what `drop ... cascade` would take with it.
 */
export function dependentViewsSql(relationSql: string): string {
  return `with recursive deps(oid, depth) as (
  select r.ev_class, 1
  from pg_catalog.pg_depend d join pg_catalog.pg_rewrite r on r.oid = d.objid
  where d.classid = 'pg_catalog.pg_rewrite'::regclass and d.refobjid = to_regclass(${dialect.quoteLiteral(relationSql)}) and r.ev_class <> d.refobjid
  union
  select r.ev_class, deps.depth + 1
  from deps join pg_catalog.pg_depend d on d.refobjid = deps.oid join pg_catalog.pg_rewrite r on r.oid = d.objid
  where d.classid = 'pg_catalog.pg_rewrite'::regclass and r.ev_class <> d.refobjid and deps.depth < 100
)
select n.nspname as schema, c.relname as name, pg_catalog.pg_get_viewdef(c.oid) as sql, max(deps.depth) as depth
from deps join pg_catalog.pg_class c on c.oid = deps.oid join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where c.relkind = 'v'
group by n.nspname, c.relname, c.oid
order by max(deps.depth), n.nspname, c.relname`;
}
