import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { duckdbDialect } from '../../src/adapters/duckdb/dialect.js';
import { compileProject } from '../../src/compile/index.js';
import { DiagnosticsError, type Diagnostic } from '../../src/core/diagnostics.js';
import { collectingLogger } from '../../src/core/logger.js';
import { loadAnyProject } from '../../src/dbt-project/load-any-project.js';
import type { DbtLoadOptions } from '../../src/dbt-project/load-dbt-project.js';
import { folderConfigFor } from '../../src/project/folder-config.js';
import { resolveTarget } from '../../src/project/targets.js';
import { makeProject, weir } from '../helpers/project.js';
import { tempDir } from '../helpers/temp-dir.js';

/** An environment with a HOME of its own, so the machine's ~/.dbt never leaks into a test. */
const cleanEnv = (extra: Record<string, string> = {}) => ({ HOME: tempDir('weir-home-'), ...extra });

const load = (files: Record<string, string>, options: DbtLoadOptions = {}) =>
  loadAnyProject(makeProject(files), { env: cleanEnv(), ...options });

function loadErrors(files: Record<string, string>, options: DbtLoadOptions = {}): readonly Diagnostic[] {
  try {
    load(files, options);
  } catch (error) {
    if (error instanceof DiagnosticsError) return error.diagnostics;
    throw error;
  }
  throw new Error('expected loading to fail');
}

