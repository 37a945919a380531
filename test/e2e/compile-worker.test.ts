import { describe, expect, it } from 'vitest';
import { makeProject, weir } from '../helpers/project.js';
import { weirEvents } from '../helpers/log-events.js';
import { artifacts } from '../helpers/cold-compile.js';

/**
 * A cold compile of a big project parses and renders a share of its templates on a worker thread
 * (src/compile/parallel-templates.ts) when WEIR_COMPILE_WORKER=1. =only gives the worker every template and
 * =all shares them at any size; unset, it compiles on one thread. Each must write the same artifacts and log
 * the same events in the same order, and report the same errors.
 */

const MANY = 250; // three batches of templates, so a shared compile can split them between the threads

function project(extra: Record<string, string> = {}): Record<string, string> {
  const files: Record<string, string> = {
    'project.yml': 'name: shop\nvars:\n  currency: EUR\n',
    'macros/shout.sql': "{% macro shout(x) %}{{ log('shout ' ~ x, info=True) }}upper({{ x }}){% endmacro %}\n",
    'models/a.sql': "{{ log('a renders', info=True) }}select 1 as id, '{{ var(\"currency\") }}' as currency\n",
    'models/b.sql': 'select {{ shout("currency") }} as c from {{ ref("a") }}\n',
    // `graph` needs every node's facts: rendered again on the main thread.
    'models/g.sql': "{% for n in graph.nodes.values() | sort(attribute='unique_id') %}{% if n.name == 'b' %}-- {{ n.unique_id }} {{ n.depends_on.nodes }}\n{% endif %}{% endfor %}select 1 as id\n",
    'models/m.sql': "select '{{ model.unique_id }}' as id, '{{ this }}' as t, {{ model.refs | length }} as n from {{ ref('b') }}\n",
    'models/eph.sql': "{{ config(materialized='ephemeral') }}\nselect id from {{ ref('a') }}\n",
    'models/uses_eph.sql': 'select * from {{ ref("eph") }}\n',
    'models/inc.sql': "{{ config(materialized='incremental', unique_key='id') }}\nselect * from {{ ref('a') }}\n{% if is_incremental() %}where id > (select max(id) from {{ this }}){% endif %}\n",
    'models/off.sql': "{{ config(enabled=false) }}\nselect 0 as id\n",
    'tests/no_negative.sql': "{{ log('test renders', info=True) }}select * from {{ ref('a') }} where id < 0\n",
    'analyses/look.sql': 'select count(*) from {{ ref("b") }}\n',
  };
  for (let i = 0; i < MANY; i++) {
    files[`models/many/n${String(i).padStart(3, '0')}.sql`] = i % 7 === 0
      ? `{{ log('n${i} renders', info=True) }}{% set cols = ['id'] %}select {% for c in cols %}{{ c }}{% endfor %} from {{ ref('${i === 0 ? 'a' : `n${String(i - 1).padStart(3, '0')}`}') }}\n`
      : `select id from {{ ref('${i === 0 ? 'a' : `n${String(i - 1).padStart(3, '0')}`}') }}\n`;
  }
  return { ...files, ...extra };
}

function compile(files: Record<string, string>, worker: string) {
  const dir = makeProject(files);
  const run = weir(['compile', '-v', '--log-format', 'json'], dir, { WEIR_COMPILE_WORKER: worker });
  const events = weirEvents(run.stdout);
  const logged = events.filter((e) => e.code.startsWith('template_') || e.code === 'project_warning').map((e) => `${e.code} ${e.msg}`);
  const onWorker = events.find((e) => e.code === 'partial_parse')?.data.templatesOnWorker;
  return { dir, run, logged, onWorker };
}

describe('a compile shared with a worker thread', () => {
  it('writes what a single-thread compile writes and logs the same events in the same order', () => {
    const one = compile(project(), '0');
    expect(one.run.code, one.run.output).toBe(0);
    expect(one.logged).toContain('template_log shout currency');
    expect(one.logged.filter((l) => l.endsWith(' renders')).length).toBe(2 + Math.ceil(MANY / 7));
    const cold = artifacts(one.dir, 'target');
    expect(cold.compiled['compiled/shop/models/g.sql']).toContain('-- model.shop.b');
    for (const worker of ['only', 'all']) {
      const shared = compile(project(), worker);
      expect(shared.run.code, shared.run.output).toBe(0);
      // 'only': the 8 models (the disabled one too), the singular test, the analysis and the MANY were parsed on the worker.
      if (worker === 'only') expect(shared.onWorker).toBe(MANY + 10);
      expect(shared.logged).toEqual(one.logged);
      const got = artifacts(shared.dir, 'target', one.dir);
      expect(got.compiled).toEqual(cold.compiled);
      expect(got.weir).toEqual(cold.weir);
      expect(got.manifest).toEqual(cold.manifest);
    }
  });

  it('reports template errors as a single-thread compile does (file, line, message, order)', () => {
    const broken = project({
      'models/many/n010.sql': 'select id from {{ ref("n009") }\n',
      'models/many/n020.sql': "select {{ no_such_macro('x') }} from {{ ref('n019') }}\n",
      'models/many/n030.sql': "select 1 as id\n{{ exceptions.raise_compiler_error('n030 is wrong') }}\n",
    });
    const errors = (worker: string) => {
      const dir = makeProject(broken);
      const run = weir(['compile'], dir, { WEIR_COMPILE_WORKER: worker });
      // Each line starts with the time of day.
      return { code: run.code, output: run.output.replaceAll(dir, '<dir>').replace(/^\d\d:\d\d:\d\d/gm, '<time>') };
    };
    const one = errors('0');
    expect(one.code).not.toBe(0);
    expect(one.output).toMatch(/models\/many\/n010\.sql:1:\d+: template syntax error/);
    expect(one.output).toMatch(/models\/many\/n020\.sql:1: unknown macro or function 'no_such_macro'/);
    expect(one.output).toMatch(/models\/many\/n030\.sql:2: n030 is wrong/);
    for (const worker of ['only', 'all']) expect(errors(worker)).toEqual(one);
  });
});
