import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeProject, writeFiles } from '../helpers/project.js';
import { queryDuckDb } from '../helpers/duckdb.js';
import type { WeirLogEvent as Event } from '../helpers/log-events.js';
import { startWatch } from '../helpers/watch.js';

const built = (events: Event[]) => events.filter((e) => e.code === 'node_finish').map((e) => String(e.data?.uniqueId).split('.')[2]).sort();

const PROJECT = {
  'project.yml': 'name: w\n',
  'seeds/raw.csv': 'id,name\n1,a\n2,b\n',
  'models/stg.sql': "select id, name from {{ ref('raw') }}",
  'models/wide.sql': "select id, upper(name) as name from {{ ref('stg') }}",
  'models/other.sql': 'select 1 as one',
  'models/props.yml': 'models:\n  - name: wide\n    columns:\n      - name: id\n        data_tests: [unique]\n',
};

let running: ReturnType<typeof startWatch> | undefined;
afterEach(() => {
  running?.child.kill('SIGKILL');
  running = undefined;
});

describe('weir build --watch', () => {
  it('rebuilds what a save touches, reports bad saves and keeps going, and stops cleanly on Ctrl-C', async () => {
    const dir = makeProject(PROJECT);
    const watch = (running = startWatch(dir));
    const first = await watch.until('watch_ready');
    expect(built(first)).toEqual(['other', 'raw', 'stg', 'unique_wide_id', 'wide']);

    // A model and everything downstream of it, with their tests; nothing else.
    writeFiles(dir, { 'models/stg.sql': "select id, name || '!' as name from {{ ref('raw') }}" });
    const second = await watch.until('watch_ready');
    expect(second.find((e) => e.code === 'watch_change')?.msg).toContain('models/stg.sql');
    expect(built(second)).toEqual(['stg', 'unique_wide_id', 'wide']);

    // A template error is reported with its file; the watcher keeps going and recovers on the next good save.
    writeFiles(dir, { 'models/wide.sql': "select id from {{ ref('stg' }}" });
    const broken = await watch.until('watch_ready');
    expect(broken.find((e) => e.code === 'diagnostic')?.msg).toContain('models/wide.sql');
    expect(built(broken)).toEqual([]);
    writeFiles(dir, { 'models/wide.sql': "select id, lower(name) as name from {{ ref('stg') }}" });
    expect(built(await watch.until('watch_ready'))).toEqual(['unique_wide_id', 'wide']);

    // A rename that breaks a ref names the missing model; renaming back recovers.
    renameSync(join(dir, 'models/stg.sql'), join(dir, 'models/staging.sql'));
    const renamed = await watch.until('watch_ready');
    expect(renamed.filter((e) => e.code === 'diagnostic').map((e) => e.msg).join('\n')).toMatch(/stg/);
    renameSync(join(dir, 'models/staging.sql'), join(dir, 'models/stg.sql'));
    const back = await watch.until('watch_ready');
    expect(back.some((e) => e.code === 'diagnostic')).toBe(false);

    // Deleting a model nothing reads is not an error.
    rmSync(join(dir, 'models/other.sql'));
    const deleted = await watch.until('watch_ready');
    expect(deleted.some((e) => e.level === 'error' || e.code === 'diagnostic')).toBe(false);

    watch.child.kill('SIGINT');
    await watch.until('watch_stopped');
    expect(await watch.exited).toBe(0);
    expect(await queryDuckDb(dir, 'select name from main.wide order by id')).toEqual([{ name: 'a!' }, { name: 'b!' }]);
    expect(await queryDuckDb(dir, "select count(*) as n from information_schema.tables where table_name like '%weir_tmp%'")).toEqual([{ n: 0n }]);
  });
});
