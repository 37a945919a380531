import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDuckDbAdapter } from '../../src/adapters/duckdb/adapter.js';
import { createPostgresAdapter } from '../../src/adapters/postgres/adapter.js';
import type { Adapter } from '../../src/adapters/types.js';
import { describePg, dropSchemas, freshSchema } from '../helpers/postgres.js';
import { makeProject, weir } from '../helpers/project.js';
import { copyJaffle, jafflePgEnv } from './fixture.js';

/**
 * on-run-start / on-run-end from dbt_project.yml as dbt runs them: rendered with execute true,
 * `results` (.node, .status, .message...) and `schemas` in the end hook's context, a failing hook
 * failing the command with the project file's line.
 */
const HOOKS = `
on-run-start:
  - "drop table if exists {{ target.schema }}.audit"
  - "create table {{ target.schema }}.audit (event varchar(200), total integer)"
  - "{{ log('starting ' ~ flags.WHICH, info=True) }}"
on-run-end: "{% for r in results %}insert into {{ target.schema }}.audit values ('{{ r.node.unique_id }} {{ r.status }}', {{ results | length }});{% endfor %}{% for s in schemas %}insert into {{ target.schema }}.audit values ('schema {{ s }}', 0);{% endfor %}"
`;

function withHooks(extra: Record<string, string> = {}, hooks = HOOKS): string {
  const dir = copyJaffle(extra);
  writeFileSync(join(dir, 'dbt_project.yml'), readFileSync(join(dir, 'dbt_project.yml'), 'utf8') + hooks);
  return dir;
}

async function query(adapter: Adapter, sql: string): Promise<Array<Record<string, unknown>>> {
  try {
    return (await adapter.withSession((s) => s.query(sql))).rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
  } finally {
    await adapter.close();
  }
}

function checks(env: Record<string, string>, schema: string, open: (dir: string) => Promise<Adapter>) {
  const events = async (dir: string) => (await query(await open(dir), `select event, total from "${schema}".audit order by event`));

  it('runs the start hooks before the nodes and the end hooks after, with results and schemas', async () => {
    const dir = withHooks();
    const build = weir(['build'], dir, env);
    expect(build.code, build.output).toBe(0);
    expect(build.output).toContain('Running 3 on-run-start hooks');
    expect(build.output).toContain('starting build');
    expect(build.output).toMatch(/OK hook jaffle_shop\.on-run-end\.0 \(dbt_project\.yml:\d+\)/);
    expect(build.output.indexOf('starting build')).toBeLessThan(build.output.indexOf('START'));
    const rows = await events(dir);
    const results = rows.filter((r) => !String(r.event).startsWith('schema '));
    expect(results).toHaveLength(24);
    expect(results.every((r) => r.total === 24)).toBe(true);
    expect(results.map((r) => r.event)).toContain('model.jaffle_shop.orders success');
    expect(results.map((r) => r.event)).toContain('seed.jaffle_shop.raw_orders success');
    expect(results.map((r) => r.event)).toContain('test.jaffle_shop.unique_orders_order_id.fed79b3a6e pass');
    expect(rows.filter((r) => String(r.event).startsWith('schema ')).map((r) => r.event)).toEqual([`schema ${schema}`]);
    // compile and ls run no hook.
    expect(weir(['compile'], dir, env).output).not.toContain('hook');
  }, 120_000);

  it('gives the end hook the errors and skips of a failed run', async () => {
    const dir = withHooks({ 'models/staging/stg_orders.sql': "select nope from {{ ref('raw_orders') }}" });
    const build = weir(['build'], dir, env);
    expect(build.code).toBe(1);
    const statuses = new Map((await events(dir)).map((r) => String(r.event).split(' ') as [string, string]));
    expect(statuses.get('model.jaffle_shop.stg_orders')).toBe('error');
    expect(statuses.get('model.jaffle_shop.orders')).toBe('skipped');
    expect(statuses.get('model.jaffle_shop.stg_customers')).toBe('success');
  }, 120_000);

  it('fails the command on a failing hook, naming the line of dbt_project.yml; a failing start hook builds nothing', async () => {
    const start = withHooks({}, '\non-run-start:\n  - "select 1"\n  - "{{ no_such_macro() }}"\n');
    const lines = readFileSync(join(start, 'dbt_project.yml'), 'utf8').split('\n');
    const startLine = lines.findIndex((l) => l.includes('no_such_macro')) + 1;
    const failed = weir(['run'], start, env);
    expect(failed.code).toBe(1);
    expect(failed.output).toContain(`on-run-start hook jaffle_shop.on-run-start.1 (dbt_project.yml:${startLine}) failed: unknown macro or function 'no_such_macro'; nothing was built`);
    expect(failed.output).not.toMatch(/START|Finished/);

    const end = withHooks({}, '\non-run-end:\n  - "insert into no_such_table values (1)"\n');
    const endLine = readFileSync(join(end, 'dbt_project.yml'), 'utf8').split('\n').findIndex((l) => l.includes('no_such_table')) + 1;
    const run = weir(['seed'], end, env);
    expect(run.code).toBe(1);
    // As dbt 1.9+: each project hook is a result of its own (PASS/ERROR and run_results.json).
    expect(run.output).toMatch(/PASS=3 WARN=0 ERROR=1 SKIP=0 NO-OP=0 TOTAL=4/);
    const hookResult = JSON.parse(readFileSync(join(end, 'target/run_results.json'), 'utf8')).results.at(-1);
    expect(hookResult).toMatchObject({ unique_id: 'operation.jaffle_shop.jaffle_shop-on-run-end-0', status: 'error' });
    expect(run.output).toContain(`on-run-end hook jaffle_shop.on-run-end.0 (dbt_project.yml:${endLine}) failed: the database refused its SQL`);
    expect(await query(await open(end), `select count(*) as n from "${schema}".raw_orders`)).not.toEqual([{ n: 0 }]);
  }, 120_000);
}

