import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, weir, writeFiles } from '../helpers/project.js';
import { queryDuckDb } from '../helpers/duckdb.js';
import { openProject, selectForCommand } from '../../src/workflow/open-project.js';
import { silentLogger } from '../../src/core/logger.js';

/** raw -> stg -> (wide, narrow); `fmt` is a macro that calls another macro. */
const PROJECT = {
  'project.yml': [
    'name: st',
    'vars:',
    '  min_id: 0',
    'targets:',
    '  dev: {type: duckdb, path: target/dev.duckdb}',
    '  prod: {type: duckdb, path: target/dev.duckdb, schema: prod}',
    '',
  ].join('\n'),
  'seeds/raw.csv': 'id,name\n1,a\n2,b\n3,c\n',
  'macros/fmt.sql': "{% macro fmt(col) %}upper({{ inner(col) }}){% endmacro %}\n",
  'macros/inner.sql': '{% macro inner(col) %}trim({{ col }}){% endmacro %}\n',
  'models/stg.sql': "select id, name from {{ ref('raw') }} where id > {{ var('min_id') }}",
  'models/wide.sql': "select id, {{ fmt('name') }} as name from {{ ref('stg') }}",
  'models/narrow.sql': "{{ config(materialized='table') }}\nselect id from {{ ref('stg') }}",
};

/** Saves the current target/manifest.json and weir_manifest.json as the state to compare with, as CI keeps production's. */
function saveState(dir: string): string {
  const state = join(dir, 'state');
  mkdirSync(state, { recursive: true });
  for (const file of ['manifest.json', 'weir_manifest.json']) cpSync(join(dir, 'target', file), join(state, file));
  return state;
}

/** What `weir ls -s <selector> --state <state>` lists, in-process (the CLI path is covered below). */
function listed(dir: string, state: string, selector: string, vars?: Record<string, unknown>, target?: string): string[] {
  const options = { projectDir: dir, select: [selector], state, vars, target, logger: silentLogger };
  const opened = openProject(options);
  return [...selectForCommand(opened, options, ['model', 'seed', 'source', 'test', 'unit_test'], false)]
    .map((id) => opened.compiled.nodes.get(id)!.name).sort();
}

