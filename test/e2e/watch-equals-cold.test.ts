import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFiles } from '../helpers/project.js';
import { expectTargetLikeCold, shop } from '../helpers/cold-compile.js';
import type { WeirLogEvent } from '../helpers/log-events.js';
import { startWatch } from '../helpers/watch.js';

let running: ReturnType<typeof startWatch> | undefined;
afterEach(() => {
  running?.child.kill('SIGKILL');
  running = undefined;
});

/** Which way the session compiled a save: the edited templates alone, or the whole project. */
const way = (events: readonly WeirLogEvent[]) => {
  const ways = events.filter((e) => e.code === 'compile_incremental' || e.code === 'compile_full').map((e) => e.code);
  expect(ways).toHaveLength(1);
  return ways[0] === 'compile_incremental' ? 'alone' : 'whole';
};

/**
 * `weir compile --watch` keeps the last compile in memory and, after a save, may compile the edited
 * templates alone: what it writes must be exactly what a cold compile of the saved project writes.
 */
describe('weir compile --watch gives what a cold compile gives', () => {
  it('after edits to models (alone), and to an ephemeral model, config(), yml, doc block, macro, var, new and deleted files (whole)', async () => {
    const dir = shop();
    const watch = (running = startWatch(dir, ['compile', '-v']));
    await watch.until('watch_ready');
    expectTargetLikeCold(dir, [], true);
    const save = async (files: Record<string, string>) => {
      writeFiles(dir, files);
      const events = await watch.until('watch_ready');
      expect(events.filter((e) => e.level === 'error')).toEqual([]);
      expectTargetLikeCold(dir, [], true);
      return way(events);
    };
    const edit = (path: string, change: (text: string) => string) => ({ [path]: change(readFileSync(join(dir, path), 'utf8')) });

    expect(await save({ 'models/base.sql': "select 1 as id, 3.5 as amount, '{{ var(\"currency\") }}' as currency -- edited\n" })).toBe('alone');
    // A model with tests, and two models in one save.
    expect(await save(edit('models/middle.sql', (t) => `${t}-- middle edited\n`))).toBe('alone');
    expect(await save({ ...edit('models/top.sql', (t) => `${t}-- top\n`), ...edit('models/other.sql', (t) => `${t}-- other\n`) })).toBe('alone');
    // An ephemeral model's SQL is part of each child's.
    expect(await save({ 'models/eph.sql': "{{ config(materialized='ephemeral') }}\nselect id, {{ cents('amount') }} + 1 as cents from {{ ref('base') }}\n" })).toBe('whole');
    // A config() that moves a model moves every relation that refs it; a new ref changes the DAG.
    expect(await save({ 'models/middle.sql': "{{ config(alias='middle_v2', tags=['x']) }}\nselect * from {{ ref('eph') }} join {{ ref('rates') }} using (id)\n" })).toBe('whole');
    expect(await save({ 'models/top.sql': 'select * from {{ ref("middle") }} cross join {{ ref("other") }}\n' })).toBe('whole');
    // The config() kept, the body edited: alone again, with the new alias.
    expect(await save(edit('models/middle.sql', (t) => t.replace('using (id)', 'using (id) -- again')))).toBe('alone');
    expect(await save(edit('models/schema.yml', (t) => t.replace('The middle one', 'The middle, described again')))).toBe('whole');
    expect(await save({ 'models/docs.md': '{% docs other_doc %}Another model, documented again{% enddocs %}\n' })).toBe('whole');
    expect(await save({ 'macros/cents.sql': '{% macro cents(col) %}round({{ col }} * 100){% endmacro %}\n' })).toBe('whole');
    expect(await save({ 'project.yml': 'name: shop\nvars:\n  currency: USD\nmodels:\n  shop:\n    +materialized: table\n' })).toBe('whole');
    // The var's new value is in the kept compile.
    expect(await save(edit('models/base.sql', (t) => `${t}-- after the var\n`))).toBe('alone');
    expect(await save({ 'models/new.sql': 'select * from {{ ref("other") }}\n' })).toBe('whole');
    expect(await save(edit('models/new.sql', (t) => `${t}-- new, edited\n`))).toBe('alone');
    // A template that reads `graph` is never compiled alone (others may read what it printed).
    expect(await save({ 'models/new.sql': 'select {{ graph.nodes | length }} as n\n' })).toBe('whole');
    expect(await save(edit('models/other.sql', (t) => `${t}-- while new reads graph\n`))).toBe('whole');
    rmSync(join(dir, 'models/new.sql'));
    expect(way(await watch.until('watch_ready'))).toBe('whole');
    // A deleted model's compiled file stays in target/compiled, as after any compile (and dbt's).
    rmSync(join(dir, 'target/compiled/shop/models/new.sql'));
    expectTargetLikeCold(dir, [], true);
    // A save that does not compile is reported; the next good one compiles the whole project.
    writeFiles(dir, { 'models/other.sql': "select {{ ref('other' }}\n" });
    expect((await watch.until('watch_ready')).some((e) => e.code === 'diagnostic' && e.msg.includes('models/other.sql'))).toBe(true);
    expect(await save({ 'models/other.sql': 'select 3 as id\n' })).toBe('whole');
    // A unit test holds its model's SQL: compiled again with the model.
    expect(await save({ 'models/unit.yml': 'unit_tests:\n  - name: other_is_three\n    model: other\n    given: []\n    expect:\n      rows:\n        - {id: 3}\n' })).toBe('whole');
    expect(await save({ 'models/other.sql': 'select 3 as id -- unit tested\n' })).toBe('alone');

    watch.child.kill('SIGINT');
    await watch.until('watch_stopped');
    expect(await watch.exited).toBe(0);
  }, 240_000);
});