describe('project hooks on DuckDB', () => {
  checks({}, 'main', (dir) => createDuckDbAdapter({ type: 'duckdb', path: 'target/jaffle_shop.duckdb' }, { projectRoot: dir, threads: 1 }));

  it("reads them from weir's project.yml too, a single string or a list", async () => {
    const dir = makeProject({
      'project.yml': "name: shop\non-run-start: \"create table if not exists main.runs (n integer)\"\non-run-end:\n  - \"insert into main.runs select count(*) from {{ ref('a') }}\"\n",
      'models/a.sql': 'select 1 as x union all select 2',
    });
    expect(weir(['run'], dir).code).toBe(0);
    const again = weir(['run'], dir);
    expect(again.output).toMatch(/PASS=3 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=3/);
    const ids = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')).results.map((r: { unique_id: string; status: string }) => `${r.unique_id} ${r.status}`);
    expect(ids).toEqual(['operation.shop.shop-on-run-start-0 success', 'model.shop.a success', 'operation.shop.shop-on-run-end-0 success']);
    const adapter = await createDuckDbAdapter({ type: 'duckdb', path: 'target/dev.duckdb' }, { projectRoot: dir, threads: 1 });
    expect(await query(adapter, 'select n from main.runs')).toEqual([{ n: 2 }, { n: 2 }]);
  }, 60_000);

  it('writes run_results.json once, after the end hooks, as dbt does', async () => {
    // The end hook copies what run_results.json says when it runs: the earlier file, not this run's nodes.
    const dir = makeProject({ 'models/a.sql': 'select 1 as x' });
    const file = join(dir, 'target/run_results.json');
    writeFileSync(join(dir, 'project.yml'), `name: shop\non-run-end: "create or replace table main.seen as select metadata.invocation_id as id from read_json_auto('${file}')"\n`);
    mkdirSync(join(dir, 'target'), { recursive: true });
    writeFileSync(file, JSON.stringify({ metadata: { invocation_id: 'before' }, results: [] }));
    const run = weir(['run'], dir);
    expect(run.code, run.output).toBe(0);
    const adapter = await createDuckDbAdapter({ type: 'duckdb', path: 'target/dev.duckdb' }, { projectRoot: dir, threads: 1 });
    expect(await query(adapter, 'select id from main.seen')).toEqual([{ id: 'before' }]);
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect(written.metadata.invocation_id).not.toBe('before');
    expect(written.results.map((r: { unique_id: string }) => r.unique_id)).toEqual(['model.shop.a', 'operation.shop.shop-on-run-end-0']);
  }, 60_000);
});

describePg('project hooks on PostgreSQL', (url) => {
  const schema = freshSchema('weir_hooks');
  afterAll(() => dropSchemas(schema));
  checks(jafflePgEnv(url, schema), schema, () => createPostgresAdapter({ type: 'postgres', url, schema }, { projectRoot: '.', threads: 1 }));
});
