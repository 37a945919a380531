import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { freshnessStatus } from '../../src/workflow/source-freshness.js';
import { makeProject, weir } from '../helpers/project.js';

vi.setConfig({ testTimeout: 180_000 });

describe('source freshness', () => {
  it('compares the age against warn_after and error_after', () => {
    const criteria = { warnAfter: { count: 1, period: 'hour' as const }, errorAfter: { count: 1, period: 'day' as const } };
    expect(freshnessStatus(59 * 60, criteria)).toBe('pass');
    expect(freshnessStatus(2 * 3600, criteria)).toBe('warn');
    expect(freshnessStatus(2 * 86_400, criteria)).toBe('error');
    expect(freshnessStatus(10 ** 9, {})).toBe('pass');
  });

  it('weir source freshness checks ingested and declared sources, writes sources.json and exits 1 on an error', () => {
    const old = new Date(Date.now() - 3 * 3600 * 1000).toISOString();
    const dir = makeProject({
      'project.yml': 'name: fresh\n',
      'data/events.csv': `id,happened_at\n1,${old}\n`,
      'sources/shop.yml': [
        'sources:',
        '  - name: shop',
        '    freshness: {warn_after: {count: 1, period: hour}}',
        '    loaded_at_field: _weir_loaded_at',
        '    tables:',
        '      - name: loaded',
        '        ingest: {file: {path: data/events.csv}}',
        '      - name: events',
        '        identifier: loaded',
        '        loaded_at_field: happened_at',
        '        freshness: {warn_after: {count: 1, period: hour}, error_after: {count: 2, period: hour}}',
        '      - name: warned',
        '        identifier: loaded',
        '        loaded_at_field: happened_at',
        '      - name: unchecked',
        '        identifier: loaded',
        '        freshness: null',
        '',
      ].join('\n'),
    });
    expect(weir(['ingest'], dir).code).toBe(0);
    const run = weir(['source', 'freshness'], dir);
    expect(run.output).toMatch(/PASS freshness of shop\.loaded: newest _weir_loaded_at is \d+ s old/);
    expect(run.output).toMatch(/ERROR freshness of shop\.events: newest happened_at is 3.0 h old/);
    expect(run.output).toMatch(/WARN freshness of shop\.warned/);
    expect(run.output).toContain('Checked 3 source tables: PASS=1 WARN=1 ERROR=1');
    expect(run.code).toBe(1);
    const artifact = JSON.parse(readFileSync(join(dir, 'target/sources.json'), 'utf8'));
    expect(artifact.results.map((r: { unique_id: string; status: string }) => [r.unique_id, r.status]).sort()).toEqual([
      ['source.fresh.shop.events', 'error'], ['source.fresh.shop.loaded', 'pass'], ['source.fresh.shop.warned', 'warn'],
    ]);
    const only = weir(['source', 'freshness', '-s', 'source:shop.loaded'], dir);
    expect(only.code).toBe(0);
    expect(only.output).toContain('PASS=1 WARN=0 ERROR=0');
  });
});
