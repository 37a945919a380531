import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../src/adapters/registry.js';
import { compileProject } from '../../src/compile/index.js';
import { collectingLogger } from '../../src/core/logger.js';
import { loadProject } from '../../src/project/index.js';
import { makeProject } from '../helpers/project.js';

function compileFor(type: 'duckdb' | 'postgres', files: Record<string, string>) {
  const project = loadProject(makeProject({ 'project.yml': 'name: d\n', ...files }));
  const entry = ADAPTERS[type]!;
  const compiled = compileProject(project, {
    target: { name: 'dev', type, schema: 's' },
    quoteRelation: (r) => entry.dialect.relation(r),
    adapterMacros: entry.macros,
    logger: collectingLogger(),
  });
  return (name: string) => [...compiled.nodes.values()].find((n) => n.name === name)!.compiledCode.trim();
}

describe('cross-database macros and adapter.dispatch', () => {
  it('pick <engine>__<macro>, else default__<macro>', () => {
    const model = { 'models/m.sql': "select {{ datediff('a', 'b', 'day') }} as d, {{ type_string() }} as t, {{ hash('x') }} as h" };
    expect(compileFor('duckdb', model)('m')).toBe("select date_diff('day', (a)::timestamp, (b)::timestamp) as d, varchar as t, md5(cast(x as varchar)) as h");
    expect(compileFor('postgres', model)('m')).toBe('select cast((cast(b as date) - cast(a as date)) as bigint) as d, text as t, md5(cast(x as text)) as h');
  });

  it('lets the project override an engine implementation, a default, or the macro itself', () => {
    const files = {
      'macros/overrides.sql': [
        "{% macro postgres__hash(field) %}encode(sha256(cast({{ field }} as bytea)), 'hex'){% endmacro %}",
        '{% macro default__type_string() %}string{% endmacro %}',
        "{% macro split_part(a, b, c) %}my_split({{ a }}){% endmacro %}",
        "{% macro greet(name) %}{{ adapter.dispatch('greet', 'd')(name) }}{% endmacro %}",
        "{% macro default__greet(name) %}'hello ' || {{ name }}{% endmacro %}",
        "{% macro duckdb__greet(name) %}concat('hi ', {{ name }}){% endmacro %}",
      ].join('\n'),
      'models/m.sql': "select {{ hash('x') }} as h, {{ type_string() }} as t, {{ split_part('s', \"','\", 1) }} as p, {{ greet('n') }} as g",
    };
    expect(compileFor('postgres', files)('m')).toBe("select encode(sha256(cast(x as bytea)), 'hex') as h, text as t, my_split(s) as p, 'hello ' || n as g");
    expect(compileFor('duckdb', files)('m')).toBe("select md5(cast(x as string)) as h, string as t, my_split(s) as p, concat('hi ', n) as g");
  });

  it('names the missing implementation when nothing matches', () => {
    expect(() => compileFor('duckdb', {
      'macros/m.sql': "{% macro nope() %}{{ adapter.dispatch('nope')() }}{% endmacro %}",
      'models/m.sql': 'select {{ nope() }}',
    })).toThrow(/adapter\.dispatch\('nope'\) found neither a macro 'duckdb__nope' nor 'default__nope'/);
  });
});
