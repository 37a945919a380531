import { describe, expect, it } from 'vitest';
import { weirEvents } from '../helpers/log-events.js';
import { expectUnknownNamesReported, lineageFastPathProject } from '../helpers/lineage-fast-path.js';
import { age, weir, writeFiles } from '../helpers/project.js';

/** `weir lineage m.col` with JSON logs: what it printed, what it traced and whether target/lineage_stamp.json answered it. */
function lineage(dir: string, column: string, env: Record<string, string> = {}) {
  const run = weir(['lineage', column, '-v', '--log-format', 'json'], dir, env);
  const events = weirEvents(run.stdout);
  // What it printed: with JSON logs, each line is an event coded output.
  const printed = run.stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line).info)
    .filter((info) => info.extra?.weir_code === 'output').map((info) => info.msg).join('\n');
  return { ...run, printed, stamped: events.some((e) => e.code === 'lineage_stamp'), traced: events.find((e) => e.code === 'lineage_traced')?.data };
}

const MODELS = {
  'models/base.sql': "select id, amount from {{ ref('orders') }}\n",
  'models/wide.sql': "select *{{ env_var('WIDE_EXTRA', '') }} from {{ ref('base') }}\n",
  'models/total.sql': "select sum(amount) as total from {{ ref('wide') }}\n",
};

describe('weir lineage m.col from target/lineage_stamp.json', () => {
  it('answers an unchanged project without opening it, the same as tracing it, and never once a file changed', () => {
    const dir = lineageFastPathProject(MODELS);
    const first = lineage(dir, 'wide.amount');
    expect(first.code, first.output).toBe(0);
    expect(first.stamped).toBe(false);
    expect(first.traced).toEqual({ traced: 3, reused: 0, nodes: 4 });
    expect(first.printed).toContain(['wide.amount', 'upstream:', '  base.amount  (copied)', '    orders.amount  (copied)', 'downstream:', '  total.total  (aggregated)'].join('\n'));

    const second = lineage(dir, 'wide.amount');
    expect(second.stamped).toBe(true);
    expect(second.traced).toEqual({ traced: 3, reused: 3, nodes: 4 });
    expect(second.printed).toBe(first.printed);
    const json = (run: ReturnType<typeof weir>) => run.stdout.trim().split('\n').at(-1);
    expect(json(weir(['lineage', 'base.id', '--output', 'json'], dir))).toBe(json(weir(['lineage', 'base.id', '--output', 'json', '--no-partial-parse'], dir)));
    // A column of a node that run did not trace: the project is opened.
    expect(lineage(dir, 'other.one').stamped).toBe(false);
    expect(lineage(dir, 'other.one').stamped).toBe(true);
    expectUnknownNamesReported(lineage, dir);

    // A parent gains a column: traced again, the child shows it.
    writeFiles(dir, { 'models/base.sql': "select id, amount, status from {{ ref('orders') }}\n" });
    const edited = lineage(dir, 'wide.status');
    expect(edited.stamped).toBe(false);
    expect(edited.printed).toContain(['wide.status', 'upstream:', '  base.status  (copied)'].join('\n'));
    age(dir, 30);
    expect(lineage(dir, 'wide.status').stamped).toBe(false);
    const again = lineage(dir, 'wide.status');
    expect(again.stamped).toBe(true);
    expect(again.printed).toBe(edited.printed);
    // An environment variable can change the compiled SQL: not answered from the stamp.
    const extra = { WIDE_EXTRA: ', 1 as extra' };
    expect(lineage(dir, 'wide.extra', extra).stamped).toBe(false);
    // Nor once another command rewrote the cache's traces (here for that environment).
    expect(lineage(dir, 'wide.status').stamped).toBe(false);
    expect(lineage(dir, 'wide.status').stamped).toBe(true);
    expect(weir(['ls', '-s', 'column:wide.extra', '--no-partial-parse'], dir, extra).stdout).toContain('p.wide');
    const after = lineage(dir, 'wide.extra');
    expect(after.stamped).toBe(false);
    expect(after.output).toMatch(/wide has no column 'extra'/);
  });
});
