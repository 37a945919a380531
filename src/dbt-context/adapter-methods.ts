/**
 * The `adapter.*` methods dbt packages call, answered by the warehouse at execution. While parsing
 * (`execute` false) the lookups answer as if nothing existed (none, []), as dbt's parse does.
 * An unknown method is an error naming it and the methods weir has.
 */
import { bind, JinjaError, tuple } from '../jinja/index.js';
import { AgateTable } from './agate-table.js';
import { Column } from './column.js';
import { Relation, relationParts, type QuoteIdentifier } from './relation.js';
import { ask, type DbtScope } from './statements.js';
import type { WarehouseRelation } from './warehouse.js';

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** dbt's adapter object, as a class (so Jinja sees an object, not a dict) behind a guard for unknown names. */
class Adapter {}

export function adapterMethods(scope: DbtScope, quoteIdentifier: QuoteIdentifier, type: string, execute: (...args: unknown[]) => unknown) {
  const toRelation = (r: WarehouseRelation) => new Relation(r.database ?? null, r.schema, r.identifier, r.kind, quoteIdentifier);
  // A database named by the template (get_relation(database=...), a relation's .database) is looked in.
  const getRelation = (schema: string, identifier: string, database?: string | null) =>
    scope.execute ? ask(scope, `relation\n${database ?? ''}.${schema}.${identifier}`, (w) => w.relation(schema, identifier, database ?? undefined)) : undefined;
  const columns = (relation: unknown, what: string) => {
    if (!scope.execute) return [];
    const { database, schema, identifier } = relationParts(relation, what);
    return ask(scope, `columns\n${database ?? ''}.${schema}.${identifier}`, (w) => w.columns(schema, identifier, database ?? undefined)).map((c) => new Column(c.name, c.dataType, quoteIdentifier));
  };
  const listRelations = (schema: string) => (scope.execute ? ask(scope, `relations\n${schema}`, (w) => w.relations(schema)).map(toRelation) : []);
  // As dbt's macros: drop_relation runs outside any transaction (auto_begin=False), the others open one.
  const run = (sql: string, autoBegin = true) => {
    if (scope.execute) ask(scope, `run\n${sql}`, (w) => w.run(sql, false, autoBegin));
    return '';
  };
  const kindOf = (relation: unknown, what: string) => {
    // A relation that knows its type (a temporary one has no schema to look it up by) is taken at its word.
    const given = (relation as { type?: unknown } | null)?.type;
    if (typeof given === 'string') return given;
    const { database, schema, identifier } = relationParts(relation, what);
    return getRelation(schema, identifier, database)?.kind;
  };
  const methods: Record<string, (...args: unknown[]) => unknown> = {
    execute,
    get_relation: (...args) => {
      const a = bind('adapter.get_relation()', ['database', 'schema', 'identifier'], args);
      const found = getRelation(String(a.schema), String(a.identifier), a.database === undefined || a.database === null ? null : String(a.database));
      return found ? toRelation(found) : null;
    },
    get_columns_in_relation: (relation) => tuple(columns(relation, 'adapter.get_columns_in_relation()')),
    list_relations_without_caching: (schemaRelation) => tuple(listRelations(String((schemaRelation as { schema?: unknown } | null)?.schema))),
    list_relations: (...args) => tuple(listRelations(String(bind('adapter.list_relations()', ['database', 'schema'], args).schema))),
    already_exists: (schema, identifier) => getRelation(String(schema), String(identifier)) !== undefined,
    check_schema_exists: (...args) => {
      const { schema } = bind('adapter.check_schema_exists()', ['database', 'schema'], args);
      if (!scope.execute) return false;
      const sql = `select schema_name from information_schema.schemata where schema_name = ${literal(String(schema))}`;
      return ask(scope, `fetch\n${sql}`, (w) => w.run(sql, true)).rows.length > 0;
    },
    get_missing_columns: (from, to) => {
      const have = new Set(columns(to, 'adapter.get_missing_columns()').map((c) => c.name.toLowerCase()));
      return tuple(columns(from, 'adapter.get_missing_columns()').filter((c) => !have.has(c.name.toLowerCase())));
    },
    // weir builds tables from the query's own column types, so there is nothing to widen.
    expand_target_column_types: () => '',
    quote: (name) => quoteIdentifier(String(name)),
    quote_as_configured: (name) => quoteIdentifier(String(name)),
    quote_seed_column: (name) => quoteIdentifier(String(name)),
    drop_relation: (relation) => {
      const kind = kindOf(relation, 'adapter.drop_relation()');
      return kind ? run(`drop ${kind === 'view' ? 'view' : 'table'} if exists ${relation} cascade`, false) : '';
    },
    truncate_relation: (relation) => run(`delete from ${relation}`),
    rename_relation: (from, to) => {
      const kind = kindOf(from, 'adapter.rename_relation()');
      const target = relationParts(to, 'adapter.rename_relation()');
      return run(`alter ${kind === 'view' ? 'view' : 'table'} ${from} rename to ${quoteIdentifier(target.identifier)}`);
    },
    create_schema: (relation) => run(`create schema if not exists ${quoteIdentifier(String((relation as { schema?: unknown }).schema))}`),
    drop_schema: (relation) => run(`drop schema if exists ${quoteIdentifier(String((relation as { schema?: unknown }).schema))} cascade`),
    type: () => type,
    /** Ends the transaction the materialization's statements opened (dbt: an error when none is open). */
    commit: () => {
      if (scope.execute) ask(scope, 'commit', async (w) => {
        if (!w.commit) throw new JinjaError('adapter.commit() is for materializations: weir runs models in their own transaction');
        await w.commit();
      });
      return '';
    },
  };
  return guarded(Object.assign(new Adapter(), methods));
}

/** dbt's `list_relations_without_caching(schema_relation)` macro: an agate table of database, name, schema, type. */
export function listRelationsTable(adapter: Record<string, (...args: unknown[]) => unknown>) {
  return (schemaRelation: unknown) => {
    const relations = adapter.list_relations_without_caching!(schemaRelation) as Relation[];
    return new AgateTable(['database', 'name', 'schema', 'type'], relations.map((r) => ({ database: r.database, name: r.identifier, schema: r.schema, type: r.type })));
  };
}

/** Reading an unknown `adapter.x` is an error naming it, not an undefined that fails later. */
function guarded<T extends object>(target: T): T {
  return new Proxy(target, {
    get(object, key, receiver) {
      if (typeof key === 'symbol' || key in object || key === 'then' || key === 'toJSON') return Reflect.get(object, key, receiver) as unknown;
      const known = Object.keys(object).filter((k) => k !== 'call_dispatched').sort().join(', ');
      throw new JinjaError(`adapter.${key} is not an adapter method weir supports (it has: ${known})`);
    },
  });
}
