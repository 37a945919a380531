import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import { makeProject, weir } from './project.js';
import { tempDir } from './temp-dir.js';

/** What a compile wrote to `targetPath`, without what differs every run (invocation, time, cache generation). */
export function artifacts(dir: string, targetPath: string, asRoot = dir) {
  const target = join(dir, targetPath);
  const json = (file: string) => {
    // compiled_path names the target folder, as dbt's: the cold compile writes to another one.
    const text = readFileSync(join(target, file), 'utf8').replaceAll(`"${targetPath}/compiled/`, '"<target>/compiled/').replaceAll(dir, asRoot);
    const data = JSON.parse(text);
    return { ...data, metadata: { ...data.metadata, invocation_id: '', generated_at: '', partial_parse: '' } };
  };
  const compiled: Record<string, string> = {};
  for (const entry of readdirSync(join(target, 'compiled'), { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) compiled[relative(target, join(entry.parentPath, entry.name))] = readFileSync(join(entry.parentPath, entry.name), 'utf8');
  }
  return { manifest: json('manifest.json'), weir: json('weir_manifest.json'), compiled };
}

/**
 * Compiles cold (no partial parse) into target-cold and expects target/ to hold exactly what it wrote.
 * `copy`: in a copy of the project beside it, so nothing is written in the project (a watcher would see it).
 */
export function expectTargetLikeCold(dir: string, args: readonly string[] = [], copy = false): void {
  const coldDir = copy ? tempDir('weir-cold-') : dir;
  if (copy) cpSync(dir, coldDir, { recursive: true, filter: (path) => !path.startsWith(join(dir, 'target')) });
  const cold = weir(['compile', ...args, '--no-partial-parse', '--target-path', 'target-cold'], coldDir);
  expect(cold.code, cold.output).toBe(0);
  const warm = artifacts(dir, 'target');
  const coldArtifacts = artifacts(coldDir, 'target-cold', dir);
  expect(warm.compiled).toEqual(coldArtifacts.compiled);
  expect(warm.weir).toEqual(coldArtifacts.weir);
  expect(warm.manifest).toEqual(coldArtifacts.manifest);
}

/** A small project with a var, a macro, an ephemeral model, a seed, tests, a doc block and yml descriptions. */
export function shop(): string {
  return makeProject({
    'project.yml': 'name: shop\nvars:\n  currency: EUR\nmodels:\n  shop:\n    +materialized: table\n',
    'macros/cents.sql': '{% macro cents(col) %}({{ col }} * 100){% endmacro %}\n',
    'models/base.sql': "select 1 as id, 2.5 as amount, '{{ var(\"currency\") }}' as currency\n",
    'models/eph.sql': "{{ config(materialized='ephemeral') }}\nselect id, {{ cents('amount') }} as cents from {{ ref('base') }}\n",
    'models/middle.sql': 'select * from {{ ref("eph") }} join {{ ref("rates") }} using (id)\n',
    'models/top.sql': 'select * from {{ ref("middle") }}\n',
    'models/other.sql': 'select 2 as id\n',
    'models/schema.yml': [
      'version: 2', 'models:', '  - name: middle', '    description: The middle one', '    columns:',
      '      - name: id', '        data_tests: [not_null, unique]', '  - name: top', '    config:', '      tags: [daily]',
      '  - name: other', '    description: "{{ doc(\'other_doc\') }}"', '    columns:', '      - name: id', '        description: The id', '',
    ].join('\n'),
    'models/docs.md': '{% docs other_doc %}Another model{% enddocs %}\n',
    'seeds/rates.csv': 'id,rate\n1,1.5\n',
  });
}
