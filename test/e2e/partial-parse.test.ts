import { existsSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, weir, writeFiles } from '../helpers/project.js';
import { weirEvents } from '../helpers/log-events.js';

interface PartialParseData {
  files: number;
  reparsed: number;
  read: number;
  deleted: number;
  changed: string[];
  templatesParsed: number;
  templatesRendered: number;
  templatesReused: number;
}

/** `weir compile` with debug events as JSON lines: its exit code, events and the partial-parse summary. */
function compile(dir: string, args: string[] = [], env: Record<string, string> = {}) {
  const run = weir(['compile', '-v', '--log-format', 'json', ...args], dir, env);
  const events = weirEvents(run.stdout);
  const summary = events.find((e) => e.code === 'partial_parse')?.data as PartialParseData | undefined;
  return { ...run, events, summary };
}

const sql = (dir: string, path: string) => readFileSync(join(dir, 'target', 'compiled', 'shop', path), 'utf8');

function shop(extra: Record<string, string> = {}): string {
  return makeProject({
    'project.yml': 'name: shop\nvars:\n  currency: EUR\n',
    'models/base.sql': "select 1 as id, '{{ var(\"currency\") }}' as currency\n",
    'models/middle.sql': 'select * from {{ ref("base") }}\n',
    'models/top.sql': 'select * from {{ ref("middle") }}\n',
    'models/other.sql': "select 2 as id\n",
    ...extra,
  });
}

