import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import { downstreamOf, upstreamOf } from '../../src/lineage/index.js';
import { generateLineage } from '../../src/workflow/lineage.js';
import { openProject } from '../../src/workflow/open-project.js';
import { copyExample } from '../helpers/example-data.js';
import { makeProject } from '../helpers/project.js';

// target/lineage_cache.json and lazy tracing, on real DuckDB parses of real compiled projects.
const open = (dir: string) => openProject({ projectDir: dir, logger: silentLogger, partialParse: false });
const columnsOf = (lineage: { nodes: Record<string, { columns: readonly { name: string }[] }> }, id: string) => lineage.nodes[id]!.columns.map((c) => c.name);
const withoutTime = (path: string) => readFileSync(path, 'utf8').replace(/"generated_at":"[^"]*"/, '');

const PROJECT = {
  'project.yml': 'name: p\ntargets:\n  dev: { type: duckdb, path: target/dev.duckdb }\n',
  'seeds/orders.csv': 'id,amount,status\n1,10,paid\n',
  'models/base.sql': "select id, amount from {{ ref('orders') }}\n",
  'models/wide.sql': "select * from {{ ref('base') }}\n",
  'models/total.sql': "select sum(amount) as total from {{ ref('wide') }}\n",
};

describe('the lineage cache', () => {
  it('reuses every trace of an unchanged project and traces again what an edit reaches', async () => {
    const dir = makeProject(PROJECT);
    const first = await generateLineage(open(dir));
    expect([first.traced, first.reused]).toEqual([3, 0]);
    const fresh = withoutTime(first.path!);

    const again = await generateLineage(open(dir));
    expect([again.traced, again.reused]).toEqual([3, 3]);
    expect(withoutTime(again.path!)).toBe(fresh);

    // A parent gains a column: it, the `select *` below it and that one's reader are traced again.
    writeFileSync(join(dir, 'models/base.sql'), "select id, amount, status from {{ ref('orders') }}\n");
    const added = await generateLineage(open(dir));
    expect(columnsOf(added.lineage, 'model.p.wide')).toEqual(['id', 'amount', 'status']);
    expect(added.reused).toBe(0);

    // It loses one: the child loses it too.
    writeFileSync(join(dir, 'models/base.sql'), "select id from {{ ref('orders') }}\n");
    const removed = await generateLineage(open(dir));
    expect(columnsOf(removed.lineage, 'model.p.wide')).toEqual(['id']);
    expect(removed.lineage.nodes['model.p.total']!.columns[0]!.unresolved).toEqual(['amount']);

    // Only a leaf's SQL changes: its parents are reused, it is traced again.
    writeFileSync(join(dir, 'models/total.sql'), "select count(id) as total from {{ ref('wide') }}\n");
    const edited = await generateLineage(open(dir));
    expect(edited.reused).toBe(2);
    expect(edited.lineage.nodes['model.p.total']!.columns[0]!.sources).toEqual([{ node: 'model.p.wide', column: 'id', how: 'aggregated' }]);

    // Whatever the cache held, the artifact is the one a run without it writes.
    const cached = withoutTime(edited.path!);
    rmSync(join(dir, 'target', 'lineage_cache.json'));
    const uncached = await generateLineage(open(dir));
    expect(uncached.reused).toBe(0);
    expect(withoutTime(uncached.path!)).toBe(cached);
  });

  it('a catalog that lists new columns of a seed makes its readers trace again', async () => {
    const dir = makeProject({ ...PROJECT, 'models/base.sql': "select * from {{ ref('orders') }}\n" });
    expect(columnsOf((await generateLineage(open(dir))).lineage, 'model.p.base')).toEqual(['id', 'amount', 'status']);
    writeFileSync(join(dir, 'target', 'catalog.json'), JSON.stringify({
      nodes: { 'seed.p.orders': { columns: { id: { name: 'id', index: 1 }, amount: { name: 'amount', index: 2 }, status: { name: 'status', index: 3 }, note: { name: 'note', index: 4 } } } },
    }));
    const after = await generateLineage(open(dir));
    expect(columnsOf(after.lineage, 'model.p.base')).toEqual(['id', 'amount', 'status', 'note']);
  });
});

describe('lazy lineage of one column', () => {
  it('gives every column of the example project the same upstream and downstream as the whole trace', async () => {
    const dir = copyExample('weir-lineage-lazy-');
    const opened = open(dir);
    const full = await generateLineage(opened);
    rmSync(join(dir, 'target', 'lineage_cache.json'));
    let checked = 0;
    for (const [id, entry] of Object.entries(full.lineage.nodes)) {
      const lazy = await generateLineage(opened, id);
      expect(lazy.path).toBeUndefined();
      expect(lazy.traced).toBeLessThanOrEqual(full.traced);
      for (const column of entry.columns) {
        expect(upstreamOf(lazy.lineage, id, column.name), `${id}.${column.name} upstream`).toEqual(upstreamOf(full.lineage, id, column.name));
        expect(downstreamOf(lazy.lineage, id, column.name), `${id}.${column.name} downstream`).toEqual(downstreamOf(full.lineage, id, column.name));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
    // A leaf needs only its ancestors.
    const leaf = Object.keys(full.lineage.nodes).find((id) => !(opened.dag.children.get(id) ?? []).some((c) => c in full.lineage.nodes))!;
    expect((await generateLineage(opened, leaf)).traced).toBeLessThan(full.traced);
  });
});
