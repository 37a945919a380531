import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../src/adapters/registry.js';
import { compileProject } from '../../src/compile/index.js';
import { collectingLogger } from '../../src/core/logger.js';
import { loadProject } from '../../src/project/index.js';
import { makeProject } from '../helpers/project.js';

function compiled(files: Record<string, string>) {
  const project = loadProject(makeProject({ 'project.yml': 'name: d\n', ...files }));
  const entry = ADAPTERS.postgres!;
  const result = compileProject(project, { target: { name: 'dev', type: 'postgres', schema: 's' }, quoteRelation: (r) => entry.dialect.relation(r), adapterMacros: entry.macros, logger: collectingLogger() });
  return (name: string) => [...result.nodes.values()].find((n) => n.name === name)!.compiledCode.trim();
}

describe('dbt context at compile', () => {
  it('has modules.pytz zones, the dbt namespace of a macro, and api.Relation without a warehouse', () => {
    const sql = compiled({
      'models/m.sql': [
        "select '{{ modules.pytz.timezone('Europe/Paris').zone }}|{{ modules.pytz.utc }}' as z,",
        " {{ dbt.type_string() }} as t, {{ dbt.dateadd('day', 1, 'd') }} as d,",
        " '{{ api.Relation.create(schema='x', identifier='y') }}|{{ api.Relation.create(schema='x', identifier='y').include(schema=false) }}' as r",
      ].join('\n'),
    })('m');
    expect(sql).toBe(`select 'Europe/Paris|UTC' as z,\n text as t, (d + ((interval '1 day') * (1))) as d,\n '"x"."y"|"y"' as r`);
  });
});
