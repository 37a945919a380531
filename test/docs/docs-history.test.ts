import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { makeProject, weir } from '../helpers/project.js';
import type { DocsData } from '../../src/docs/types.js';

function siteData(dir: string): DocsData {
  const context: { window: { WEIR_DOCS?: DocsData } } = { window: {} };
  runInNewContext(readFileSync(join(dir, 'target/docs/weir-docs-data.js'), 'utf8'), context);
  return context.window.WEIR_DOCS!;
}

describe('the docs site across invocations', { timeout: 120_000 }, () => {
  it("each node shows its newest result, from whichever run built it last; a source shows its freshness", () => {
    const old = new Date(Date.now() - 3 * 3600 * 1000).toISOString();
    const dir = makeProject({
      'project.yml': 'name: shop\n',
      'data/events.csv': `id,happened_at\n1,${old}\n`,
      'sources/shop.yml': [
        'sources:',
        '  - name: shop',
        '    tables:',
        '      - name: events',
        '        ingest: {file: {path: data/events.csv}}',
        '        loaded_at_field: happened_at',
        '        freshness: {warn_after: {count: 1, period: hour}, error_after: {count: 1, period: day}}',
        '      - name: quiet',
        '        identifier: events',
        '',
      ].join('\n'),
      'models/a.sql': "select * from {{ source('shop', 'events') }}",
      'models/b.sql': "select count(*) as n from {{ ref('a') }}",
      'models/c.sql': 'select 1 as one',
    });
    expect(weir(['build'], dir).code).toBe(0);
    const first = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')).metadata.invocation_id;
    // The second run builds one model, and it fails: the others keep their results from the build.
    writeFileSync(join(dir, 'models/c.sql'), 'select no_such_column');
    expect(weir(['run', '-s', 'c'], dir).code).toBe(1);
    expect(weir(['source', 'freshness'], dir).code).toBe(0);
    expect(weir(['docs', 'generate'], dir).code).toBe(0);

    const data = siteData(dir);
    const node = (id: string) => data.nodes.find((n) => n.id === id)!;
    expect(data.runCommand).toBe('run');
    expect(node('model.shop.a').result).toMatchObject({ status: 'success', command: 'build', lastRun: false });
    expect(node('model.shop.b').result).toMatchObject({ status: 'success', command: 'build', lastRun: false });
    expect(node('model.shop.c').result).toMatchObject({ status: 'error', command: 'run', lastRun: true, message: expect.stringMatching(/no_such_column/) });
    const history = JSON.parse(readFileSync(join(dir, 'target/weir_latest_results.json'), 'utf8'));
    expect(history.results['model.shop.a'].invocation_id).toBe(first);
    expect(history.results['model.shop.a'].result.compiled_code).toBeUndefined();

    expect(data.freshnessAt).not.toBeNull();
    expect(node('source.shop.shop.events').freshness).toMatchObject({ status: 'warn', warnAfter: '1 hour', errorAfter: '1 day', error: null });
    expect(node('source.shop.shop.events').freshness!.ageSeconds).toBeGreaterThan(3 * 3600 - 60);
    expect(node('source.shop.shop.quiet').freshness).toBeNull();

    // A model deleted from the project leaves the history at the next run.
    rmSync(join(dir, 'models/b.sql'));
    writeFileSync(join(dir, 'models/c.sql'), 'select 1 as one');
    expect(weir(['run', '-s', 'c'], dir).code).toBe(0);
    const kept = Object.keys(JSON.parse(readFileSync(join(dir, 'target/weir_latest_results.json'), 'utf8')).results);
    expect(kept).toContain('model.shop.a');
    expect(kept).not.toContain('model.shop.b');
  });
});
