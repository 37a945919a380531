import { describe, expect, it } from 'vitest';
import { DiagnosticsError, UsageError } from '../../src/core/index.js';
import { folderConfigFor, loadProject, resolveTarget } from '../../src/project/index.js';
import { makeProject } from '../helpers/project.js';

function diagnosticsOf(dir: string) {
  try {
    loadProject(dir);
  } catch (error) {
    if (error instanceof DiagnosticsError) return error.diagnostics;
    throw error;
  }
  throw new Error('expected the project to be rejected');
}

describe('loadProject', () => {
  it('accepts a project.yml holding only a name, with standard paths and a DuckDB target', () => {
    const dir = makeProject({ 'project.yml': 'name: x\n', 'models/a.sql': 'select 1 as id\n' });
    const project = loadProject(dir);
    expect(project.name).toBe('x');
    expect(project.paths.models).toEqual(['models']);
    expect(project.models.map((m) => m.name)).toEqual(['a']);
    const target = resolveTarget(project, undefined);
    expect(target).toMatchObject({ name: 'dev', type: 'duckdb', schema: 'main' });
    expect(target.config.path).toBe('target/dev.duckdb');
  });

  it('reports a YAML syntax error with file and line', () => {
    const dir = makeProject({ 'project.yml': 'name: x\nvars:\n  a: [1, 2\n  b: 3\n' });
    const [d] = diagnosticsOf(dir);
    expect(d).toMatchObject({ file: 'project.yml', severity: 'error' });
    expect(d!.line).toBeGreaterThanOrEqual(3);
    expect(d!.message).toMatch(/YAML syntax error/);
  });

  it('reports one bad indent once, at its line, not the errors that follow from it', () => {
    const dir = makeProject({
      'project.yml': 'name: x\n',
      'models/a.sql': 'select 1 as id\n',
      'models/props.yml': 'models:\n  - name: a\n  description: x\n    columns:\n      - name: id\n',
    });
    const ds = diagnosticsOf(dir);
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ file: 'models/props.yml', line: 3, severity: 'error' });
    expect(ds[0]!.message).toMatch(/^YAML syntax error: All mapping items must start at the same column \(2 more YAML errors after it in this file may follow from this one: fix it first\)$/);
  });

  it('names the key path, line and allowed keys for an unknown key and a wrong type', () => {
    const dir = makeProject({ 'project.yml': 'name: x\ntarget_pth: out\nvars: 3\n' });
    const ds = diagnosticsOf(dir);
    const unknown = ds.find((d) => d.key === 'target_pth');
    expect(unknown).toMatchObject({ file: 'project.yml', line: 2, message: "unknown key 'target_pth'" });
    expect(unknown!.hint).toMatch(/did you mean 'target_path'\?/);
    const wrongType = ds.find((d) => d.key === 'vars');
    expect(wrongType).toMatchObject({ line: 3 });
    expect(wrongType!.message).toMatch(/object|record/i);
  });

  it('validates folder-level config values and keys, with the key path', () => {
    const dir = makeProject({
      'project.yml': 'name: x\nmodels:\n  x:\n    marts:\n      +materialized: table\n      +materialised: view\n',
    });
    const ds = diagnosticsOf(dir);
    // A materialization's name is checked once the macros are known (compile-project.test.ts).
    const typo = ds.find((d) => d.key === 'models.x.marts.+materialised');
    expect(typo).toMatchObject({ line: 6, message: "unknown config key 'materialised'" });
    expect(typo!.hint).toMatch(/did you mean '\+materialized'/);
  });

  it('resolves folder config: deeper folders win and tags add up', () => {
    const dir = makeProject({
      'project.yml': [
        'name: shop',
        'models:',
        '  shop:',
        '    +tags: [all]',
        '    staging:',
        '      +materialized: view',
        '      +tags: [staging]',
        '    marts:',
        '      +materialized: table',
        '      +schema: marts',
        '',
      ].join('\n'),
    });
    const project = loadProject(dir);
    expect(folderConfigFor(project.modelFolders, ['shop', 'marts', 'fct'])).toEqual({ tags: ['all'], materialized: 'table', schema: 'marts' });
    expect(folderConfigFor(project.modelFolders, ['shop', 'staging', 'stg'])).toEqual({ tags: ['all', 'staging'], materialized: 'view' });
  });

  it('rejects duplicate model names, naming both files', () => {
    const dir = makeProject({ 'project.yml': 'name: x\n', 'models/a/m.sql': 'select 1', 'models/b/m.sql': 'select 2' });
    const [d] = diagnosticsOf(dir);
    expect(d!.message).toBe("'m' is defined more than once: models/a/m.sql, models/b/m.sql");
  });

  it('validates model properties files, with file, line and key path', () => {
    const dir = makeProject({
      'project.yml': 'name: x\n',
      'models/a.sql': 'select 1 as id',
      'models/props.yml': 'models:\n  - name: a\n    columns:\n      - name: id\n        descripton: key\n',
    });
    const [d] = diagnosticsOf(dir);
    expect(d).toMatchObject({ file: 'models/props.yml', line: 5, key: 'models[0].columns[0].descripton' });
    expect(d!.hint).toMatch(/did you mean 'description'/);
  });

  it('says what to do when there is no project.yml', () => {
    const dir = makeProject({ 'models/a.sql': 'select 1' });
    expect(() => loadProject(dir)).toThrow(UsageError);
    expect(() => loadProject(dir)).toThrow(/No project.yml found/);
  });

  it('renders env_var() in targets and reports a missing target and a missing variable', () => {
    const dir = makeProject({
      'project.yml': "name: x\ntargets:\n  dev:\n    type: duckdb\n    path: \"{{ env_var('WEIR_TEST_DB', 'fallback.duckdb') }}\"\n  prod:\n    type: duckdb\n    path: \"{{ env_var('WEIR_TEST_UNSET_VAR') }}\"\n",
    });
    const project = loadProject(dir);
    expect(resolveTarget(project, 'dev', {}).config.path).toBe('fallback.duckdb');
    expect(resolveTarget(project, 'dev', { WEIR_TEST_DB: 'x.duckdb' }).config.path).toBe('x.duckdb');
    expect(() => resolveTarget(project, 'staging', {})).toThrow(/Target 'staging' is not defined in project.yml/);
    try {
      resolveTarget(project, 'prod', {});
      throw new Error('expected failure');
    } catch (error) {
      expect(error).toBeInstanceOf(DiagnosticsError);
      expect((error as DiagnosticsError).diagnostics[0]).toMatchObject({ file: 'project.yml', line: 6, key: 'targets.prod.path' });
    }
  });
});
