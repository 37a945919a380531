import { afterEach, describe, expect, it } from 'vitest';
import { DUCKDB, POSTGRES, TRINO, queryEngine, type EngineTarget, type TestEngine } from '../helpers/engines.js';
import { describePg } from '../helpers/postgres.js';
import { makeProject, weir, writeFiles } from '../helpers/project.js';
import { describeTrino } from '../helpers/trino.js';

function validate(engine: TestEngine) {
  let target: EngineTarget | undefined;
  afterEach(async () => target?.cleanup());

  it('binds every model in DAG order with its parents\' new columns, reports every error, changes nothing', async () => {
    target = await engine.prepare();
    const dir = makeProject({
      'project.yml': `name: p\n${target.targetsYaml}models:\n  p:\n    +materialized: table\n`,
      'seeds/orders.csv': 'id,amount\n1,10\n2,20\n',
      'models/a.sql': "select id, amount from {{ ref('orders') }}\n",
      'models/b.sql': "select id from {{ ref('a') }}\n",
    });
    const built = weir(['build'], dir);
    expect(built.code, built.output).toBe(0);

    writeFiles(dir, {
      // a gains a column that b now reads: only a dry run in DAG order sees it.
      'models/a.sql': "select id, amount, amount * 2 as doubled from {{ ref('orders') }}\n",
      'models/b.sql': "select id, doubled from {{ ref('a') }}\n",
      'models/c.sql': "select id, amont from {{ ref('a') }}\n",
      'models/d.sql': "select id from {{ ref('b') }} where\n",
      'models/e.sql': "select doubled + 1 as more from {{ ref('b') }}\n",
    });
    const failed = weir(['validate'], dir);
    expect(failed.code, failed.output).toBe(1);
    expect(failed.output).toMatch(/models\/c\.sql:[\d:]* .*amont/); // Trino: models/c.sql:1:12:
    expect(failed.output).toMatch(/models\/d\.sql:[\d:]* .*(syntax error|mismatched input)/i);
    expect(failed.output).not.toMatch(/models\/[abe]\.sql/);
    expect(failed.output).toContain('Validated 5 models');
    expect(failed.output).toContain('2 with errors');
    // Rolled back: a is still the table built before, without the new column; c was never created.
    const columns = await queryEngine(target, dir, `select * from ${target.schema === 'main' ? 'main' : `"${target.schema}"`}.a order by id`);
    expect(columns.map((r) => [Number(r.id), Number(r.amount)])).toEqual([[1, 10], [2, 20]]);
    expect(Object.keys(columns[0]!)).toEqual(['id', 'amount']);

    writeFiles(dir, { 'models/c.sql': "select id, amount from {{ ref('a') }}\n", 'models/d.sql': "select id from {{ ref('b') }}\n" });
    const passed = weir(['validate', '-s', 'a+'], dir);
    expect(passed.code, passed.output).toBe(0);
    expect(passed.output).toMatch(/Validated 5 models in [\d.]+s: all bind/);
  });
}

describe('weir validate: duckdb', () => validate(DUCKDB));
describePg('weir validate: postgres', () => validate(POSTGRES));
// Trino binds each query with EXPLAIN (TYPE VALIDATE), selected parents' queries inlined (validate-inline.ts).
describeTrino('weir validate: trino', () => validate(TRINO));

// Trino's error position is in the EXPLAIN of the model's query with its parents inlined: weir
// gives it back as the model file's line and column (DuckDB and PostgreSQL quote the line themselves).
describeTrino('weir validate: trino error positions', () => {
  let target: EngineTarget | undefined;
  afterEach(async () => target?.cleanup());

  it('names the model file and the line and column in it, past the parent queries inlined above', async () => {
    target = await TRINO.prepare();
    const dir = makeProject({
      'project.yml': `name: p\n${target.targetsYaml}`,
      'models/a.sql': 'select 1 as id,\n  2 as amount\n',
      // a's three lines are inlined before line 2; the config() line renders empty, so lines stay put.
      'models/b.sql': "{{ config(materialized='view') }}\nselect a.id from {{ ref('a') }} as a\nwhere a.amont > 1\n",
      // A {% for %} block renders more lines than the file has: the compiled SQL's line is given.
      'models/c.sql': "{% for i in [1, 2] %}\nselect {{ i }} as n union all\n{% endfor %}\nselect nope from {{ ref('a') }}\n",
    });
    const failed = weir(['validate'], dir);
    expect(failed.code, failed.output).toBe(1);
    expect(failed.output).toMatch(/models\/b\.sql:3:\d+: .*amont/);
    expect(failed.output).toContain('  where a.amont > 1\n');
    expect(failed.output).toMatch(/models\/c\.sql: line \d+, column 8 of the compiled SQL: .*nope/);
    expect(failed.output).not.toMatch(/line \d+:\d+:/); // Trino's own position (in the EXPLAIN) is left out
  });
});
