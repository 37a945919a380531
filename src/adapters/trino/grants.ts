import { DatabaseError } from '../../core/errors.js';
import type { RelationRef, RunStatement, Session } from '../types.js';
import { trinoDialect as d } from './dialect.js';

/**
 * dbt-trino's apply_grants: the relation's privileges become exactly the `grants` config, one
 * grantee per statement (Trino takes one principal per GRANT). What the relation has for a
 * privilege or grantee the config does not list is revoked; the current user's own privileges
 * (the owner's) are left alone. Weir always compares with what is there, which is what dbt's
 * copy_grants() = false comes to: a replaced table starts with none.
 */
export async function applyTrinoGrants(session: Session, ref: RelationRef, grants: Readonly<Record<string, readonly string[]>>, run: RunStatement, catalog: string): Promise<void> {
  const { rows } = await session.query(
    `select grantee, lower(privilege_type) as privilege_type from information_schema.table_privileges where table_schema = ${d.quoteLiteral(ref.schema)} and table_name = ${d.quoteLiteral(ref.identifier)} and grantee <> current_user`,
  );
  const have = new Set(rows.map((r) => `${String(r.privilege_type)}\0${String(r.grantee)}`));
  const want = new Set(Object.entries(grants).flatMap(([privilege, grantees]) => grantees.map((g) => `${privilege.toLowerCase()}\0${g}`)));
  const relation = d.relation(ref);
  try {
    for (const pair of have) {
      if (want.has(pair)) continue;
      const [privilege, grantee] = pair.split('\0') as [string, string];
      await run(`revoke ${privilege} on ${relation} from ${d.quoteIdentifier(grantee)}`);
    }
    for (const pair of want) {
      if (have.has(pair)) continue;
      const [privilege, grantee] = pair.split('\0') as [string, string];
      await run(`grant ${privilege} on ${relation} to ${d.quoteIdentifier(grantee)}`);
    }
  } catch (error) {
    throw unsupported(error, catalog) ?? error;
  }
}

/** The connector's refusal said in weir's words: the catalog cannot hold grants, and what to do. */
function unsupported(error: unknown, catalog: string): DatabaseError | undefined {
  const message = error instanceof Error ? error.message : '';
  if (!/does not support (grants|permission management)/i.test(message)) return undefined;
  return new DatabaseError(`grants: the connector of Trino catalog '${catalog}' does not support grants on tables (${message.split('\n')[0]})`, {
    cause: error,
    hint: `remove the model's grants config for this target, or build into a catalog whose connector manages privileges (Hive or Iceberg with security=sql-standard)`,
  });
}