describe('partial parse', () => {
  it('reuses the cache for an unchanged project and re-parses only the edited file', () => {
    const dir = shop();
    const first = compile(dir);
    expect(first.code, first.output).toBe(0);
    expect(first.summary).toMatchObject({ files: 5, reparsed: 5, templatesRendered: 4 });
    expect(existsSync(join(dir, 'target', 'partial_parse.json'))).toBe(true);

    const again = compile(dir);
    expect(again.code, again.output).toBe(0);
    expect(again.summary).toMatchObject({ files: 5, reparsed: 0, templatesParsed: 0, templatesRendered: 0, templatesReused: 4 });
    expect(again.events.find((e) => e.code === 'partial_parse')?.msg).toBe('partial parse: 0 of 5 files re-parsed; 0 of 4 templates rendered');

    writeFiles(dir, { 'models/other.sql': 'select 3 as id\n' });
    const edited = compile(dir);
    expect(edited.summary).toMatchObject({ reparsed: 1, changed: ['models/other.sql'], templatesParsed: 1, templatesRendered: 1 });
    expect(sql(dir, 'models/other.sql')).toBe('select 3 as id\n');
    expect(sql(dir, 'models/top.sql')).toBe('select * from "main"."middle"\n');
  });

  it('rewrites only the manifest metadata when nothing changed, and everything when something did', () => {
    const dir = shop({ 'seeds/rates.csv': 'currency,rate\nEUR,1\n' });
    const manifestPath = join(dir, 'target', 'manifest.json');
    expect(compile(dir).code).toBe(0);
    const first = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const inode = statSync(manifestPath).ino;
    const weirPath = join(dir, 'target', 'weir_manifest.json');
    const weirFirst = JSON.parse(readFileSync(weirPath, 'utf8'));
    const weirInode = statSync(weirPath).ino;
    expect(compile(dir).summary).toMatchObject({ reparsed: 0, templatesRendered: 0 });
    // Written in place (a full write replaces the file): only the metadata changed.
    expect(statSync(manifestPath).ino).toBe(inode);
    const second = JSON.parse(readFileSync(manifestPath, 'utf8'));
    expect(second.metadata.invocation_id).not.toBe(first.metadata.invocation_id);
    expect({ ...second, metadata: {} }).toEqual({ ...first, metadata: {} });
    // weir_manifest.json too, and it names the same invocation.
    expect(statSync(weirPath).ino).toBe(weirInode);
    const weirSecond = JSON.parse(readFileSync(weirPath, 'utf8'));
    expect(weirSecond.metadata.invocation_id).toBe(second.metadata.invocation_id);
    expect({ ...weirSecond, metadata: {} }).toEqual({ ...weirFirst, metadata: {} });
    // A seed's CSV is not parsed, but its fingerprint is in weir_manifest.json: a change must show.
    writeFiles(dir, { 'seeds/rates.csv': 'currency,rate\nEUR,2\n' });
    expect(compile(dir).code).toBe(0);
    const third = JSON.parse(readFileSync(manifestPath, 'utf8'));
    expect(statSync(manifestPath).ino).not.toBe(inode);
    const weirThird = JSON.parse(readFileSync(weirPath, 'utf8'));
    expect(weirThird.metadata.invocation_id).toBe(third.metadata.invocation_id);
    expect(weirThird.fingerprints['seed.shop.rates'].body).not.toBe(weirSecond.fingerprints['seed.shop.rates'].body);
    // Compiled SQL deleted by hand is written again, even with nothing else changed.
    rmSync(join(dir, 'target', 'compiled'), { recursive: true });
    expect(compile(dir).code).toBe(0);
    expect(sql(dir, 'models/top.sql')).toBe('select * from "main"."middle"\n');
  });

  it('sees a file rewritten within the same clock tick (same size and mtime)', () => {
    const dir = shop();
    const path = join(dir, 'models', 'other.sql');
    const before = statSync(path);
    expect(compile(dir).code).toBe(0);
    writeFileSync(path, 'select 9 as id\n');
    utimesSync(path, before.atime, before.mtime);
    expect(statSync(path).size).toBe(before.size);
    const run = compile(dir);
    expect(run.summary).toMatchObject({ reparsed: 1, changed: ['models/other.sql'] });
    expect(sql(dir, 'models/other.sql')).toBe('select 9 as id\n');
  });

  it('re-renders only the templates that read a var changed with --vars, with the new value', () => {
    const dir = shop({ 'models/uses_other_var.sql': "select '{{ var(\"region\", \"eu\") }}' as region\n" });
    expect(compile(dir).code).toBe(0);
    const run = compile(dir, ['--vars', '{currency: USD}']);
    expect(run.code, run.output).toBe(0);
    expect(run.summary).toMatchObject({ reparsed: 0, templatesRendered: 1, templatesReused: 4 });
    expect(sql(dir, 'models/base.sql')).toContain("'USD' as currency");
    const region = compile(dir, ['--vars', '{currency: USD, region: us}']);
    expect(region.summary).toMatchObject({ templatesRendered: 1 });
    expect(sql(dir, 'models/uses_other_var.sql')).toContain("'us' as region");
    // Back to project.yml's value: the var changed again, so base renders again.
    const back = compile(dir);
    expect(back.summary).toMatchObject({ templatesRendered: 2 });
    expect(sql(dir, 'models/base.sql')).toContain("'EUR' as currency");
  });

  it('re-renders the templates that read a changed env var, keyed on a hash of its value', () => {
    const dir = shop({ 'models/from_env.sql': "select '{{ env_var(\"SHOP_REGION\", \"none\") }}' as region\n" });
    expect(compile(dir, [], { SHOP_REGION: 'north-secret-value' }).code).toBe(0);
    expect(compile(dir, [], { SHOP_REGION: 'north-secret-value' }).summary).toMatchObject({ templatesRendered: 0 });
    // The rendered SQL holds the value (as target/compiled does); what the cache keys on is only its hash.
    const cached = JSON.parse(readFileSync(join(dir, 'target', 'partial_parse.json'), 'utf8'));
    expect(cached.templates.entries['models/from_env.sql'].env.SHOP_REGION).toMatch(/^[0-9a-f]{64}$/);
    const run = compile(dir, [], { SHOP_REGION: 'south' });
    expect(run.summary).toMatchObject({ reparsed: 0, templatesRendered: 1 });
    expect(sql(dir, 'models/from_env.sql')).toContain("'south' as region");
    const unset = compile(dir);
    expect(unset.summary).toMatchObject({ templatesRendered: 1 });
    expect(sql(dir, 'models/from_env.sql')).toContain("'none' as region");
  });

  it('re-renders only the templates that reach a changed macro, also through another macro or dispatch', () => {
    const dir = shop({
      'macros/cents.sql': '{% macro cents(c) %}({{ c }} * 100){% endmacro %}\n',
      'macros/money.sql': '{% macro money(c) %}{{ cents(c) }}::int{% endmacro %}\n',
      'macros/greet.sql': "{% macro greet() %}{{ adapter.dispatch('greet')() }}{% endmacro %}\n",
      'macros/greeting.sql': "{% macro default__greet() %}'hello'{% endmacro %}\n",
      'models/direct.sql': 'select {{ cents("1") }} as c\n',
      'models/nested.sql': 'select {{ money("2") }} as m\n',
      'models/dispatched.sql': 'select {{ greet() }} as g\n',
    });
    const first = compile(dir);
    expect(first.code, first.output).toBe(0);
    writeFiles(dir, { 'macros/cents.sql': '{% macro cents(c) %}({{ c }} * 1000){% endmacro %}\n' });
    const run = compile(dir);
    expect(run.summary).toMatchObject({ reparsed: 1, changed: ['macros/cents.sql'], templatesRendered: 2 });
    expect(sql(dir, 'models/direct.sql')).toBe('select (1 * 1000) as c\n');
    expect(sql(dir, 'models/nested.sql')).toBe('select (2 * 1000)::int as m\n');
    writeFiles(dir, { 'macros/greeting.sql': "{% macro default__greet() %}'hi'{% endmacro %}\n" });
    const greet = compile(dir);
    expect(greet.summary).toMatchObject({ templatesRendered: 1 });
    expect(sql(dir, 'models/dispatched.sql')).toBe("select 'hi' as g\n");
  });

  it('re-renders a template that tests for a macro once that macro is added', () => {
    const dir = shop({ 'models/optional.sql': "select {% if shout is defined %}{{ shout('a') }}{% else %}'quiet'{% endif %} as s\n" });
    expect(compile(dir).code).toBe(0);
    expect(sql(dir, 'models/optional.sql')).toBe("select 'quiet' as s\n");
    writeFiles(dir, { 'macros/shout.sql': "{% macro shout(x) %}upper('{{ x }}'){% endmacro %}\n" });
    const run = compile(dir);
    expect(run.summary).toMatchObject({ templatesRendered: 1 });
    expect(sql(dir, 'models/optional.sql')).toBe("select upper('a') as s\n");
  });

  it('follows project.yml: a folder schema moves the model and re-renders what refs it; a materialization changes the config only', () => {
    const dir = shop();
    expect(compile(dir).code).toBe(0);
    writeFiles(dir, { 'project.yml': 'name: shop\nvars:\n  currency: EUR\nmodels:\n  shop:\n    +materialized: table\n' });
    const materialized = compile(dir);
    expect(materialized.summary).toMatchObject({ reparsed: 1, changed: ['project.yml'], templatesRendered: 0 });
    const manifest = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8'));
    expect(manifest.nodes['model.shop.middle'].config.materialized).toBe('table');
    writeFiles(dir, { 'models/middle.sql': "{{ config(alias='mid') }}\nselect * from {{ ref(\"base\") }}\n" });
    const aliased = compile(dir);
    expect(aliased.summary).toMatchObject({ reparsed: 1, templatesRendered: 2 });
    expect(sql(dir, 'models/top.sql')).toBe('select * from "main"."mid"\n');
    writeFiles(dir, { 'project.yml': 'name: shop\nvars:\n  currency: EUR\nmodels:\n  shop:\n    +schema: sales\n' });
    const moved = compile(dir);
    expect(moved.summary).toMatchObject({ templatesRendered: 4 });
    expect(sql(dir, 'models/top.sql')).toBe('select * from "main_sales"."mid"\n');
  });

  it('reports a deleted model that another refs as an error, not a stale success; a new model is parsed alone', () => {
    const dir = shop();
    expect(compile(dir).code).toBe(0);
    rmSync(join(dir, 'models', 'middle.sql'));
    const deleted = compile(dir);
    expect(deleted.code).toBe(2);
    expect(deleted.output).toMatch(/models\/top\.sql.*depends on 'middle', which was not found/s);
    writeFiles(dir, { 'models/middle.sql': 'select * from {{ ref("base") }}\n', 'models/fresh.sql': 'select * from {{ ref("other") }}\n' });
    const added = compile(dir);
    expect(added.code, added.output).toBe(0);
    expect(sql(dir, 'models/fresh.sql')).toBe('select * from "main"."other"\n');
    const again = compile(dir);
    expect(again.summary).toMatchObject({ reparsed: 0, templatesRendered: 0 });
  });

  it('always re-renders templates that read run_started_at, modules.datetime or target.config, and replays log() of cached ones', () => {
    const dir = shop({
      'models/stamped.sql': "select '{{ run_started_at }}' as built_at\n",
      'models/now.sql': "select '{{ modules.datetime.datetime.now() }}' as built_at\n",
      'models/chatty.sql': "{{ log('hello from chatty', info=True) }}select 1 as id\n",
      'models/connection.sql': "select '{{ target.config.type }}' as engine\n",
    });
    expect(compile(dir).code).toBe(0);
    const first = sql(dir, 'models/stamped.sql');
    const run = compile(dir);
    // target.config (which may hold a password) is left out of the cache key: its readers always render.
    expect(run.summary).toMatchObject({ reparsed: 0, templatesRendered: 3, templatesReused: 5 });
    expect(sql(dir, 'models/stamped.sql')).not.toBe(first);
    expect(run.events.filter((e) => e.code === 'template_log').map((e) => e.msg)).toEqual(['hello from chatty']);
  });

  it('ignores a corrupt or foreign cache, and can be turned off', () => {
    const dir = shop();
    expect(compile(dir).code).toBe(0);
    const cache = join(dir, 'target', 'partial_parse.json');
    writeFileSync(cache, '{"weir_version": "0.1.0", "format": 1, "files": [tru');
    const corrupt = compile(dir);
    expect(corrupt.code, corrupt.output).toBe(0);
    expect(corrupt.events.find((e) => e.code === 'partial_parse_ignored')?.msg).toMatch(/not valid JSON/);
    expect(corrupt.summary).toMatchObject({ reparsed: 5 });
    writeFileSync(cache, JSON.stringify({ weir_version: '0.0.1', format: 1, files: {}, templates: {} }));
    expect(compile(dir).events.find((e) => e.code === 'partial_parse_ignored')?.msg).toMatch(/another weir version/);
    writeFileSync(cache, JSON.stringify({ weir_version: '0.1.0', format: 2, files: { 'models/base.sql': 7 }, templates: { key: 1 } }));
    expect(compile(dir).code).toBe(0);
    const good = JSON.parse(readFileSync(cache, 'utf8'));
    // A rebuilt weir keeps its version, not its build: what the old build compiled is not served.
    writeFileSync(cache, JSON.stringify({ ...good, weir_build: 'an older build' }));
    const rebuilt = compile(dir);
    expect(rebuilt.events.find((e) => e.code === 'partial_parse_ignored')?.msg).toMatch(/another weir version, build/);
    expect(rebuilt.summary).toMatchObject({ reparsed: 5, templatesRendered: 4 });
    writeFileSync(cache, JSON.stringify({ ...good, files: { ...good.files, 'models/base.sql': null }, templates: { ...good.templates, entries: { ...good.templates.entries, 'models/top.sql': null, 'models/middle.sql': { hash: 3 } } } }));
    const damaged = compile(dir);
    expect(damaged.code, damaged.output).toBe(0);
    expect(damaged.summary).toMatchObject({ reparsed: 1, templatesParsed: 2 });

    rmSync(join(dir, 'target'), { recursive: true });
    const off = compile(dir, ['--no-partial-parse']);
    expect(off.code).toBe(0);
    expect(off.summary).toBeUndefined();
    expect(existsSync(cache)).toBe(false);
    expect(compile(dir, [], { WEIR_PARTIAL_PARSE: '0' }).summary).toBeUndefined();
    expect(existsSync(cache)).toBe(false);
    expect(compile(dir).summary).toBeDefined();
    expect(weir(['clean'], dir).code).toBe(0);
    expect(existsSync(cache)).toBe(false);
  });
});