describe('state-aware selection', () => {
  it('picks modified nodes by SQL, config, var and macro changes, new nodes, and their downstream', () => {
    const dir = makeProject(PROJECT);
    expect(weir(['compile'], dir).code).toBe(0);
    const state = saveState(dir);
    const ls = (selector: string, vars?: Record<string, unknown>) => listed(dir, state, selector, vars);

    const unchanged = weir(['ls', '-s', 'state:modified', '--state', state, '--output', 'name'], dir);
    expect(unchanged.code).toBe(0);
    expect(unchanged.stdout).not.toMatch(/^(raw|stg|wide|narrow)$/m);
    expect(ls('state:unmodified')).toEqual(['narrow', 'raw', 'stg', 'wide']);

    writeFiles(dir, { 'models/stg.sql': "select id, name from {{ ref('raw') }} where id >= {{ var('min_id') }}" });
    const changed = weir(['ls', '-s', 'state:modified', '--state', state, '--output', 'name'], dir);
    expect(changed.stdout.trim()).toBe('stg');
    expect(ls('state:modified+')).toEqual(['narrow', 'stg', 'wide']);
    expect(ls('state:modified.body')).toEqual(['stg']);
    expect(ls('state:modified.configs')).toEqual([]);
    writeFiles(dir, { 'models/stg.sql': PROJECT['models/stg.sql'] });

    // A changed var changes what stg compiles to; a config change shows as modified.configs.
    expect(ls('state:modified', { min_id: 1 })).toEqual(['stg']);
    writeFiles(dir, { 'models/narrow.sql': "{{ config(materialized='view') }}\nselect id from {{ ref('stg') }}" });
    expect(ls('state:modified.configs')).toEqual(['narrow']);
    writeFiles(dir, { 'models/narrow.sql': PROJECT['models/narrow.sql'] });

    // A macro two calls deep marks the model that reaches it, and nothing else.
    writeFiles(dir, { 'macros/inner.sql': '{% macro inner(col) %}ltrim({{ col }}){% endmacro %}\n' });
    expect(ls('state:modified')).toEqual(['wide']);
    expect(ls('state:modified.macros')).toEqual(['wide']);
    writeFiles(dir, { 'macros/inner.sql': PROJECT['macros/inner.sql'] });

    // A new model is new, and (as in dbt) modified; changed seed data marks the seed.
    writeFiles(dir, { 'models/extra.sql': "select 1 as x from {{ ref('narrow') }}", 'seeds/raw.csv': 'id,name\n1,a\n2,b\n' });
    expect(ls('state:new')).toEqual(['extra']);
    expect(ls('state:modified')).toEqual(['extra', 'raw']);
  });

  it('finds unit tests unmodified when nothing changed (on any target), and modified when their rows change', () => {
    const unitTests = [
      'unit_tests:',
      '  - name: keeps_ids',
      '    model: stg',
      '    given:',
      "      - input: ref('raw')",
      '        rows: [{id: 1, name: a}]',
      '    expect:',
      '      rows: [{id: 1, name: a}]',
      '',
    ].join('\n');
    const dir = makeProject({ ...PROJECT, 'models/unit.yml': unitTests });
    expect(weir(['compile', '--target', 'prod'], dir).code).toBe(0);
    const state = saveState(dir);
    for (const target of ['dev', 'prod']) {
      expect(listed(dir, state, 'state:new', undefined, target)).toEqual([]);
      expect(listed(dir, state, 'state:modified', undefined, target)).toEqual([]);
      expect(listed(dir, state, 'state:unmodified', undefined, target)).toContain('keeps_ids');
    }
    writeFiles(dir, { 'models/unit.yml': unitTests.replace('expect:\n      rows: [{id: 1, name: a}]', 'expect:\n      rows: [{id: 1, name: b}]') });
    expect(listed(dir, state, 'state:modified')).toEqual(['keeps_ids']);
    writeFiles(dir, { 'models/unit.yml': unitTests.replace('rows: [{id: 1, name: a}]', 'rows: [{id: 2, name: a}]') });
    expect(listed(dir, state, 'state:modified')).toEqual(['keeps_ids']);
  });

  it('says what to pass when state: has no --state, or the state folder has no manifest', () => {
    const dir = makeProject(PROJECT);
    const noState = weir(['ls', '-s', 'state:modified'], dir);
    expect(noState.code).toBe(2);
    expect(noState.output).toContain('pass --state <dir>');
    const missing = weir(['ls', '-s', 'state:modified', '--state', 'nowhere'], dir);
    expect(missing.code).toBe(2);
    expect(missing.output).toMatch(/there is no manifest\.json in .*nowhere/);
    expect(weir(['compile'], dir).code).toBe(0);
    const typo = weir(['ls', '-s', 'state:modifed', '--state', saveState(dir)], dir);
    expect(typo.code).toBe(2);
    expect(typo.output).toContain("did you mean 'modified'");
    // Only manifest.json kept (weir's fingerprints are in weir_manifest.json): compared as dbt would, by checksum and
    // config, and the log says so (test/e2e/state-from-dbt.test.ts covers a manifest dbt wrote).
    const bare = join(dir, 'bare-state');
    mkdirSync(bare);
    cpSync(join(dir, 'target', 'manifest.json'), join(bare, 'manifest.json'));
    writeFiles(dir, { 'models/narrow.sql': "{{ config(materialized='table') }}\nselect id + 0 as id from {{ ref('stg') }}" });
    const all = weir(['ls', '-s', 'state:modified', '--state', bare, '--output', 'name'], dir);
    expect(all.code).toBe(0);
    expect(all.output).toContain('nodes are compared as dbt compares them');
    expect(all.stdout.trim()).toBe('narrow');
    // A manifest with neither fingerprints nor checksums: everything is modified, and the log says why.
    const old = JSON.parse(readFileSync(join(bare, 'manifest.json'), 'utf8'));
    for (const node of Object.values(old.nodes) as Array<Record<string, unknown>>) delete node.checksum;
    writeFileSync(join(bare, 'manifest.json'), JSON.stringify(old));
    const every = weir(['ls', '-s', 'state:modified', '--state', bare, '--output', 'name'], dir);
    expect(every.output).toContain('no weir_manifest.json of that run beside its manifest.json, so every node counts as modified');
    expect(every.stdout).toContain('stg');
  });

  it('builds only what changed with --defer, reading unselected parents from the state run', async () => {
    const dir = makeProject(PROJECT);
    expect(weir(['build', '--target', 'prod'], dir).code).toBe(0);
    const state = saveState(dir);
    writeFiles(dir, { 'models/wide.sql': "select id, {{ fmt('name') }} || '!' as name from {{ ref('stg') }}" });

    const run = weir(['build', '-s', 'state:modified', '--state', state, '--defer'], dir);
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/Deferring stg to "prod"."stg"/);
    expect(run.output).toContain('TOTAL=1');
    expect(await queryDuckDb(dir, 'select name from main.wide order by id')).toEqual([{ name: 'A!' }, { name: 'B!' }, { name: 'C!' }]);
    expect(await queryDuckDb(dir, "select count(*) as n from information_schema.tables where table_schema = 'main'")).toEqual([{ n: 1n }]);
    expect(readFileSync(join(dir, 'target/compiled/st/models/wide.sql'), 'utf8')).toContain('"prod"."stg"');

    // Without --defer the same selection reads main.stg, which this target never built.
    const without = weir(['build', '-s', 'state:modified', '--state', state], dir);
    expect(without.code).toBe(1);
    expect(without.output).toMatch(/stg/);
  });
});

