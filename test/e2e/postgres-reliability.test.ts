import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describePg, dropSchemas, freshSchema, pgQuery } from '../helpers/postgres.js';
import { makeProject, weir } from '../helpers/project.js';
import { startWeir, waitFor } from '../helpers/spawn-weir.js';

/**
 * What happens on PostgreSQL when a run is killed, times out, is interrupted or meets another run.
 * Models sleep with pg_sleep({{ var('sleep') }}) so the test can act while they run.
 */
describePg('PostgreSQL reliability', (url) => {
  let schema: string;
  beforeEach(() => {
    schema = freshSchema('weir_rel');
  });
  afterEach(async () => {
    await dropSchemas(schema);
  });

  const target = (name: string, extra = '') =>
    `  ${name}:\n    type: postgres\n    url: "{{ env_var('WEIR_PG_URL') }}"\n    schema: "{{ env_var('REL_SCHEMA') }}"\n${extra}`;
  const project = (files: Record<string, string>) => makeProject({
    'project.yml': `name: rel\ntargets:\n${target('dev')}${target('waits', '    lock_timeout: 60\n')}${target('strict', '    statement_timeout: 1s\n')}`,
    ...files,
  });
  const env = () => ({ WEIR_PG_URL: url, REL_SCHEMA: schema });
  const sleepy = (body: string) => `select ${body}\nfrom generate_series(1, 1000) as g, (select pg_sleep({{ var('sleep', 0) }})) as s`;
  const running = (like: string) => async () =>
    (await pgQuery(`select 1 from pg_stat_activity where application_name = 'weir' and query like '%${like}%' and query like '%${schema}%' and (state = 'active' or query like '%advisory%')`)).length > 0;
  const leftovers = async () =>
    (await pgQuery(`select table_name from information_schema.tables where table_schema = '${schema}' and table_name like '%__weir_%'`)).map((r) => r.table_name);

  it('SIGKILL mid-build keeps every previous table and the next run succeeds without leftovers', async () => {
    const dir = project({
      'models/t.sql': `{{ config(materialized='table') }}\n${sleepy("{{ var('version') }} as version, g")}`,
      'models/inc.sql': `{{ config(materialized='incremental', unique_key='g') }}\n${sleepy("{{ var('version') }} as version, g")}`,
      'models/v.sql': "select * from {{ ref('t') }}",
    });
    expect(weir(['run', '--vars', '{version: 1}'], dir, env()).code).toBe(0);
    const { child, done } = startWeir(['run', '--threads', '2', '--vars', '{version: 2, sleep: 30}'], dir, env());
    await waitFor(running('pg_sleep'), 20_000, 'the models to be running');
    child.kill('SIGKILL');
    await done;
    expect(await pgQuery(`select version, count(*)::int as n from "${schema}".t group by version`)).toEqual([{ version: 1, n: 1000 }]);
    expect(await pgQuery(`select version, count(*)::int as n from "${schema}".inc group by version`)).toEqual([{ version: 1, n: 1000 }]);
    expect(await pgQuery(`select count(*)::int as n from "${schema}".v`)).toEqual([{ n: 1000 }]);
    expect(await leftovers()).toEqual([]);
    // The server notices the dead client and ends its query (client_connection_check_interval).
    await waitFor(async () => !(await running('pg_sleep')()), 10_000, 'the killed run\'s queries to end');

    const next = weir(['run', '--vars', '{version: 3}'], dir, env());
    expect(next.output).toContain('PASS=3 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=3');
    expect(await pgQuery(`select distinct version from "${schema}".t`)).toEqual([{ version: 3 }]);
    expect(await leftovers()).toEqual([]);
  }, 60_000);

  it('a statement timeout fails that node with a clear message and skips what is built from it', async () => {
    const dir = project({
      'models/slow.sql': `{{ config(materialized='table') }}\n${sleepy('g')}`,
      'models/after_slow.sql': "select * from {{ ref('slow') }}",
      'models/fast.sql': 'select 1 as one',
    });
    const run = weir(['run', '--target', 'strict', '--vars', '{sleep: 5}'], dir, env());
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/model 'slow' \(models\/slow\.sql\) failed:\nThe statement ran longer than the target's statement_timeout \(1s\) and PostgreSQL cancelled it\./);
    expect(run.output).toMatch(/hint: make the query cheaper, or raise statement_timeout/);
    expect(run.output).toMatch(/SKIP model after_slow: skipped because slow failed/);
    expect(run.output).toContain('PASS=1 WARN=0 ERROR=1 SKIP=1 NO-OP=0 TOTAL=3');
  }, 30_000);

  it('a second build on the same target stops with a clear message, or waits with lock_timeout', async () => {
    const dir = project({ 'models/slow.sql': `{{ config(materialized='table') }}\n${sleepy('g')}` });
    // A real first build, slow enough that the second surely meets it however loaded the machine is.
    const first = startWeir(['run', '--vars', '{sleep: 60}'], dir, env());
    await waitFor(running('pg_sleep'), 30_000, 'the first build to be running');
    const second = weir(['run'], dir, env());
    expect(second.code).toBe(2);
    expect(second.output).toMatch(new RegExp(`Another weir run is building schema '${schema}' on this database \\(server pid \\d+`));
    expect(second.output).toMatch(/hint: wait for it to finish and run again, or set lock_timeout/);
    first.child.kill('SIGINT');
    expect((await first.done).code).toBe(130);

    // With lock_timeout the second one waits: hold the same lock from here, release it after a while.
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query(`select pg_advisory_lock(hashtext('weir'), hashtext('${schema}'))`);
      const waiting = startWeir(['run', '--target', 'waits'], dir, env());
      await waitFor(running('pg_try_advisory_lock'), 30_000, 'the second build to be waiting for the lock');
      await new Promise((r) => setTimeout(r, 1000));
      expect(waiting.child.exitCode).toBeNull();
      await holder.query(`select pg_advisory_unlock(hashtext('weir'), hashtext('${schema}'))`);
      const waited = (await waiting.done).output;
      expect(waited).toMatch(new RegExp(`Another weir run is building schema '${schema}' on this database \\(server pid \\d+, connected since [^)]+\\): waiting for it to finish \\(up to lock_timeout, 60s\\)`));
      expect(waited).toContain('PASS=1 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=1');
    } finally {
      await holder.end();
    }
  }, 90_000);

  it('Ctrl-C cancels the running statement, keeps the previous table and exits 130', async () => {
    const dir = project({ 'models/t.sql': `{{ config(materialized='table') }}\n${sleepy("{{ var('version') }} as version, g")}` });
    expect(weir(['run', '--vars', '{version: 1}'], dir, env()).code).toBe(0);
    const { child, done } = startWeir(['run', '--vars', '{version: 2, sleep: 30}'], dir, env());
    await waitFor(running('pg_sleep'), 20_000, 'the model to be running');
    const interruptedAt = Date.now();
    child.kill('SIGINT');
    const result = await done;
    expect(Date.now() - interruptedAt).toBeLessThan(10_000);
    expect(result.code).toBe(130);
    expect(result.output).toMatch(/Interrupted: cancelling the running statements/);
    expect(result.output).toMatch(/The statement was cancelled/);
    expect(await running('pg_sleep')()).toBe(false);
    expect(await pgQuery(`select distinct version from "${schema}".t`)).toEqual([{ version: 1 }]);
    expect(await leftovers()).toEqual([]);
  }, 60_000);
});