describe('dbt_project.yml', () => {
  it('is read into the project: name, paths, target path, global and project-scoped vars, clean-targets', () => {
    const project = load({
      'dbt_project.yml': [
        "name: 'shop'", "version: '1.0.0'", 'config-version: 2', "profile: 'shop'",
        'model-paths: ["transform"]', 'seed-paths: ["data"]', 'macro-paths: ["m"]', 'test-paths: ["checks"]',
        'analysis-paths: ["an"]', 'target-path: "out"', 'clean-targets: ["out", "dbt_packages"]',
        'vars:', '  start: "2024-01-01"', '  limit: 5', '  shop:', '    limit: 10', '  other_package:', '    x: 1',
      ].join('\n'),
      'transform/a.sql': 'select 1 as x',
      'data/s.csv': 'a\n1\n',
      'm/k.sql': '{% macro k() %}1{% endmacro %}',
      'checks/t.sql': 'select 1 where false',
    });
    expect(project.name).toBe('shop');
    expect(project.projectFile).toBe('dbt_project.yml');
    expect(project.models.map((m) => m.path)).toEqual(['transform/a.sql']);
    expect(project.seeds.map((s) => s.path)).toEqual(['data/s.csv']);
    expect(project.macros.map((m) => m.path)).toEqual(['m/k.sql']);
    expect(project.singularTests.map((m) => m.path)).toEqual(['checks/t.sql']);
    expect(project.paths.analyses).toEqual(['an']);
    expect(project.targetDir).toBe(join(project.root, 'out'));
    expect(project.cleanTargets).toEqual(['out', 'dbt_packages']);
    // Project-scoped vars win over global ones; another package's stay out of the way.
    expect(project.vars).toEqual({ start: '2024-01-01', limit: 10, other_package: { x: 1 } });
  });

  it('applies models: and seeds: config trees with and without +, nested by folder, rendering their Jinja', () => {
    const project = load({
      'dbt_project.yml': [
        'name: shop', 'models:', '  shop:', '    materialized: table', '    staging:', '      +materialized: view',
        "      +schema: \"{{ var('staging_schema', 'stg') }}\"", '      legacy:', "        +enabled: \"{{ var('legacy_on', false) }}\"",
        '        tags: ["old"]', 'seeds:', '  shop:', '    +column_types: {id: bigint}',
      ].join('\n'),
      'models/staging/a.sql': 'select 1', 'models/staging/legacy/b.sql': 'select 1', 'models/c.sql': 'select 1',
    }, { vars: { staging_schema: 'landing' } });
    expect(folderConfigFor(project.modelFolders, ['shop', 'c'])).toEqual({ materialized: 'table' });
    expect(folderConfigFor(project.modelFolders, ['shop', 'staging', 'a'])).toEqual({ materialized: 'view', schema: 'landing' });
    expect(folderConfigFor(project.modelFolders, ['shop', 'staging', 'legacy', 'b'])).toEqual({ materialized: 'view', schema: 'landing', enabled: false, tags: ['old'] });
    expect(folderConfigFor(project.seedFolders, ['shop', 's'])).toEqual({ column_types: { id: 'bigint' } });
    const compiled = compileProject(project, { target: { name: 'dev', type: 'duckdb', schema: 'main' }, quoteRelation: (r) => duckdbDialect.relation(r), logger: collectingLogger() });
    expect(compiled.nodes.get('model.shop.a')!.relation).toEqual({ schema: 'main_landing', identifier: 'a' });
    expect(compiled.nodes.has('model.shop.b')).toBe(false);
  });

  it('names an unknown key with file, line and the closest key; a wrong value with its key', () => {
    const errors = loadErrors({ 'dbt_project.yml': 'name: shop\nmodel-path: ["models"]\nconfig-version: 1\n' });
    expect(errors).toContainEqual(expect.objectContaining({ file: 'dbt_project.yml', line: 2, message: "unknown key 'model-path'", hint: expect.stringContaining("did you mean 'model-paths'?") }));
    expect(errors).toContainEqual(expect.objectContaining({ file: 'dbt_project.yml', line: 3, key: 'config-version', message: expect.stringContaining('config-version 2') }));
  });

  it('checks require-dbt-version against the dbt version weir follows (1.10)', () => {
    expect(load({ 'dbt_project.yml': 'name: shop\nrequire-dbt-version: [">=1.8.0", "<2.0.0"]\n' }).name).toBe('shop');
    expect(load({ 'dbt_project.yml': 'name: shop\nrequire-dbt-version: ">=1.5.0,<1.11.0"\n' }).name).toBe('shop');
    const errors = loadErrors({ 'dbt_project.yml': 'name: shop\nrequire-dbt-version: ">=1.11.0"\n' });
    expect(errors).toEqual([expect.objectContaining({ file: 'dbt_project.yml', line: 2, message: 'this project requires dbt >=1.11.0; weir follows dbt 1.10.15' })]);
  });

  it('names what weir does not support yet with file and line instead of ignoring it', () => {
    const project = load({
      'dbt_project.yml': [
        'name: shop', 'dbt-cloud: {project-id: 1}', 'models:', '  shop:', '    +on_configuration_change: apply',
        '    +my_custom_flag: true', 'flags:', '  send_anonymous_usage_stats: false',
      ].join('\n'),
      'models/py_model.py': 'def model(dbt, session):\n    return None\n',
    });
    const warnings = project.warnings.filter((w) => !w.message.startsWith('no profiles.yml')).map((w) => `${w.file}:${w.line ?? ''} ${w.message}`);
    expect(warnings).toEqual(expect.arrayContaining([
      'dbt_project.yml:2 dbt Cloud settings mean nothing to weir; ignored',
      "dbt_project.yml:5 weir does not support the 'on_configuration_change' config yet; it is ignored",
      "dbt_project.yml:6 'my_custom_flag' is not a config weir knows; it is ignored",
      'models/py_model.py:1 weir does not support python models yet; this model is not built',
    ]));
    expect(warnings).toHaveLength(4);
  });

  it('a ref to a python model names it: weir does not build python models yet', () => {
    const dir = makeProject({
      'dbt_project.yml': 'name: shop\n',
      'models/py/py_model.py': 'def model(dbt, session):\n    return None\n',
      'models/b.sql': "select *\nfrom {{ ref('py_model') }}",
    });
    const run = weir(['compile'], dir);
    expect(run.code).not.toBe(0);
    expect(run.output).toContain("models/b.sql:2: model 'b' depends on 'py_model', a python model (models/py/py_model.py): weir does not support python models yet");
    expect(run.output).toContain('write py_model as a SQL model, or build the project with dbt');
  });

  it('reads singular tests from data-tests/ as well as tests/ when test-paths is not set', () => {
    const project = load({ 'dbt_project.yml': 'name: shop\n', 'tests/a.sql': 'select 1 where false', 'data-tests/b.sql': 'select 1 where false' });
    expect(project.singularTests.map((t) => t.path)).toEqual(['tests/a.sql', 'data-tests/b.sql']);
  });

  it('reads dbt 0.x source-paths and data-paths as model and seed paths, with dbt\'s deprecation warning', () => {
    const project = load({
      'dbt_project.yml': 'name: shop\nsource-paths: [src_models]\ndata-paths: [data]\n',
      'src_models/a.sql': 'select 1 as x', 'data/s.csv': 'x\n1\n', 'models/ignored.sql': 'select 2 as y',
    });
    expect(project.models.map((m) => m.path)).toEqual(['src_models/a.sql']);
    expect(project.seeds.map((s) => s.path)).toEqual(['data/s.csv']);
    expect(project.warnings.map((w) => `${w.file}:${w.line} ${w.message}`)).toEqual(expect.arrayContaining([
      'dbt_project.yml:2 the `source-paths` config has been renamed to `model-paths`',
      'dbt_project.yml:3 the `data-paths` config has been renamed to `seed-paths`',
    ]));
    // The new key wins when both are set.
    const both = load({ 'dbt_project.yml': 'name: shop\nmodel-paths: [models]\nsource-paths: [src_models]\n', 'src_models/a.sql': 'select 1 as x', 'models/b.sql': 'select 2 as y' });
    expect(both.models.map((m) => m.path)).toEqual(['models/b.sql']);
  });

  it('loses to project.yml when a folder has both', () => {
    const project = load({ 'project.yml': 'name: weirs\n', 'dbt_project.yml': 'name: dbts\n' });
    expect(project.name).toBe('weirs');
  });
});