describe('state-aware selection of snapshots', () => {
  it('picks a snapshot whose query or config changed, and the models built on it', () => {
    const dir = makeProject({
      ...PROJECT,
      'snapshots/raw_history.sql': "{% snapshot raw_history %}\n{{ config(unique_key='id', strategy='check', check_cols=['name']) }}\nselect * from {{ ref('raw') }}\n{% endsnapshot %}\n",
      'models/current_raw.sql': "select id from {{ ref('raw_history') }} where dbt_valid_to is null",
    });
    expect(weir(['compile'], dir).code).toBe(0);
    const state = saveState(dir);
    const ls = (selector: string) => weir(['ls', '-s', selector, '--state', state, '--output', 'name'], dir).stdout.split('\n').filter(Boolean).sort();
    expect(ls('state:modified')).toEqual([]);
    writeFiles(dir, { 'snapshots/raw_history.sql': "{% snapshot raw_history %}\n{{ config(unique_key='id', strategy='check', check_cols='all') }}\nselect * from {{ ref('raw') }}\n{% endsnapshot %}\n" });
    expect(ls('state:modified')).toEqual(['raw_history']);
    expect(ls('state:modified+')).toEqual(['current_raw', 'raw_history']);
    expect(ls('state:modified.configs')).toEqual(['raw_history']);
    writeFiles(dir, { 'snapshots/raw_history.sql': "{% snapshot raw_history %}\n{{ config(unique_key='id', strategy='check', check_cols=['name']) }}\nselect * from {{ ref('raw') }} where id > 0\n{% endsnapshot %}\n" });
    expect(ls('state:modified')).toEqual(['raw_history']);
    expect(ls('state:modified.body')).toEqual(['raw_history']);
  });
});

describe('weir retry', () => {
  it('re-runs only the failed and skipped nodes of the last run, with its command', async () => {
    const dir = makeProject({ ...PROJECT, 'models/stg.sql': "select id, name, missing_column from {{ ref('raw') }}" });
    const first = weir(['build'], dir);
    expect(first.code).toBe(1);
    expect(first.output).toContain('ERROR=1 SKIP=2');

    writeFiles(dir, { 'models/stg.sql': PROJECT['models/stg.sql'] });
    const retry = weir(['retry'], dir);
    expect(retry.output).toContain("Retrying 'build': 1 failed and 2 skipped nodes of the last run");
    expect(retry.output).toContain('PASS=3 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=3');
    expect(retry.code).toBe(0);
    expect(retry.output).not.toMatch(/loaded seed/);
    expect(await queryDuckDb(dir, 'select count(*) as n from main.narrow')).toEqual([{ n: 3n }]);
    const results = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8'));
    expect(results.results.map((r: { unique_id: string }) => r.unique_id).sort()).toEqual(['model.st.narrow', 'model.st.stg', 'model.st.wide']);

    const again = weir(['retry'], dir);
    expect(again.code).toBe(0);
    expect(again.output).toContain("Nothing to retry: the last 'build' had no failed or skipped nodes.");
  });

  it('says so when there is no earlier run', () => {
    const dir = makeProject(PROJECT);
    const run = weir(['retry'], dir);
    expect(run.code).toBe(2);
    expect(run.output).toMatch(/Nothing to retry: .*run_results\.json does not exist/);
  });
});
