import { describe, expect, it } from 'vitest';
import { expectUnknownNamesReported, lineageFastPathProject } from '../helpers/lineage-fast-path.js';
import { weir, writeFiles } from '../helpers/project.js';

/** `weir lineage m.col`: what it printed and whether it read target/manifest.json (and how much of it). */
function lineage(dir: string, column: string, flags: readonly string[] = []) {
  const run = weir(['lineage', column, '--output', 'json', '--log-level', 'debug', ...flags], dir);
  const read = /lineage: no input changed since the last compile .*; read (\d+ entries of )?target\/manifest\.json/.exec(run.stderr);
  const stamped = run.stderr.includes('(target/lineage_stamp.json); the project was not opened');
  return { ...run, json: run.stdout.trim().split('\n').at(-1), read: stamped ? 'stamp' : !read ? 'project' : read[1] ? 'part' : 'whole' };
}

const MODELS = {
  'sources/raw.yml': 'sources:\n  - name: raw\n    schema: main\n    tables:\n      - name: customers\n        columns: [{ name: id }, { name: name }]\n',
  'models/base.sql': "select id, amount, status from {{ ref('orders') }}\n",
  'models/eph.sql': "{{ config(materialized='ephemeral') }}\nselect id, amount * 2 as doubled from {{ ref('base') }}\n",
  'models/wide.sql': "select w.*, c.name from {{ ref('eph') }} as w join {{ source('raw', 'customers') }} as c on c.id = w.id\n",
  'models/total.sql': "select sum(doubled) as total from {{ ref('wide') }} where name is not null\n",
  // Names base without ref(): only the whole manifest knows which node that is.
  'models/unref.sql': 'select amount as raw_amount from main.base\n',
};

describe('weir lineage m.col from target/manifest.json', () => {
  it('answers a project unchanged since its compile without opening it, printing what opening it prints', () => {
    const dir = lineageFastPathProject(MODELS);
    expect(weir(['compile'], dir).code).toBe(0);
    expect(weir(['compile'], dir).code).toBe(0); // unchanged: writes target/compile_stamp.json
    const columns = ['wide.doubled', 'base.amount', 'orders.amount', 'raw.customers.name', 'total.total', 'unref.raw_amount', 'other.one'];
    const fast = columns.map((c) => lineage(dir, c));
    // Each run stamped what it traced (from the ids alone when it read a part): asked again, the stamp answers.
    const again = columns.map((c) => lineage(dir, c));
    const opened = columns.map((c) => lineage(dir, c, ['--no-partial-parse']));
    expect(opened.map((r) => r.read)).toEqual(columns.map(() => 'project'));
    // The first run stamps what it traced, which answers the next columns of that part of the DAG.
    expect(fast.map((r) => r.read)).toEqual(['part', 'stamp', 'stamp', 'stamp', 'stamp', 'whole', 'part']);
    // unref's run fell back to the whole manifest after its part had written the cache, so it stamped only its own
    // traces: wide is traced once more (from its part), and then everything answers from the stamp.
    expect(again.map((r) => r.read)).toEqual(['part', 'stamp', 'stamp', 'stamp', 'stamp', 'stamp', 'stamp']);
    fast.forEach((run, i) => expect(run.json, columns[i]).toBe(opened[i]!.json));
    again.forEach((run, i) => expect(run.json, columns[i]).toBe(opened[i]!.json));
    expect(JSON.parse(fast[0]!.json!).downstream).toContainEqual(expect.objectContaining({ node: 'model.p.total', column: 'total', how: 'aggregated' }));
    expectUnknownNamesReported(lineage, dir);
    // An edit voids the compile stamp: the project is opened and sees it.
    writeFiles(dir, { 'models/base.sql': "select id, amount, status, 1 as extra from {{ ref('orders') }}\n" });
    const edited = lineage(dir, 'base.extra');
    expect(edited.read).toBe('project');
    expect(edited.json).toContain('"column":"extra"');
  });
});
