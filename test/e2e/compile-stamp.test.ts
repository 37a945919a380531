import { existsSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { age, makeProject, weir, writeFiles } from '../helpers/project.js';
import { weirEvents } from '../helpers/log-events.js';

/** `weir compile -v` as JSON lines: its exit code, event codes and whether the compile stamp answered it. */
function compile(dir: string, args: string[] = [], env: Record<string, string> = {}) {
  const run = weir(['compile', '-v', '--log-format', 'json', ...args], dir, env);
  const codes = weirEvents(run.stdout).map((e) => e.code);
  return { ...run, codes, stamped: codes.includes('compile_stamp') };
}

const sql = (dir: string, path: string) => readFileSync(join(dir, 'target', 'compiled', 'shop', path), 'utf8');
const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8'));
const weirManifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'target', 'weir_manifest.json'), 'utf8'));

describe('compile stamp', () => {
  it('answers an unchanged compile from the stamp, and never once anything it depends on changed', () => {
    const dir = makeProject({
      'project.yml': 'name: shop\nvars:\n  currency: EUR\n',
      'models/base.sql': "select 1 as id, '{{ var(\"currency\") }}' as currency, '{{ env_var(\"SHOP_REGION\", \"none\") }}' as region\n",
      'models/top.sql': 'select * from {{ ref("base") }} join {{ ref("rates") }} using (currency)\n',
      'seeds/rates.csv': 'currency,rate\nEUR,1\n',
      'macros/m.sql': '{% macro m() %}1{% endmacro %}\n',
    });
    age(dir);
    const cold = compile(dir);
    expect(cold.code, cold.output).toBe(0);
    expect(cold.stamped).toBe(false);
    // A cold compile stamps what it built, so the very next command can trust target/manifest.json.
    expect(existsSync(join(dir, 'target', 'compile_stamp.json'))).toBe(true);
    const before = manifest(dir);
    const weirBefore = weirManifest(dir);
    const inode = statSync(join(dir, 'target', 'manifest.json')).ino;

    const fast = compile(dir);
    expect(fast.code, fast.output).toBe(0);
    expect(fast.stamped).toBe(true);
    expect(fast.codes).not.toContain('partial_parse'); // it read no file
    expect(fast.stdout).toContain('Compiled 2 models (2 selected)');
    const after = manifest(dir);
    expect(statSync(join(dir, 'target', 'manifest.json')).ino).toBe(inode);
    expect(after.metadata.invocation_id).not.toBe(before.metadata.invocation_id);
    expect({ ...after, metadata: {} }).toEqual({ ...before, metadata: {} });
    expect(weirManifest(dir).metadata.invocation_id).toBe(after.metadata.invocation_id);
    // The shell's bookkeeping is no input: `_` names the command that started weir (`time weir compile`).
    expect(compile(dir, [], { _: '/usr/bin/time', SHLVL: '7', OLDPWD: '/elsewhere' }).stamped).toBe(true);

    // Each change below must be compiled, not answered from the stamp.
    const changes: Array<[string, () => ReturnType<typeof compile>, () => void]> = [
      ['env var', () => compile(dir, [], { SHOP_REGION: 'south' }), () => expect(sql(dir, 'models/base.sql')).toContain("'south' as region")],
      ['--vars', () => compile(dir, ['--vars', '{currency: USD}']), () => expect(sql(dir, 'models/base.sql')).toContain("'USD' as currency")],
      ['model', () => (writeFiles(dir, { 'models/base.sql': 'select 2 as id\n' }), age(dir, 30), compile(dir)),
        () => expect(sql(dir, 'models/base.sql')).toBe('select 2 as id\n')],
      ['new model', () => (writeFiles(dir, { 'models/extra.sql': 'select 3 as id\n' }), age(dir, 20), compile(dir)),
        () => expect(sql(dir, 'models/extra.sql')).toBe('select 3 as id\n')],
      ['project.yml', () => (writeFiles(dir, { 'project.yml': 'name: shop\nvars:\n  currency: GBP\n' }), age(dir, 10), compile(dir)),
        () => expect(weirManifest(dir).metadata.partial_parse).toBeTruthy()],
      ['seed', () => (writeFiles(dir, { 'seeds/rates.csv': 'currency,rate\nEUR,2\n' }), age(dir, 5), compile(dir)),
        () => expect(weirManifest(dir).fingerprints['seed.shop.rates'].body).not.toBe(weirBefore.fingerprints['seed.shop.rates'].body)],
      ['deleted compiled SQL', () => (rmSync(join(dir, 'target', 'compiled'), { recursive: true }), compile(dir)),
        () => expect(sql(dir, 'models/top.sql')).toContain('"main"."base"')],
    ];
    for (const [what, run, check] of changes) {
      const result = run();
      expect(result.code, `${what}: ${result.output}`).toBe(0);
      expect(result.stamped, what).toBe(false);
      check();
    }
    // The last compile wrote a fresh stamp, and the next uses it.
    expect(compile(dir).stamped).toBe(true);
    expect(sql(dir, 'models/extra.sql')).toBe('select 3 as id\n');
    expect(compile(dir, ['-s', 'base']).stamped).toBe(false);
    expect(compile(dir, ['--no-partial-parse']).stamped).toBe(false);
  });

  it('stamps no compile of a file modified just before it, since the compile may have read it before the change', () => {
    const dir = makeProject({ 'project.yml': 'name: shop\n', 'models/a.sql': 'select 1 as id\n' });
    // Dated ahead, so it stays "just modified" however long weir takes to start on a loaded machine.
    const ahead = new Date(Date.now() + 600_000);
    utimesSync(join(dir, 'models/a.sql'), ahead, ahead);
    expect(compile(dir).code).toBe(0);
    expect(existsSync(join(dir, 'target', 'compile_stamp.json'))).toBe(false);
    expect(compile(dir).stamped).toBe(false);
  });

  it('keys a dbt project\'s stamp on dbt_project.yml, profiles.yml and the installed packages', () => {
    const dir = makeProject({
      'dbt_project.yml': 'name: shop\nprofile: shop\nconfig-version: 2\n',
      'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: dev.duckdb\n      schema: main\n',
      'models/a.sql': 'select {{ helpers.one() }} as id\n',
      'dbt_packages/helpers/dbt_project.yml': 'name: helpers\nconfig-version: 2\n',
      'dbt_packages/helpers/macros/one.sql': '{% macro one() %}1{% endmacro %}\n',
    });
    age(dir);
    expect(compile(dir).code).toBe(0);
    expect(compile(dir).stamped).toBe(true);
    const changes: Array<[string, Record<string, string>, () => void]> = [
      ['package macro', { 'dbt_packages/helpers/macros/one.sql': '{% macro one() %}2{% endmacro %}\n' }, () => expect(sql(dir, 'models/a.sql')).toBe('select 2 as id\n')],
      ['profiles.yml', { 'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: dev.duckdb\n      schema: other\n' },
        () => expect(manifest(dir).nodes['model.shop.a'].schema).toBe('other')],
      ['dbt_project.yml', { 'dbt_project.yml': 'name: shop\nprofile: shop\nconfig-version: 2\nmodels:\n  +alias: b\n' },
        () => expect(manifest(dir).nodes['model.shop.a'].alias).toBe('b')],
      ['new selectors.yml', { 'selectors.yml': 'selectors:\n  - name: all\n    definition: "*"\n' }, () => undefined],
    ];
    for (const [what, files, check] of changes) {
      writeFiles(dir, files);
      age(dir, 10);
      const result = compile(dir);
      expect(result.code, `${what}: ${result.output}`).toBe(0);
      expect(result.stamped, what).toBe(false);
      check();
      expect(compile(dir).stamped, `${what}, then unchanged`).toBe(true);
    }
  });
});
