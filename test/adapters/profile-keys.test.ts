import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { createDuckDbAdapter } from '../../src/adapters/duckdb/adapter.js';
import { createPostgresAdapter } from '../../src/adapters/postgres/adapter.js';
import { describePg, freshSchema, pgQuery } from '../helpers/postgres.js';
import { tempDir } from '../helpers/temp-dir.js';

/** The target keys dbt's duckdb and postgres profiles use, doing on the real engines what they do in dbt. */
describe('duckdb targets: extensions and attach', () => {
  it('loads the extensions and attaches databases (read only) when the database opens', async () => {
    const dir = tempDir('weir-attach-');
    const other = await createDuckDbAdapter({ type: 'duckdb', path: 'other.duckdb' }, { projectRoot: dir, threads: 1 });
    await other.withSession((s) => s.execute('create table lookup as select 42 as answer'));
    await other.close();
    const adapter = await createDuckDbAdapter({
      type: 'duckdb', path: 'main.duckdb', extensions: ['json'], attach: [{ path: 'other.duckdb', alias: 'other', read_only: true }],
    }, { projectRoot: dir, threads: 2 });
    try {
      const rows = await adapter.withSession(async (s) => (await s.query(
        "select answer, (select count(*) from duckdb_extensions() where extension_name = 'json' and loaded) as json_loaded from other.main.lookup")).rows);
      expect(rows).toEqual([{ answer: 42, json_loaded: 1n }]);
      await expect(adapter.withSession((s) => s.execute('create table other.main.nope as select 1'))).rejects.toThrow(/read-only|read only/i);
    } finally {
      await adapter.close();
    }
  });
});

describePg('postgres targets: search_path, role and keepalives', (url) => {
  const role = freshSchema('weir_role');
  const schema = freshSchema('weir_sp');
  afterAll(async () => {
    await pgQuery(`drop schema if exists ${schema} cascade`);
    await pgQuery(`drop role if exists ${role}`);
  });

  it('sets the session role and search_path as dbt-postgres does', async () => {
    await pgQuery(`create role ${role}; create schema ${schema}`);
    const adapter = await createPostgresAdapter({ type: 'postgres', url, schema, role, search_path: `${schema}, public`, keepalives_idle: 30, sslmode: 'prefer' }, { projectRoot: tmpdir(), threads: 1 });
    try {
      const rows = await adapter.withSession(async (s) => (await s.query("select current_user::text as who, current_setting('search_path') as path")).rows);
      expect(rows).toEqual([{ who: role, path: `${schema}, public` }]);
    } finally {
      await adapter.close();
    }
  });
});
