import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redact } from '../../src/adapters/postgres/connection.js';
import { postgresTargetSchema } from '../../src/adapters/postgres/config.js';
import { pointAt } from '../../src/adapters/postgres/errors.js';
import { describePg, freshSchema, pgQuery } from '../helpers/postgres.js';
import { makeProject, weir } from '../helpers/project.js';

const SECRET = 'Sup3r-s3cret_pw';

function projectFor(url: string, schema = 'weir_debug_never_created'): string {
  return makeProject({
    'project.yml': `name: dbg\ntargets:\n  pg:\n    type: postgres\n    url: "{{ env_var('DBG_URL') }}"\n    schema: ${schema}\n    connect_timeout: 3\n`,
  });
}

describe('postgres target config and messages', () => {
  it('needs a url or a host and validates durations', () => {
    expect(postgresTargetSchema.safeParse({ type: 'postgres', schema: 'a' }).success).toBe(false);
    expect(postgresTargetSchema.safeParse({ type: 'postgres', host: 'h', port: '5433', statement_timeout: '30s' }).success).toBe(true);
    expect(postgresTargetSchema.safeParse({ type: 'postgres', host: 'h', statement_timeout: 'soon' }).success).toBe(false);
  });

  it('redacts passwords in urls and anywhere they appear', () => {
    expect(redact(`postgres://me:${SECRET}@db:5432/x failed; pw ${SECRET}`, [SECRET])).toBe('postgres://me:***@db:5432/x failed; pw ***');
  });

  it('points at the position of a syntax error', () => {
    expect(pointAt('create table t as (\nselect 1 as a, from x\n)', 36)).toBe('at line 2 of the statement:\n  select 1 as a, from x\n                 ^');
  });
});

describePg('weir debug --target pg', (url) => {
  const parsed = new URL(url);
  const withPassword = (host: string, port: string, database: string, user = parsed.username || 'postgres') =>
    `postgres://${user}:${SECRET}@${host}:${port}/${database}`;

  it('says OK for a working server and checks it may create the schema', () => {
    const run = weir(['debug', '--target', 'pg'], projectFor(url), { DBG_URL: url });
    expect(run.output).toMatch(/connection: postgres .* - OK/);
    expect(run.output).toMatch(/permissions: create schema weir_debug_never_created and tables in it - OK/);
    expect(run.code).toBe(0);
  });

  it('names a refused host and port, without the password', () => {
    const run = weir(['debug', '--target', 'pg'], projectFor(url), { DBG_URL: withPassword('127.0.0.1', '1', parsed.pathname.slice(1)) });
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/Could not connect to PostgreSQL at 127\.0\.0\.1:1: connection refused/);
    expect(run.output).toMatch(/hint: is the server running/);
    expect(run.output).not.toContain(SECRET);
  });

  it('names a missing database and an unknown user', () => {
    const noDb = weir(['debug', '--target', 'pg'], projectFor(url), { DBG_URL: withPassword(parsed.hostname, parsed.port || '5432', 'weir_no_such_db') });
    expect(noDb.output).toMatch(/Database 'weir_no_such_db' does not exist/);
    expect(noDb.output).toMatch(/hint: create it \(createdb/);
    const noUser = weir(['debug', '--target', 'pg'], projectFor(url), { DBG_URL: withPassword(parsed.hostname, parsed.port || '5432', parsed.pathname.slice(1), 'weir_no_such_user') });
    expect(noUser.output).toMatch(/PostgreSQL refused user 'weir_no_such_user'/);
    expect(`${noDb.output}${noUser.output}`).not.toContain(SECRET);
  });

  describe('a user without CREATE rights', () => {
    const role = freshSchema('weir_role');
    beforeAll(async () => {
      await pgQuery(`create role ${role} login`);
    });
    afterAll(async () => {
      await pgQuery(`drop role if exists ${role}`);
    });
    it('is told which grant is missing', () => {
      const run = weir(['debug', '--target', 'pg'], projectFor(url, freshSchema()), {
        DBG_URL: withPassword(parsed.hostname, parsed.port || '5432', parsed.pathname.slice(1), role),
      });
      expect(run.code).toBe(1);
      expect(run.output).toMatch(/connection: .* - OK/);
      expect(run.output).toMatch(/permissions: .* - FAILED: Permission denied for user 'weir_role_[0-9a-f]+'/);
      expect(run.output).toMatch(/hint: grant the user what weir needs: GRANT CREATE ON DATABASE/);
      expect(run.output).not.toContain(SECRET);
    });
  });
});

describe('PostgreSQL type names', () => {
  it('maps aliases onto the names format_type reports', async () => {
    const { normalizePostgresType } = await import('../../src/adapters/postgres/type-names.js');
    const cases: Record<string, string> = {
      int: 'integer', INT4: 'integer', int8: 'bigint', string: 'text', 'varchar(20)': 'character varying(20)',
      'character varying(20)': 'character varying(20)', float: 'double precision', float8: 'double precision', real: 'real',
      'decimal(10, 2)': 'numeric(10,2)', 'numeric(12)': 'numeric(12,0)', numeric: 'numeric', timestamptz: 'timestamp with time zone',
      'timestamp(3) without time zone': 'timestamp without time zone', datetime: 'timestamp without time zone', 'int[]': 'integer[]',
      bool: 'boolean', date: 'date', jsonb: 'jsonb',
    };
    for (const [written, canonical] of Object.entries(cases)) expect([written, normalizePostgresType(written)]).toEqual([written, canonical]);
  });
});
