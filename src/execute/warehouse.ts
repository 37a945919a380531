import type { Adapter, Session } from '../adapters/types.js';
import type { Warehouse, WarehouseRelation } from '../dbt-context/index.js';

/** The warehouse a template asks at execution (run_query, statement, adapter.get_relation...): the node's own session. */
export function sessionWarehouse(adapter: Adapter, session: Session, database: string | undefined): Warehouse {
  const relation = (schema: string, identifier: string, kind: 'table' | 'view'): WarehouseRelation => ({ database, schema, identifier, kind });
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
    async relation(schema, identifier) {
      const kind = await adapter.relationKind(session, { schema, identifier });
      return kind && relation(schema, identifier, kind);
    },
    columns: (schema, identifier) => adapter.columns(session, { schema, identifier }),
    async relations(schema) {
      if (adapter.catalog) return (await adapter.catalog(session, [schema])).map((r) => relation(r.schema, r.identifier, r.kind));
      const { rows } = await session.query(
        `select table_name, table_type from information_schema.tables where table_schema = ${adapter.dialect.quoteLiteral(schema)} order by table_name`,
      );
      return rows.map((r) => relation(schema, String(r.table_name), String(r.table_type).toUpperCase() === 'VIEW' ? 'view' : 'table'));
    },
  };
}
