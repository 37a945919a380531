import { describe, expect, it } from 'vitest';
import { compileErrors, compileFiles } from '../helpers/compile.js';

const FILES = {
  'models/orders.sql': 'select 1 as id, 2.5 as total',
  'models/helper.sql': "{{ config(materialized='ephemeral') }}\nselect id from {{ ref('orders') }}",
  'analyses/totals.sql': "select o.total, h.id from {{ ref('orders') }} o join {{ ref('helper') }} h on h.id = o.id",
  'analyses/plain.sql': 'select 1 as one',
  'analyses/props.yml': 'analyses:\n  - name: totals\n    description: Totals\n    kind: correlation\n    columns: {x: total, y: id}\n    config: {tags: [kpi]}\n',
};

describe('analyses compile like models', () => {
  it('become analysis nodes that depend on their refs, with ephemerals inlined and their yml spec', () => {
    const project = compileFiles(FILES);
    const node = project.nodes.get('analysis.shop.totals')!;
    expect(node).toMatchObject({
      resourceType: 'analysis', relation: undefined, description: 'Totals', patchPath: 'analyses/props.yml',
      analysis: { kind: 'correlation', columns: { x: 'total', y: 'id' }, method: 'both' },
      dependsOn: { nodes: ['model.shop.orders', 'model.shop.helper'] },
    });
    expect(node.config).toMatchObject({ materialized: 'analysis', tags: ['kpi'] });
    expect(node.compiledCode).toContain('"main"."orders"');
    expect(node.compiledCode).toContain('__weir__cte__helper as (');
    expect(project.dag.parents.get('analysis.shop.totals')).toEqual(expect.arrayContaining(['model.shop.orders', 'model.shop.helper']));
    expect(project.nodes.get('analysis.shop.plain')).toMatchObject({ resourceType: 'analysis' });
    expect(project.nodes.get('analysis.shop.plain')!.analysis).toBeUndefined();
  });

  it('name an analysis (not a model) whose ref is missing, with its file and line', () => {
    const errors = compileErrors({ ...FILES, 'analyses/typo.sql': "select 1 as one\nfrom {{ ref('order') }}" });
    expect(errors).toContainEqual(expect.objectContaining({ file: 'analyses/typo.sql', line: 2, message: "analysis 'typo' depends on 'order', which was not found" }));
  });

  it('report yml mistakes with file, line and key', () => {
    const errors = compileErrors({
      ...FILES,
      'analyses/props.yml': [
        'analyses:',
        '  - name: totals',
        '    kind: correlation',
        '    columns: {x: total}',
        '  - name: missing',
        '    kind: group_comparison',
        '    columns: {value: a, group: b}',
        '  - name: plain',
        '    kind: matrix',
        '    columns: [a]',
        '    method: kendall',
        '',
      ].join('\n'),
    });
    const text = errors.map((e) => `${e.file}:${e.line} ${e.key} ${e.message}`);
    expect(text).toEqual(expect.arrayContaining([
      expect.stringMatching(/^analyses\/props\.yml:4 analyses\[0\]\.columns\.y /),
      expect.stringMatching(/^analyses\/props\.yml:10 analyses\[2\]\.columns a matrix needs at least two columns/),
      expect.stringMatching(/^analyses\/props\.yml:11 analyses\[2\]\.method /),
    ]));
  });

  it('an entry must name an analysis SQL file', () => {
    const errors = compileErrors({ ...FILES, 'analyses/more.yml': 'analyses:\n  - name: total\n    kind: matrix\n    columns: [a, b]\n' });
    expect(errors).toEqual([expect.objectContaining({
      file: 'analyses/more.yml', line: 2, message: "analysis 'total' has no SQL file: there is no total.sql in the analyses folder",
      hint: expect.stringContaining("did you mean 'totals'?"),
    })]);
  });
});
