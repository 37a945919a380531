import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trinoHeaders, trinoTargetSchema } from '../../src/adapters/trino/config.js';
import { DiagnosticsError } from '../../src/core/diagnostics.js';
import { loadAnyProject } from '../../src/dbt-project/load-any-project.js';
import { resolveTarget } from '../../src/project/targets.js';
import { freshSchema } from '../helpers/postgres.js';
import { makeProject, weir } from '../helpers/project.js';
import { describeTrino, dropTrinoSchemas, trinoQuery, trinoTarget } from '../helpers/trino.js';
import { tempDir } from '../helpers/temp-dir.js';

/** profiles.yml `type: trino` outputs read with dbt-trino's keys. */
const cleanEnv = (extra: Record<string, string> = {}) => ({ HOME: tempDir('weir-home-'), ...extra });
const project = (output: string) => makeProject({
  'dbt_project.yml': 'name: shop\nprofile: shop\n',
  'profiles.yml': `shop:\n  target: dev\n  outputs:\n    dev:\n      type: trino\n${output.split('\n').map((l) => `      ${l}`).join('\n')}\n`,
});
const targetOf = (dir: string, env: Record<string, string> = {}) => {
  const loaded = loadAnyProject(dir, { env: cleanEnv(env) });
  return { target: resolveTarget(loaded, undefined, cleanEnv(env)), warnings: loaded.warnings };
};

describe('profiles.yml trino outputs', () => {
  it("maps dbt-trino's ldap keys: database is the catalog, ldap speaks https, env_var fills the password", () => {
    const dir = project([
      'method: ldap', 'host: trino.internal', 'port: 8443', 'user: me', "password: \"{{ env_var('DBT_ENV_SECRET_TRINO') }}\"",
      'database: lake', 'schema: analytics', 'threads: 4', 'session_properties: {query_max_run_time: 10m}', 'roles: {system: analyst}',
      'cert: false', 'timezone: UTC', 'client_tags: [dbt]', 'retries: 3', 'prepared_statements_enabled: true',
    ].join('\n'));
    const { target, warnings } = targetOf(dir, { DBT_ENV_SECRET_TRINO: 'hunter2secret' });
    expect(target).toMatchObject({ type: 'trino', schema: 'analytics', threads: 4, database: 'lake' });
    expect(target.config).toMatchObject({
      host: 'trino.internal', port: 8443, user: 'me', password: 'hunter2secret', catalog: 'lake', http_scheme: 'https',
      session_properties: { query_max_run_time: '10m' }, roles: { system: 'analyst' }, cert: false, timezone: 'UTC', client_tags: ['dbt'],
    });
    expect(warnings.map((w) => `${w.file}:${w.line} ${w.message}`)).toEqual(['profiles.yml:19 retries: weir does not retry a failed request; ignored']);
  });

  it('maps method jwt and its jwt_token, and sends roles, time zone and tags as dbt-trino does', () => {
    const { target } = targetOf(project('method: jwt\nhost: h\nport: 443\njwt_token: a.b.c\ndatabase: iceberg\nschema: s'));
    expect(target.config).toMatchObject({ jwt: 'a.b.c', http_scheme: 'https', catalog: 'iceberg' });
    const config = trinoTargetSchema.parse({ type: 'trino', schema: 's', roles: { system: 'analyst', hive: 'ALL' }, timezone: 'UTC', client_tags: ['a', 'b'] });
    expect(trinoHeaders(config)).toEqual({ 'X-Trino-Role': 'system=ROLE%7Banalyst%7D,hive=ALL', 'X-Trino-Time-Zone': 'UTC', 'X-Trino-Client-Tags': 'a,b' });
  });

  it("takes a method rendered as none (null), and an empty password from an unset secret, as dbt-trino's none credentials", () => {
    // dbt_date's integration profile: method and password from env vars, method none in a local run.
    const dir = project("method: \"{{ env_var('TRINO_METHOD') }}\"\nhost: h\nport: 8080\nuser: me\npassword: \"{{ env_var('DBT_ENV_SECRET_TRINO_PASS') }}\"\ndatabase: iceberg\nschema: s");
    const { target } = targetOf(dir, { TRINO_METHOD: 'none', DBT_ENV_SECRET_TRINO_PASS: '' });
    expect(target.config).toMatchObject({ host: 'h', port: 8080, user: 'me', catalog: 'iceberg' });
    expect(target.config).not.toHaveProperty('password');
    expect((target.config as { http_scheme?: string }).http_scheme ?? 'http').toBe('http');
  });

  it('names a bad key, an unsupported method and a missing password with file and line, never printing the password', () => {
    const bad = weir(['ls'], project('host: localhost\nport: 8080\nuser: me\ndatabase: iceberg\nschema: s\ncatalgo: x'), cleanEnv());
    expect(bad.code).toBe(2);
    expect(bad.output).toContain("profiles.yml:4 (at shop.outputs.dev.catalgo): unknown key 'catalgo' for a trino target");
    const kerberos = weir(['ls'], project('method: kerberos\nhost: h\nport: 1\nuser: me\ndatabase: iceberg\nschema: s'), cleanEnv());
    expect(kerberos.output).toContain("profiles.yml:6 (at shop.outputs.dev.method): method 'kerberos' is not supported by weir's Trino target");
    const ldap = weir(['ls'], project('method: ldap\nhost: h\nport: 1\nuser: me\ndatabase: iceberg\nschema: s'), cleanEnv());
    expect(ldap.output).toContain('profiles.yml:6 (at shop.outputs.dev.method): method ldap needs password');
    const http = weir(['ls'], project('method: ldap\nhttp_scheme: http\nhost: h\nport: 1\nuser: me\npassword: hunter2secret\ndatabase: iceberg\nschema: s'), cleanEnv());
    expect(http.output).toMatch(/only over https/);
    expect(http.output).not.toContain('hunter2secret');
    expect(() => targetOf(project('host: h\nport: 1\nuser: me\npassword: hunter2secret\ndatabase: iceberg\nschema: s'))).toThrow(DiagnosticsError);
  });
});

describeTrino('a dbt project with a trino output builds on the cluster', () => {
  const schema = freshSchema('weir_dbt_trino');
  afterAll(() => dropTrinoSchemas(schema));

  it('seeds, builds and tests through profiles.yml', async () => {
    const { host, port } = trinoTarget(schema);
    const dir = makeProject({
      'dbt_project.yml': 'name: shop\nprofile: shop\n',
      'profiles.yml': `shop:\n  target: dev\n  outputs:\n    dev:\n      type: trino\n      method: none\n      host: "{{ env_var('TRINO_HOST_X') }}"\n      port: ${port}\n      user: dbt\n      database: iceberg\n      schema: ${schema}\n      threads: 2\n      session_properties: {query_max_run_time: 10m}\n`,
      'seeds/customers.csv': 'id,name\n1,ann\n2,bob\n',
      'models/named.sql': "{{ config(materialized='table') }}\nselect id, upper(name) as name, '{{ target.database }}' as db from {{ ref('customers') }}",
      'models/schema.yml': 'version: 2\nmodels:\n  - name: named\n    columns:\n      - name: id\n        data_tests: [unique, not_null]\n',
    });
    const run = weir(['build'], dir, cleanEnv({ TRINO_HOST_X: host }));
    expect(run.output).toContain('PASS=4 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=4');
    expect(await trinoQuery(`select id, name, db from iceberg."${schema}".named order by id`)).toEqual([
      { id: 1, name: 'ANN', db: 'iceberg' }, { id: 2, name: 'BOB', db: 'iceberg' },
    ]);
  });
});