describe('the command line in a dbt project', () => {
  it('never asks for project.yml where there is a dbt_project.yml, and says which files it looked for where there is neither', () => {
    const dir = makeProject({ 'dbt_project.yml': 'name: shop\n', 'models/a.sql': 'select 1 as x' });
    const run = weir(['ls'], dir, cleanEnv());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('shop.a');
    expect(run.output).not.toContain('project.yml found');
    const empty = weir(['ls'], makeProject({ 'README.md': '' }));
    expect(empty.code).toBe(2);
    expect(empty.output).toContain('No project.yml or dbt_project.yml found');
  });

  it('warns with file and line, once, and still builds', () => {
    const dir = makeProject({ 'dbt_project.yml': 'name: shop\ndbt-cloud: {project-id: 1}\n', 'models/a.sql': 'select 1 as x' });
    const run = weir(['build'], dir, cleanEnv());
    expect(run.code).toBe(0);
    expect(run.output.match(/dbt_project\.yml:2 \(at dbt-cloud\): dbt Cloud settings mean nothing to weir/g)).toHaveLength(1);
  });
});

describe('profiles.yml', () => {
  const profile = (path: string) => `shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ${path}\n      threads: 3\n`;
  const targetOf = (project: ReturnType<typeof load>, name?: string, env: NodeJS.ProcessEnv = {}) => resolveTarget(project, name, env);

  it('is found as dbt finds it: --profiles-dir, DBT_PROFILES_DIR, the project folder, ~/.dbt', () => {
    const home = cleanEnv();
    const inHome = makeProject({ '.dbt/profiles.yml': profile('home.duckdb') });
    const elsewhere = makeProject({ 'profiles.yml': profile('flag.duckdb') });
    const files = { 'dbt_project.yml': 'name: shop\nprofile: shop\n' };
    const withOwn = { ...files, 'profiles.yml': profile('project.duckdb') };
    expect(targetOf(loadAnyProject(makeProject(files), { env: { HOME: inHome } })).config.path).toBe('home.duckdb');
    expect(targetOf(loadAnyProject(makeProject(withOwn), { env: { HOME: inHome } })).config.path).toBe('project.duckdb');
    expect(targetOf(loadAnyProject(makeProject(withOwn), { env: { ...home, DBT_PROFILES_DIR: elsewhere } })).config.path).toBe('flag.duckdb');
    expect(targetOf(loadAnyProject(makeProject(withOwn), { env: { ...home, DBT_PROFILES_DIR: inHome }, profilesDir: elsewhere })).config.path).toBe('flag.duckdb');
    const missing = loadAnyProject(makeProject(files), { env: home });
    expect(targetOf(missing).config.path).toBe('target/dev.duckdb');
    expect(missing.warnings[0]!.message).toMatch(/^no profiles\.yml found \(looked in /);
  });

  it('maps duckdb and postgres outputs onto weir targets, renders env_var() in the chosen one and takes --target', () => {
    const files = {
      'dbt_project.yml': 'name: shop\n',
      'profiles.yml': [
        'shop:', "  target: \"{{ env_var('WHICH', 'dev') }}\"", '  outputs:',
        '    dev:', '      type: duckdb', '      path: dev.duckdb', '      extensions: [json]', '      settings: {threads: 2}', '      attach: [{path: other.duckdb, alias: other, read_only: true}]',
        '    pg:', '      type: postgres', "      host: \"{{ env_var('PGHOST_X') }}\"", "      port: \"{{ env_var('PGPORT_X') | int }}\"", '      user: me',
        "      pass: \"{{ env_var('DBT_ENV_SECRET_PW') }}\"", '      dbname: analytics', '      schema: dbt_me', '      threads: 4', '      keepalives_idle: 30',
        '      search_path: "dbt_me, public"', '      role: transformer', '      connect_timeout: 5', '      sslmode: prefer', '      retries: 2',
      ].join('\n'),
    };
    const env = { PGHOST_X: 'db.internal', PGPORT_X: '6543', DBT_ENV_SECRET_PW: 's3cret' };
    const dev = loadAnyProject(makeProject(files), { env: cleanEnv(env) });
    expect(targetOf(dev)).toMatchObject({ name: 'dev', type: 'duckdb', schema: 'main', database: 'dev', config: { extensions: ['json'], attach: [{ path: 'other.duckdb', alias: 'other', read_only: true }] } });
    const pg = loadAnyProject(makeProject(files), { env: cleanEnv(env), target: 'pg' });
    expect(targetOf(pg, 'pg')).toMatchObject({
      name: 'pg', type: 'postgres', schema: 'dbt_me', threads: 4, database: 'analytics',
      config: { host: 'db.internal', port: 6543, user: 'me', password: 's3cret', database: 'analytics', keepalives_idle: 30, search_path: 'dbt_me, public', role: 'transformer', connect_timeout: 5, sslmode: 'prefer' },
    });
    expect(pg.warnings.map((w) => `${w.file}:${w.line} ${w.message}`)).toEqual(["profiles.yml:24 retries: weir does not retry a failed connection; ignored"]);
    expect(loadAnyProject(makeProject(files), { env: cleanEnv({ ...env, WHICH: 'pg' }) }).defaultTarget).toBe('pg');
  });

  it('names a missing profile, an unset env var and an unknown output key with the file, and never prints a password', () => {
    const project = makeProject({
      'dbt_project.yml': 'name: shop\nprofile: shop\n',
      'profiles.yml': "shop:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n      host: localhost\n      pass: hunter2secret\n      schema: s\n      dbnmae: x\n",
    });
    const run = weir(['debug'], project, cleanEnv());
    expect(run.code).toBe(2);
    expect(run.output).toContain("profiles.yml:4 (at shop.outputs.dev.dbnmae): unknown key 'dbnmae' for a postgres target");
    expect(run.output).not.toContain('hunter2secret');
    const wrongProfile = weir(['ls'], makeProject({ 'dbt_project.yml': 'name: shop\nprofile: shopp\n', 'profiles.yml': profile('x.duckdb') }), cleanEnv());
    expect(wrongProfile.output).toContain("profile 'shopp' (named by dbt_project.yml) is not in profiles.yml");
    expect(wrongProfile.output).toContain("did you mean 'shop'?");
    const unset = weir(['ls'], makeProject({ 'dbt_project.yml': 'name: shop\n', 'profiles.yml': "shop:\n  outputs:\n    default:\n      type: duckdb\n      path: \"{{ env_var('NOPE_NOT_SET') }}\"\n" }), cleanEnv());
    expect(unset.code).toBe(2);
    expect(unset.output).toMatch(/profiles\.yml:5 \(at shop\.outputs\.default\.path\): could not render .*NOPE_NOT_SET/);
  });
});

describe('Jinja in properties files', () => {
  const files = {
    'models/sources.yml': [
      'version: 2', 'sources:', '  - name: shop', '    schema: "{{ target.schema }}_raw"', '    tables:',
      "      - name: orders", "        identifier: \"{{ var('orders_table', 'orders_v1') }}\"",
      "        description: \"{{ doc('orders_table') }}\"",
    ].join('\n'),
    'models/props.yml': [
      'version: 2', 'models:', '  - name: a', '    config:', "      schema: \"{{ var('s', 'reporting') }}\"",
      '  - name: b', '    config:', "      enabled: \"{{ var('b_on', false) }}\"",
    ].join('\n'),
    'models/a.sql': "select * from {{ source('shop', 'orders') }}",
    'models/b.sql': 'select 1 as x',
    'models/docs.md': '{% docs orders_table %}\nOne row per order, as the shop exports it.\n{% enddocs %}\n',
  };
  const compiled = (projectFile: Record<string, string>, vars: Record<string, unknown> = {}) => {
    const project = loadAnyProject(makeProject({ ...projectFile, ...files }), { env: cleanEnv(), vars });
    const target = resolveTarget(project, undefined, {});
    return compileProject(project, { target, quoteRelation: (r) => duckdbDialect.relation(r), vars, logger: collectingLogger() });
  };

  for (const [kind, projectFile] of [['a dbt project', { 'dbt_project.yml': 'name: shop\n' }], ['a weir project', { 'project.yml': 'name: shop\n' }]] as const) {
    it(`is rendered as dbt renders it (sources' schema and identifier, +enabled, +schema) in ${kind}`, () => {
      const plain = compiled(projectFile);
      // A dbt project's relations carry the target's database, as dbt's ("dev"."main_raw"."orders_v1").
      const db = kind === 'a dbt project' ? { database: 'dev' } : {};
      expect(plain.nodes.get('source.shop.shop.orders')!.relation).toEqual({ ...db, schema: 'main_raw', identifier: 'orders_v1' });
      expect(plain.nodes.get('model.shop.a')!.relation).toEqual({ ...db, schema: 'main_reporting', identifier: 'a' });
      expect(plain.nodes.get('source.shop.shop.orders')!.description).toBe('One row per order, as the shop exports it.');
      expect(plain.nodes.has('model.shop.b')).toBe(false);
      const withVars = compiled(projectFile, { s: 'finance', b_on: true, orders_table: 'orders_v2' });
      expect(withVars.nodes.get('model.shop.a')!.relation).toEqual({ ...db, schema: 'main_finance', identifier: 'a' });
      expect(withVars.nodes.get('source.shop.shop.orders')!.relation).toEqual({ ...db, schema: 'main_raw', identifier: 'orders_v2' });
      expect(withVars.nodes.has('model.shop.b')).toBe(true);
    });
  }
});

describe('doc blocks', () => {
  it('fill {{ doc("name") }} in descriptions and columns; an unknown name is an error with the file and the closest name', () => {
    const files = {
      'dbt_project.yml': 'name: shop\ndocs-paths: ["docs"]\n',
      'docs/overview.md': '# Notes\n\n{% docs order_status %}\nOne of **placed**, shipped or returned.\n{% enddocs %}\n\n{%- docs orders -%}All orders.{%- enddocs -%}\n',
      'models/orders.sql': 'select 1 as status',
      'models/props.yml': 'version: 2\nmodels:\n  - name: orders\n    description: \'{{ doc("orders") }} Built daily.\'\n    columns:\n      - name: status\n        description: "{{ doc(\'order_status\') }}"\n',
    };
    const project = load(files);
    expect(project.docBlocks.map((d) => [d.name, d.path, d.line])).toEqual([['order_status', 'docs/overview.md', 3], ['orders', 'docs/overview.md', 7]]);
    const props = project.modelProperties.get('orders')!.value;
    expect(props.description).toBe('All orders. Built daily.');
    expect(props.columns![0]!.description).toBe('One of **placed**, shipped or returned.');
    const errors = loadErrors({ ...files, 'models/props.yml': 'version: 2\nmodels:\n  - name: orders\n    description: "{{ doc(\'ordrs\') }}"\n' });
    expect(errors).toEqual([expect.objectContaining({ file: 'models/props.yml', line: 3, message: "{{ doc('ordrs') }} names no doc block", hint: expect.stringContaining("did you mean 'orders'?") })]);
  });
});

describe('dbt keys in properties files that weir does not support yet', () => {
  it('are named with file and line as warnings, and the rest of the file still applies', () => {
    const project = load({
      'dbt_project.yml': 'name: shop\n',
      'models/a.sql': 'select 1 as id',
      'models/schema.yml': [
        'version: 2', 'groups:', '  - name: finance', '    owner: {name: Ann}', 'models:', '  - name: a', '    access: public',
        '    config:', '      materialized: table', '      on_configuration_change: apply', '    time_spine: {standard_granularity_column: id}',
        'sources:', '  - name: shop', '    loader: fivetran', '    quoting: {identifier: false}', '    tables:', '      - name: orders',
        'exposures:', '  - name: dashboard', '    type: dashboard', '    owner: {name: Ann}',
      ].join('\n'),
    });
    expect(project.warnings.filter((w) => !w.message.startsWith('no profiles.yml')).map((w) => `${w.file}:${w.line} ${w.message}`)).toEqual([
      "models/schema.yml:10 weir does not support the 'on_configuration_change' config yet; 'on_configuration_change' is ignored",
      "models/schema.yml:15 weir does not support source quoting yet; 'quoting' is ignored",
    ]);
    // Exposures, groups and access are read (test/dbt-project/exposures.test.ts, groups-access.test.ts).
    expect(project.exposures.map((e) => e.value.name)).toEqual(['dashboard']);
    expect(project.groups.map((g) => g.value.name)).toEqual(['finance']);
    expect(project.modelProperties.get('a')!.value.access).toBe('public');
    expect(project.modelProperties.get('a')!.value.config).toEqual({ materialized: 'table' });
    expect(project.sources[0]!.value.tables.map((t) => t.name)).toEqual(['orders']);
  });
});
