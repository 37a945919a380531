import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LINEAGE_PROJECT as PROJECT } from '../helpers/lineage-project.js';
import { makeProject, weir } from '../helpers/project.js';

// weir lineage on a project compiled for DuckDB and for PostgreSQL (lineage needs no connection).
describe.each(['dev', 'pg'])('weir lineage (target %s)', (target) => {
  it('writes target/lineage.json; with a column, prints its upstream and downstream', () => {
    const dir = makeProject(PROJECT);
    const all = weir(['lineage', '--target', target], dir);
    expect(all.code, all.output).toBe(0);
    expect(all.output).toContain('Column lineage of 3 models: 9 of 9 columns traced (100.0%) in');
    const text = weir(['lineage', 'customer_totals.total', '--target', target], dir);
    expect(text.code, text.output).toBe(0);
    // One column needs only its ancestors and readers (here all three), each reused from the first run.
    expect(text.output).toContain('Column lineage of customer_totals.total: traced the 3 of 3 nodes it needs (3 of 3 traces reused from target/lineage_cache.json)');
    expect(text.stdout).toContain(['customer_totals.total', 'upstream:', '  stg_orders.amount  (aggregated)', '    orders.amount  (copied)',
      'downstream:', '  top.total  (copied)', '  top  (filter on total)'].join('\n'));

    const json = weir(['lineage', 'top.customer', '--output', 'json', '--target', target], dir);
    expect(json.code, json.output).toBe(0);
    // stdout holds only the result (the log lines went to stderr), so a pipe reads it as JSON.
    const result = JSON.parse(json.stdout);
    expect(json.stderr).toContain('Column lineage of top.customer');
    expect(result.upstream.map((s: { node: string; column: string; how: string }) => `${s.node}.${s.column}:${s.how}`))
      .toEqual(['model.p.customer_totals.customer:copied', 'model.p.stg_orders.customer:copied', 'seed.p.orders.customer:transformed']);
    const artifact = JSON.parse(readFileSync(join(dir, 'target', 'lineage.json'), 'utf8'));
    expect(artifact.nodes['model.p.top'].rows).toEqual([{ node: 'model.p.customer_totals', column: 'total', how: 'filter' }]);
    expect(artifact.nodes['model.p.stg_orders'].rows).toContainEqual({ node: 'seed.p.orders', column: 'status', how: 'filter' });
  });

  it('names the model and column it cannot find', () => {
    const dir = makeProject(PROJECT);
    expect(weir(['lineage', 'customer_total.total', '--target', target], dir).output).toMatch(/no model, seed, snapshot or source named 'customer_total'.*did you mean 'customer_totals'/s);
    expect(weir(['lineage', 'customer_totals.totl', '--target', target], dir).output).toMatch(/customer_totals has no column 'totl'.*did you mean 'total'/s);
  });
});
