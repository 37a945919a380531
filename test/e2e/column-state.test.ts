import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LINEAGE_PROJECT } from '../helpers/lineage-project.js';
import { makeProject, weir, writeFiles } from '../helpers/project.js';

// state:modified.columns compares each column's fingerprint with the --state run's target/lineage.json.
const PROJECT = {
  ...LINEAGE_PROJECT,
  'models/totals_only.sql': "select customer, total from {{ ref('customer_totals') }}\n",
  'models/names.sql': "select distinct customer from {{ ref('stg_orders') }}\n",
};

function saveState(dir: string, target: string, withLineage = true): string {
  expect(weir(['compile', '--target', target], dir).code).toBe(0);
  if (withLineage) expect(weir(['lineage', '--target', target], dir).code).toBe(0);
  const state = join(dir, `state-${Math.random().toString(36).slice(2)}`);
  mkdirSync(state);
  for (const file of ['manifest.json', 'weir_manifest.json', ...(withLineage ? ['lineage.json'] : [])]) cpSync(join(dir, 'target', file), join(state, file));
  return state;
}

function names(dir: string, select: string, state: string, target: string): { names: string[]; output: string } {
  const result = weir(['ls', '-s', select, '--state', state, '--output', 'name', '--target', target], dir);
  expect(result.code, result.output).toBe(0);
  return { names: result.stdout.split('\n').filter(Boolean).sort(), output: result.output };
}

describe.each(['dev', 'pg'])('state:modified.columns (target %s)', (target) => {
  it('selects only the models that read a changed column', () => {
    const dir = makeProject(PROJECT);
    const state = saveState(dir, target);
    writeFiles(dir, { 'models/customer_totals.sql': "select customer, sum(amount) as total, count(distinct id) as orders from {{ ref('stg_orders') }} group by customer\n" });
    // The DAG takes every child of customer_totals; the column only those computed from orders.
    expect(names(dir, 'state:modified+', state, target).names).toEqual(['customer_totals', 'top', 'totals_only']);
    expect(names(dir, 'state:modified.columns+', state, target).names).toEqual(['customer_totals', 'top']);

    // A comment or a new layout of the same query changes no column.
    writeFiles(dir, { 'models/customer_totals.sql': "-- per customer\nselect customer,\n  sum(amount) as total,\n  count(*) as orders\nfrom {{ ref('stg_orders') }}\ngroup by customer\n" });
    expect(names(dir, 'state:modified', state, target).names).toEqual(['customer_totals']);
    expect(names(dir, 'state:modified.columns+', state, target).output).toContain("'state:modified.columns+' does not match any node");

    // A new filter changes every column of the model, and so everything computed from it.
    writeFiles(dir, { 'models/customer_totals.sql': "select customer, sum(amount) as total, count(*) as orders from {{ ref('stg_orders') }} where amount > 0 group by customer\n" });
    expect(names(dir, 'state:modified.columns+', state, target).names).toEqual(['customer_totals', 'top', 'totals_only']);
  });

  it('takes the readers of a column that is gone, and whole models when the state run has no lineage', () => {
    const dir = makeProject(PROJECT);
    const state = saveState(dir, target);
    writeFiles(dir, { 'models/customer_totals.sql': "select customer, sum(amount) as total, count(*) as n_orders from {{ ref('stg_orders') }} group by customer\n" });
    expect(names(dir, 'state:modified.columns+', state, target).names).toEqual(['customer_totals', 'top']);

    const bare = saveState(dir, target, false);
    writeFiles(dir, { 'models/customer_totals.sql': "select customer, sum(amount) as total, count(distinct id) as n_orders from {{ ref('stg_orders') }} group by customer\n" });
    const result = names(dir, 'state:modified.columns+', bare, target);
    expect(result.names).toEqual(['customer_totals', 'top', 'totals_only']);
    expect(result.output).toContain('no lineage.json in');
  });
});
