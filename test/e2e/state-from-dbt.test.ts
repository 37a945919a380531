import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, weir, writeFiles } from '../helpers/project.js';

/** The project test/fixtures/dbt-state/manifest.json was parsed from by dbt itself. */
const PROJECT = {
  'dbt_project.yml': 'name: st\nprofile: st\nconfig-version: 2\nmodels:\n  st:\n    +materialized: view\n',
  'profiles.yml': 'st:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: dev.duckdb\n      schema: main\n',
  'seeds/raw.csv': 'id,name\n1,a\n2,b\n3,c\n',
  'models/stg.sql': "select id, name from {{ ref('raw') }}\n",
  'models/narrow.sql': "{{ config(materialized='table') }}\nselect id from {{ ref('stg') }}\n",
  'models/schema.yml': 'version: 2\nmodels:\n  - name: narrow\n    columns:\n      - name: id\n        data_tests: [unique]\n',
};

describe('state:modified against a manifest dbt wrote (moving a project from dbt)', () => {
  it('compares as dbt does: file checksums with whitespace stripped, and config', () => {
    const dir = makeProject(PROJECT);
    const state = join(dir, 'prod');
    mkdirSync(state);
    cpSync(join(import.meta.dirname, '..', 'fixtures', 'dbt-state', 'manifest.json'), join(state, 'manifest.json'));
    const ls = (selector: string) => {
      const run = weir(['ls', '-s', selector, '--state', state, '--output', 'name', '--resource-type', 'model', 'seed', 'test'], dir);
      expect(run.code, run.output).toBe(0);
      return { names: run.stdout.split('\n').filter(Boolean).sort(), log: run.stderr };
    };

    const same = ls('state:modified');
    expect(same.names).toEqual([]);
    expect(same.log).toContain('nodes are compared as dbt compares them, by file checksum and config');
    expect(ls('state:unmodified').names).toEqual(['narrow', 'raw', 'stg', 'unique_narrow_id']);

    // dbt strips a file before hashing it: blank lines at the end change nothing.
    writeFiles(dir, { 'models/stg.sql': `\n${PROJECT['models/stg.sql']}\n\n  \n` });
    expect(ls('state:modified').names).toEqual([]);

    writeFiles(dir, { 'models/stg.sql': "select id, upper(name) as name from {{ ref('raw') }}\n" });
    expect(ls('state:modified').names).toEqual(['stg']);
    expect(ls('state:modified.body').names).toEqual(['stg']);
    expect(ls('state:modified.configs').names).toEqual([]);
    expect(ls('state:modified+').names).toEqual(['narrow', 'stg', 'unique_narrow_id']);
    writeFiles(dir, { 'models/stg.sql': PROJECT['models/stg.sql'] });

    writeFiles(dir, { 'dbt_project.yml': PROJECT['dbt_project.yml'].replace('+materialized: view', '+materialized: table') });
    expect(ls('state:modified.configs').names).toEqual(['stg']);
    writeFiles(dir, { 'dbt_project.yml': PROJECT['dbt_project.yml'] });

    writeFiles(dir, { 'seeds/raw.csv': 'id,name\n1,a\n2,b\n', 'models/extra.sql': 'select 1 as x\n' });
    expect(ls('state:modified').names).toEqual(['extra', 'raw']);
    expect(ls('state:new').names).toEqual(['extra']);
  });
});
