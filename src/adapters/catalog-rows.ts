import type { CatalogRelation, ColumnInfo, RelationRef, Session } from './types.js';

/**
 * Folds information_schema rows (table_schema, table_name, table_type, column_name, data_type),
 * ordered by relation and column position, into one entry per relation. Both engines name these
 * columns the SQL standard's way, so every adapter's `catalog()` can share this.
 */
export function groupCatalogRows(rows: ReadonlyArray<Readonly<Record<string, unknown>>>): CatalogRelation[] {
  const relations: Array<CatalogRelation & { columns: CatalogRelation['columns'][number][] }> = [];
  let current: (typeof relations)[number] | undefined;
  for (const row of rows) {
    const schema = String(row.table_schema);
    const identifier = String(row.table_name);
    if (!current || current.schema !== schema || current.identifier !== identifier) {
      current = { schema, identifier, kind: String(row.table_type).toUpperCase() === 'VIEW' ? 'view' : 'table', columns: [] };
      relations.push(current);
    }
    current.columns.push({ name: String(row.column_name), dataType: String(row.data_type) });
  }
  return relations;
}

/** A relation's columns in order from information_schema (DuckDB and Trino report their own type names there). */
/** A relation that names its database is looked for there only (DuckDB lists every attached database's tables). */
export function inCatalog(ref: RelationRef, quoteLiteral: (value: string) => string): string {
  return ref.database === undefined ? '' : ` and table_catalog = ${quoteLiteral(ref.database)}`;
}

export async function informationSchemaColumns(session: Session, ref: RelationRef, quoteLiteral: (value: string) => string): Promise<ColumnInfo[]> {
  const { rows } = await session.query(
    `select column_name, data_type from information_schema.columns where table_schema = ${quoteLiteral(ref.schema)} and table_name = ${quoteLiteral(ref.identifier)}${inCatalog(ref, quoteLiteral)} order by ordinal_position`,
  );
  return rows.map((r) => ({ name: String(r.column_name), dataType: String(r.data_type) }));
}
