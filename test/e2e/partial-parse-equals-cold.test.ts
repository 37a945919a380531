import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, REPO_ROOT, weir, writeFiles } from '../helpers/project.js';
import { weirEvents } from '../helpers/log-events.js';
import { expectTargetLikeCold, shop } from '../helpers/cold-compile.js';

/**
 * Whatever the partial-parse cache reuses, a compile after an edit must write exactly what a cold
 * compile of the edited project writes: manifest.json, weir_manifest.json and every compiled file.
 */

function compile(dir: string, args: string[] = []) {
  const run = weir(['compile', '-v', '--log-format', 'json', ...args], dir);
  expect(run.code, run.output).toBe(0);
  return weirEvents(run.stdout);
}

/** Compiles with the cache (warm from the last compile), then cold into another folder, and compares. */
function expectSameAsCold(dir: string, args: string[] = []) {
  const events = compile(dir, args);
  expectTargetLikeCold(dir, args);
  const summary = events.find((e) => e.code === 'partial_parse')?.data as { reparsed: number } | undefined;
  const entries = events.find((e) => e.code === 'partial_parse_manifest')?.data as { reused: number; cacheable: number } | undefined;
  return { ...summary, ...entries, stamped: events.some((e) => e.code === 'compile_stamp') };
}

describe('partial parse gives what a cold compile gives', () => {
  it('after edits to a model, a yml file, a macro, a var, a seed, and a deleted or added model', () => {
    const dir = shop();
    expect(expectSameAsCold(dir)).toMatchObject({ reused: 0, cacheable: 5 });
    // Unchanged: nothing re-parsed, or (once its files are older than the stamp's racy window, as on a
    // loaded machine) answered from the compile stamp without reading any.
    const unchanged = expectSameAsCold(dir);
    expect(unchanged.stamped ? 0 : unchanged.reparsed).toBe(0);

    // Entries are reused from the last manifest, but never the edited model's.
    writeFiles(dir, { 'models/base.sql': "select 1 as id, 3.5 as amount, '{{ var(\"currency\") }}' as currency -- edited\n" });
    expect(expectSameAsCold(dir)).toMatchObject({ reparsed: 1, reused: 4, cacheable: 5 });
    // A reused entry's compiled file is not read back, but one deleted or cut short is written again.
    rmSync(join(dir, 'target', 'compiled', 'shop', 'models', 'other.sql'));
    writeFileSync(join(dir, 'target', 'compiled', 'shop', 'models', 'top.sql'), 'select');
    writeFiles(dir, { 'models/base.sql': "select 1 as id, 3.5 as amount, '{{ var(\"currency\") }}' as currency -- edited again\n" });
    expect(expectSameAsCold(dir)).toMatchObject({ reparsed: 1, reused: 4 });
    // An ephemeral model's SQL is part of each child's compiled SQL.
    writeFiles(dir, { 'models/eph.sql': "{{ config(materialized='ephemeral') }}\nselect id, {{ cents('amount') }} + 1 as cents from {{ ref('base') }}\n" });
    expectSameAsCold(dir);
    // A config() that moves a model moves every relation that refs it.
    writeFiles(dir, { 'models/middle.sql': "{{ config(alias='middle_v2', tags=['x']) }}\nselect * from {{ ref('eph') }} join {{ ref('rates') }} using (id)\n" });
    expectSameAsCold(dir);
    writeFiles(dir, { 'models/schema.yml': readFileSync(join(dir, 'models/schema.yml'), 'utf8').replace('The middle one', 'The middle, described again').replace('[daily]', '[hourly]') });
    expectSameAsCold(dir);
    // A description alone (a yml file, a doc block) changes no model's SQL or config.
    writeFiles(dir, { 'models/schema.yml': readFileSync(join(dir, 'models/schema.yml'), 'utf8').replace('The id', 'The id, again') });
    expectSameAsCold(dir);
    writeFiles(dir, { 'models/docs.md': '{% docs other_doc %}Another model, documented again{% enddocs %}\n' });
    expectSameAsCold(dir);
    writeFiles(dir, { 'macros/cents.sql': '{% macro cents(col) %}round({{ col }} * 100){% endmacro %}\n' });
    expectSameAsCold(dir);
    writeFiles(dir, { 'project.yml': 'name: shop\nvars:\n  currency: USD\nmodels:\n  shop:\n    +materialized: table\n' });
    expectSameAsCold(dir);
    expectSameAsCold(dir, ['--vars', '{currency: CHF}']);
    expectSameAsCold(dir);
    writeFiles(dir, { 'seeds/rates.csv': 'id,rate\n1,1.5\n2,2.5\n' });
    expectSameAsCold(dir);
    // dbt's checksum of a seed is kept in the cache (its CSV is read for it once per change).
    const cache = JSON.parse(readFileSync(join(dir, 'target', 'partial_parse.json'), 'utf8'));
    const manifest = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8'));
    expect(cache.stats['seeds/rates.csv'].dbtChecksum).toBe(manifest.nodes['seed.shop.rates'].checksum.checksum);
    writeFiles(dir, { 'project.yml': 'name: shop\nvars:\n  currency: USD\nmodels:\n  shop:\n    +materialized: view\n' });
    expectSameAsCold(dir);
    writeFiles(dir, { 'models/new.sql': 'select * from {{ ref("other") }}\n' });
    expectSameAsCold(dir);
  });
});

describe('partial parse gives what a cold compile gives, in a dbt project with a package', () => {
  it('after edits to the project\'s yml and the package\'s', () => {
    const dir = makeProject({
      'dbt_project.yml': 'name: shop\nprofile: shop\nmodels:\n  kit:\n    kit_unused:\n      +enabled: false\n',
      'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: target/dev.duckdb\n',
      'packages.yml': 'packages:\n  - local: kit_src\n',
      'models/orders.sql': "select * from {{ ref('kit', 'kit_summary') }}\n",
      'models/schema.yml': 'version: 2\nmodels:\n  - name: orders\n    description: Orders\n',
    });
    // A copy: `weir deps` may link a local package, and the test edits the installed one.
    cpSync(join(REPO_ROOT, 'test', 'fixtures', 'packages', 'kit'), join(dir, 'kit_src'), { recursive: true });
    expect(weir(['deps'], dir).code).toBe(0);
    expectSameAsCold(dir);
    writeFiles(dir, { 'models/schema.yml': 'version: 2\nmodels:\n  - name: orders\n    description: Orders, described again\n' });
    expectSameAsCold(dir);
    writeFiles(dir, { 'models/orders.sql': "select *, 1 as one from {{ ref('kit', 'kit_summary') }}\n" });
    expect(expectSameAsCold(dir).reused).toBeGreaterThan(0);
    // The installed package's own properties file.
    const installed = join(dir, 'dbt_packages', 'kit');
    const yml = readdirSync(join(installed, 'models'), { recursive: true }).map(String).find((f) => f.endsWith('.yml'));
    expect(yml).toBeDefined();
    const path = join(installed, 'models', yml!);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/description: ?(.*)/, 'description: Changed in the package'));
    expectSameAsCold(dir);
  });
});
