import { describe, expect, it } from 'vitest';
import { LINEAGE_PROJECT } from '../helpers/lineage-project.js';
import { makeProject, weir } from '../helpers/project.js';

// `-s column:model.col+` walks column lineage, not the DAG (lineage needs no connection, so `ls` runs on both targets).
const PROJECT = {
  ...LINEAGE_PROJECT,
  'models/names.sql': "select distinct customer from {{ ref('stg_orders') }}\n",
  'models/doubled.sql': "select id, amount * 2 as doubled from {{ ref('stg_orders') }}\n",
  // COLUMNS(...) is not traced: this model may read any column of customer_totals, so it is always taken.
  'models/opaque.sql': "select columns('tot.*') from {{ ref('customer_totals') }}\n",
  'models/schema.yml': 'version: 2\nmodels:\n  - name: doubled\n    columns:\n      - name: id\n        data_tests: [not_null]\n',
};

function names(dir: string, select: string, target = 'dev'): string[] {
  const result = weir(['ls', '-s', select, '--output', 'name', '--target', target], dir);
  expect(result.code, result.output).toBe(0);
  return result.stdout.trim().split('\n').filter(Boolean).sort();
}

describe.each(['dev', 'pg'])('column: selection (target %s)', (target) => {
  it('selects the models computed from a column, not every descendant of its model', () => {
    const dir = makeProject(PROJECT);
    // DAG selection takes all of stg_orders' children; the column takes only those computed from amount.
    expect(names(dir, 'stg_orders+', target)).toEqual(['customer_totals', 'doubled', 'names', 'not_null_doubled_id', 'opaque', 'stg_orders', 'top']);
    expect(names(dir, 'column:stg_orders.amount+', target)).toEqual(['customer_totals', 'doubled', 'not_null_doubled_id', 'opaque', 'stg_orders', 'top']);
    expect(names(dir, 'column:orders.amount+1', target)).toEqual(['orders', 'stg_orders']);
    // customer_totals groups by customer: every one of its columns depends on it, so top follows.
    expect(names(dir, 'column:stg_orders.customer+', target)).toEqual(['customer_totals', 'names', 'opaque', 'stg_orders', 'top']);
    // A filter column shapes every row of the model that filters on it.
    expect(names(dir, 'column:orders.status+', target)).toEqual(['customer_totals', 'doubled', 'names', 'not_null_doubled_id', 'opaque', 'orders', 'stg_orders', 'top']);
    expect(names(dir, 'column:customer_totals.orders+', target)).toEqual(['customer_totals', 'opaque', 'top']);
    expect(names(dir, '+column:top.total', target)).toEqual(['customer_totals', 'orders', 'stg_orders', 'top']);
    expect(names(dir, 'column:customer_totals.tot*', target)).toEqual(['customer_totals']);
    expect(names(dir, 'column:doubled.doubled+,resource_type:model', target)).toEqual(['doubled', 'not_null_doubled_id']);
  });

  it('names the closest model or column when a column matches nothing', () => {
    const dir = makeProject(PROJECT);
    expect(weir(['ls', '-s', 'column:customer_total.total+', '--target', target], dir).output)
      .toContain("'column:customer_total.total+' does not match any node; did you mean 'column:customer_totals.total+'?");
    expect(weir(['ls', '-s', 'column:top.totl', '--target', target], dir).output)
      .toContain("'column:top.totl' does not match any node; did you mean 'column:top.total'?");
  });
});

describe('weir build -s column:', () => {
  it('builds only the models computed from the column (and their tests)', () => {
    const dir = makeProject(PROJECT);
    expect(weir(['build'], dir).code).toBe(0);
    const result = weir(['build', '-s', 'column:stg_orders.id+'], dir);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain('OK created view "main"."doubled"');
    expect(result.output).toMatch(/not_null_doubled_id/);
    for (const skipped of ['customer_totals', 'names', 'top', 'opaque']) expect(result.output).not.toContain(`"main"."${skipped}"`);
  });
});
