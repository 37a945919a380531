import type { RelationRef, RunStatement, Session } from '../types.js';
import { postgresDialect as d } from './dialect.js';

/**
 * dbt-postgres' apply_grants: the relation's privileges become exactly the `grants` config
 * (`{select: [reporter, bi]}`): what the config lists and the relation lacks is granted, what it
 * has for a privilege or grantee the config does not list is revoked. The owner's own privileges
 * are left alone (PostgreSQL lists them too).
 */
export async function applyPostgresGrants(session: Session, ref: RelationRef, grants: Readonly<Record<string, readonly string[]>>, run: RunStatement): Promise<void> {
  const { rows } = await session.query(
    `select privilege_type, grantee from information_schema.role_table_grants where table_schema = ${d.quoteLiteral(ref.schema)} and table_name = ${d.quoteLiteral(ref.identifier)} and grantee <> current_user`,
  );
  const have = new Set(rows.map((r) => `${String(r.privilege_type).toLowerCase()}\0${String(r.grantee)}`));
  const want = new Set(Object.entries(grants).flatMap(([privilege, grantees]) => grantees.map((g) => `${privilege.toLowerCase()}\0${g}`)));
  const relation = d.relation(ref);
  for (const pair of have) {
    if (want.has(pair)) continue;
    const [privilege, grantee] = pair.split('\0') as [string, string];
    await run(`revoke ${privilege} on ${relation} from ${grantee === 'PUBLIC' ? 'public' : d.quoteIdentifier(grantee)}`);
  }
  for (const pair of want) {
    if (have.has(pair)) continue;
    const [privilege, grantee] = pair.split('\0') as [string, string];
    await run(`grant ${privilege} on ${relation} to ${grantee.toLowerCase() === 'public' ? 'public' : d.quoteIdentifier(grantee)}`);
  }
}
