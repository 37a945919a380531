import pg from 'pg';
import { beforeEach, expect, it } from 'vitest';
import { describePg, pgQuery, schemaPerTest } from '../helpers/postgres.js';
import { makeProject, weir } from '../helpers/project.js';
import { startWeir, waitFor } from '../helpers/spawn-weir.js';

/**
 * A snapshot run killed with SIGKILL while readers query the snapshot (issue 20): the run's statements are one
 * transaction, so readers only ever see the previous good history, the kill leaves nothing behind, and the next
 * run continues the history. The post_hook sleeps after the versions were closed and inserted, before the commit.
 */
describePg('snapshots under kill -9 and concurrent readers (PostgreSQL)', (url) => {
  const schemaNow = schemaPerTest('weir_snaprel');
  let schema = '';
  beforeEach(() => {
    schema = schemaNow();
  });

  /** Readers counting the snapshot's rows and current rows until stopped; every answer and error is kept. */
  function startReaders(count: number) {
    const answers: string[] = [];
    const errors: string[] = [];
    let stopping = false;
    const loops = Array.from({ length: count }, async () => {
      const client = new pg.Client({ connectionString: url, application_name: 'weir-test-reader' });
      await client.connect();
      try {
        while (!stopping) {
          try {
            const { rows } = await client.query(`select count(*)::int as total, count(*) filter (where dbt_valid_to is null)::int as current from "${schema}".people_snap`);
            answers.push(`${rows[0].total}/${rows[0].current}`);
          } catch (error) {
            errors.push((error as Error).message);
          }
        }
      } finally {
        await client.end();
      }
    });
    return {
      async stop() {
        stopping = true;
        await Promise.all(loops);
        return { answers, errors };
      },
    };
  }

  it('keeps the previous history for readers and after the kill, leaves no relation behind, and the next run goes on', async () => {
    const dir = makeProject({
      'project.yml': `name: snaprel\ntargets:\n  dev:\n    type: postgres\n    url: "{{ env_var('WEIR_PG_URL') }}"\n    schema: ${schema}\n`,
      'sources/raw.yml': `sources:\n  - name: raw\n    schema: ${schema}\n    tables: [{name: people}]\n`,
      'snapshots/people.sql': [
        '{% snapshot people_snap %}',
        "{{ config(unique_key='id', strategy='timestamp', updated_at='updated_at', hard_deletes='invalidate', post_hook='select pg_sleep(' ~ var('sleep', 0) ~ ')') }}",
        "select * from {{ source('raw', 'people') }}",
        '{% endsnapshot %}',
      ].join('\n'),
    });
    const env = { WEIR_PG_URL: url };
    await pgQuery(`create schema "${schema}"`);
    await pgQuery(`create table "${schema}".people as select g as id, 'v1' as name, timestamp '2024-01-01 09:00:00' as updated_at from generate_series(1, 1000) as g`);
    expect(weir(['snapshot'], dir, env).code).toBe(0);

    // Every row changes and 100 leave; the run closes and inserts versions, then sleeps in its post_hook.
    await pgQuery(`update "${schema}".people set name = 'v2', updated_at = timestamp '2024-01-02 09:00:00'`);
    await pgQuery(`delete from "${schema}".people where id > 900`);
    const readers = startReaders(3);
    const { child, done } = startWeir(['snapshot', '--vars', '{sleep: 30}'], dir, env);
    await waitFor(async () => (await pgQuery(`select 1 from pg_stat_activity where application_name = 'weir' and query like '%pg_sleep(30)%' and state = 'active'`)).length > 0, 30_000, 'the snapshot run to reach its post_hook');
    child.kill('SIGKILL');
    await done;
    await waitFor(async () => (await pgQuery(`select 1 from pg_stat_activity where application_name = 'weir' and state = 'active'`)).length === 0, 15_000, 'the killed run\'s queries to end');
    const { answers, errors } = await readers.stop();

    expect(errors).toEqual([]);
    expect(answers.length).toBeGreaterThan(0);
    expect([...new Set(answers)]).toEqual(['1000/1000']);
    expect(await pgQuery(`select name, count(*)::int as n from "${schema}".people_snap where dbt_valid_to is null group by name`)).toEqual([{ name: 'v1', n: 1000 }]);
    expect(await pgQuery(`select table_name from information_schema.tables where table_schema = '${schema}' and table_name not in ('people', 'people_snap')`)).toEqual([]);

    const next = weir(['snapshot'], dir, env);
    expect(next.output).toContain('snapshot: 900 new versions, 1000 closed');
    expect(await pgQuery(`select name, (dbt_valid_to is null) as current, count(*)::int as n from "${schema}".people_snap group by 1, 2 order by 1, 2`)).toEqual([
      { name: 'v1', current: false, n: 1000 },
      { name: 'v2', current: true, n: 900 },
    ]);
  }, 90_000);
});
