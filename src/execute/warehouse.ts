import type { Adapter, Session } from '../adapters/types.js';
import type { Warehouse, WarehouseRelation } from '../dbt-context/index.js';

/**
 * The warehouse a template asks at execution (run_query, statement, adapter.get_relation...): the node's own session.
 * `database`: what the relations it answers name (a dbt project's target.database; none in weir's own projects).
 */
export function sessionWarehouse(adapter: Adapter, session: Session, database: string | undefined): Warehouse {
  const relation = (schema: string, identifier: string, kind: 'table' | 'view', named = database): WarehouseRelation => ({ database: named, schema, identifier, kind });
  const ref = (schema: string, identifier: string, named: string | undefined) => ({ ...(named === undefined ? {} : { database: named }), schema, identifier });
  return {
    type: adapter.type,
    async run(sql, fetch) {
      if (fetch) {
        const { columns, rows } = await session.query(sql);
        return { columns, rows, rowsAffected: undefined };
      }
      const { rowsAffected } = await session.execute(sql);
      return { columns: [], rows: [], rowsAffected };
    },
    async relation(schema, identifier, named) {
      const kind = await adapter.relationKind(session, ref(schema, identifier, named));
      return kind && relation(schema, identifier, kind, named ?? database);
    },
    columns: (schema, identifier, named) => adapter.columns(session, ref(schema, identifier, named)),
    async relations(schema) {
      if (adapter.catalog) return (await adapter.catalog(session, [schema])).map((r) => relation(r.schema, r.identifier, r.kind));
      const { rows } = await session.query(
        `select table_name, table_type from information_schema.tables where table_schema = ${adapter.dialect.quoteLiteral(schema)} order by table_name`,
      );
      return rows.map((r) => relation(schema, String(r.table_name), String(r.table_type).toUpperCase() === 'VIEW' ? 'view' : 'table'));
    },
  };
}
