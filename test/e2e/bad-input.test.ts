import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, REPO_ROOT, weir } from '../helpers/project.js';

describe('bad input on the command line', () => {
  it('exits 2 with file and line for a YAML syntax error', () => {
    const dir = makeProject({ 'project.yml': 'name: x\nmodels:\n  x:\n    +materialized: [view\n' });
    const run = weir(['build'], dir);
    expect(run.code).toBe(2);
    expect(run.output).toMatch(/project\.yml:\d+(:\d+)?: YAML syntax error/);
  });

  it('exits 2 naming the key path for a wrong config type', () => {
    const dir = makeProject({ 'project.yml': 'name: x\nmodels:\n  x:\n    +materialized: 3\n' });
    const run = weir(['compile'], dir);
    expect(run.code).toBe(2);
    expect(run.output).toContain('project.yml:4 (at models.x.+materialized)');
  });

  it('exits 2 for a template syntax error, an unknown macro and a missing ref, listing them all', () => {
    const dir = makeProject({
      'project.yml': 'name: x\n',
      'models/a.sql': 'select 1\nfrom {% if %}',
      'models/b.sql': 'select {{ nope() }}',
      'models/c.sql': "select * from {{ ref('aa') }}",
    });
    const run = weir(['run'], dir);
    expect(run.code).toBe(2);
    expect(run.output).toMatch(/models\/a\.sql:2(:\d+)?: template syntax error/);
    expect(run.output).toContain("models/b.sql:1: unknown macro or function 'nope'");
    expect(run.output).toContain("models/c.sql:1: model 'c' depends on 'aa', which was not found");
    expect(run.output).toContain("hint: did you mean 'a'?");
    expect(run.output).toContain('Found 3 problems in the project; nothing was run.');
  });

  it("blames a macro file's syntax error on that file and line, even when no model calls the macro", () => {
    const dir = makeProject({
      'project.yml': 'name: x\n',
      'models/a.sql': 'select 1 as a',
      'macros/ok.sql': '{% macro ok() %}1{% endmacro %}\n',
      'macros/m.sql': '{% macro fine() %}1{% endmacro %}\n\n{% macro bad(x %}\nselect {{ x }}\n{% endmacro %}\n',
    });
    const run = weir(['compile'], dir);
    expect(run.code).toBe(2);
    expect(run.output).toMatch(/macros\/m\.sql:3(:\d+)?: template syntax error/);
    expect(run.output).not.toContain('built-in');
  });

  it('warns about a yml entry for a model or seed that does not exist, with file, line and the closest name', () => {
    const dir = makeProject({
      'project.yml': 'name: x\n',
      'models/orders.sql': 'select 1 as id',
      'models/props.yml': 'models:\n  - name: orders\n  - name: order_items\n    description: gone\n',
      'seeds/countries.csv': 'id\n1\n',
      'seeds/props.yml': 'seeds:\n  - name: countrys\n    columns:\n      - name: id\n',
    });
    for (const command of ['compile', 'build']) {
      const run = weir([command], dir);
      expect(run.code).toBe(0);
      expect(run.output).toContain("Warning: models/props.yml:3: properties describe model 'order_items', but there is no such model or seed: the entry is ignored");
      expect(run.output).toContain("Warning: seeds/props.yml:2: properties describe seed 'countrys', but there is no such model or seed");
      expect(run.output).toContain("hint: did you mean 'countries'?");
    }
  });

  it('says nothing of a yml entry for a disabled model or seed, as dbt, and still tests nothing of it', () => {
    const dir = makeProject({
      'project.yml': 'name: x\nseeds:\n  x:\n    countries:\n      +enabled: false\n',
      'models/orders.sql': "{{ config(enabled=false) }}\nselect 1 as id",
      'models/live.sql': 'select 1 as id',
      'models/props.yml': 'models:\n  - name: orders\n    columns:\n      - name: id\n        data_tests: [not_null]\n  - name: live\n',
      'seeds/countries.csv': 'id\n1\n',
      'seeds/props.yml': 'seeds:\n  - name: countries\n    columns:\n      - name: id\n        data_tests: [unique]\n',
    });
    const run = weir(['build'], dir);
    expect(run.code, run.output).toBe(0);
    expect(run.output).not.toContain('properties describe');
    expect(run.output).toContain('PASS=1 WARN=0 ERROR=0 SKIP=0');
  });

  it('exits 2 for a cycle, printing it', () => {
    const dir = makeProject({
      'project.yml': 'name: x\n',
      'models/a.sql': "select * from {{ ref('b') }}",
      'models/b.sql': "select * from {{ ref('a') }}",
    });
    const run = weir(['run'], dir);
    expect(run.code).toBe(2);
    expect(run.output).toMatch(/(a -> b -> a|b -> a -> b)/);
  });

  it('exits 2 for a missing target, listing the defined ones', () => {
    const dir = makeProject({ 'project.yml': 'name: x\n' });
    const run = weir(['run', '--target', 'prod'], dir);
    expect(run.code).toBe(2);
    expect(run.output).toContain("Target 'prod' is not defined in project.yml.");
    expect(run.output).toContain('defined targets: dev');
  });

  it('exits 2 for an unknown command or option', () => {
    const dir = makeProject({ 'project.yml': 'name: x\n' });
    expect(weir(['frobnicate'], dir).code).toBe(2);
    expect(weir(['run', '--threads', 'zero'], dir).code).toBe(2);
  });

  it('says the DuckDB file is locked by another process, and what to do', async () => {
    const dir = makeProject({ 'project.yml': 'name: x\n', 'models/a.sql': 'select 1 as id' });
    expect(weir(['run'], dir).code).toBe(0);
    const holder = spawn(process.execPath, ['--input-type=module', '-e', `
      import { DuckDBInstance } from '@duckdb/node-api';
      const instance = await DuckDBInstance.create(${JSON.stringify(join(dir, 'target/dev.duckdb'))});
      await instance.connect();
      console.log('locked');
      setInterval(() => {}, 1000);
    `], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve) => holder.stdout!.on('data', () => resolve()));
      const run = weir(['run'], dir);
      expect(run.code).toBe(2);
      expect(run.output).toMatch(/The DuckDB file .*dev\.duckdb is locked by another process .*PID \d+/);
      expect(run.output).toMatch(/hint: DuckDB allows one writer at a time/);
    } finally {
      holder.kill();
    }
  });
});

describe('weir init, debug and clean', () => {
  it('scaffolds a project that builds at once', () => {
    const parent = makeProject({});
    const init = weir(['init', 'demo'], parent);
    expect(init.code).toBe(0);
    const dir = join(parent, 'demo');
    const build = weir(['build'], dir);
    expect(build.output).toContain('ERROR=0');
    expect(build.code).toBe(0);
    const debug = weir(['debug'], dir);
    expect(debug.code).toBe(0);
    expect(debug.stdout).toMatch(/connection: duckdb target\/dev\.duckdb \(schema main\) - OK/);
    expect(weir(['clean'], dir).code).toBe(0);
    expect(weir(['ls'], dir).code).toBe(0);
  });
});
