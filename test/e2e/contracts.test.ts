import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DUCKDB, POSTGRES, TRINO, queryEngine, type EngineTarget, type TestEngine } from '../helpers/engines.js';
import { describePg } from '../helpers/postgres.js';
import { describeTrino } from '../helpers/trino.js';
import { makeProject, weir, writeFiles } from '../helpers/project.js';

const CONTRACT = [
  'models:',
  '  - name: orders',
  '    config:',
  '      contract: {enforced: true}',
  '    columns:',
  '      - name: id',
  '        data_type: int',
  '        constraints: [{type: not_null}, {type: primary_key}]',
  '      - name: customer',
  '        data_type: text',
  '      - name: amount',
  '        data_type: numeric',
  '      - name: ratio',
  '        data_type: float8',
  '',
].join('\n');

/** Several CLI runs each: on a loaded two-core machine they need more than the default timeout. */
const SLOW = 90_000;

const GOOD = "select 1 as id, 'ann' as customer, cast(10.5 as decimal(10,2)) as amount, cast(0.5 as double precision) as ratio\nunion all select 2, 'bob', 3, 0.25";

/** The type names each engine reports for a VARCHAR/text and an INTEGER column. */
const NAMES: Record<TestEngine['name'], { text: string; int: string }> = {
  duckdb: { text: 'VARCHAR', int: 'INTEGER' },
  postgres: { text: 'text', int: 'integer' },
  trino: { text: 'varchar', int: 'integer' },
};

function contracts(engine: TestEngine) {
  let target: EngineTarget;
  beforeEach(async () => {
    target = await engine.prepare();
  });
  afterEach(async () => {
    await target.cleanup();
  });
  const names = NAMES[engine.name];
  const project = (materialized: string) => makeProject({
    'project.yml': `name: shop\n${target.targetsYaml}`,
    'models/orders.sql': `{{ config(materialized='${materialized}') }}\n${GOOD}`,
    'models/orders.yml': CONTRACT,
  });
  const query = async (dir: string, sql: string) => (await queryEngine(target, dir, sql.replaceAll('{schema}', `"${target.schema}"`)))
    .map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' || (typeof v === 'string' && /^\d+$/.test(v)) ? Number(v) : v])));
  const model = (materialized: string, sql: string) => ({ 'models/orders.sql': `{{ config(materialized='${materialized}') }}\n${sql}` });

  it('builds a table whose columns match once type aliases are normalised, then keeps it when a change breaks the contract', async () => {
    const dir = project('table');
    const first = weir(['build'], dir);
    expect(first.output).toContain('PASS=1');
    expect(first.code).toBe(0);

    writeFiles(dir, model('table', "select '1' as id, 'ann' as customer, cast(0.5 as double precision) as ratio, 1 as note"));
    const broken = weir(['build'], dir);
    expect(broken.code).toBe(1);
    expect(broken.output).toContain("The contract of model 'orders' is not met (3 differences); nothing was replaced:");
    expect(broken.output).toContain(`column 'id' has type ${names.text}, the contract says int`);
    expect(broken.output).toContain("missing column 'amount' (contract: numeric): the model does not return it");
    expect(broken.output).toContain(`extra column 'note' (${names.int}): not in the contract`);
    expect(broken.output).toContain("hint: change the model's SQL (cast a column, e.g. cast(x as integer)) or its columns in models/orders.yml");
    expect(await query(dir, 'select id, customer from {schema}.orders order by id')).toEqual([{ id: 1, customer: 'ann' }, { id: 2, customer: 'bob' }]);
    expect(await query(dir, `select count(*) as n from information_schema.tables where table_schema = '${target.schema}' and table_name like '%weir%'`)).toEqual([{ n: 0 }]);
  });

  it('enforces not_null and primary_key constraints on the rows, keeping the previous table', async () => {
    const dir = project('table');
    expect(weir(['build'], dir).code).toBe(0);
    writeFiles(dir, model('table', "select * from (values (null, 'x', cast(1.0 as decimal(10,2)), cast(0.1 as double precision)), (1, 'y', 2, 0.2), (1, 'z', 3, 0.3)) as t(id, customer, amount, ratio)"));
    const run = weir(['build'], dir);
    expect(run.code).toBe(1);
    expect(run.output).toContain("Model 'orders' breaks its contract's constraints; nothing was replaced:");
    expect(run.output).toContain("column 'id' is not_null, but 1 row has null");
    expect(run.output).toContain('primary_key (id): 1 value appears more than once');
    expect(await query(dir, 'select count(*) as n from {schema}.orders')).toEqual([{ n: 2 }]);
  });

  it('checks a view before replacing it', async () => {
    const dir = project('view');
    expect(weir(['run'], dir).code).toBe(0);
    writeFiles(dir, model('view', "select 1 as id, 'ann' as customer, 1 as amount, 'high' as ratio"));
    const run = weir(['run'], dir);
    expect(run.code).toBe(1);
    expect(run.output).toContain(`column 'ratio' has type ${names.text}, the contract says float8`);
    expect(await query(dir, 'select ratio from {schema}.orders order by id')).toEqual([{ ratio: 0.5 }, { ratio: 0.25 }]);
  });

  it('checks new rows of an incremental model before inserting them', async () => {
    const dir = project('incremental');
    expect(weir(['run'], dir).code).toBe(0);
    const rows = (id: string, customer: string) => `select ${id} as id, ${customer} as customer, cast(1.0 as decimal(10,2)) as amount, cast(0.1 as double precision) as ratio`;
    writeFiles(dir, model('incremental', rows('3', '7')));
    const typed = weir(['run'], dir);
    expect(typed.code).toBe(1);
    expect(typed.output).toContain(`column 'customer' has type ${names.int}, the contract says text`);
    writeFiles(dir, model('incremental', rows('cast(null as integer)', "'cy'")));
    const nulls = weir(['run'], dir);
    expect(nulls.code).toBe(1);
    expect(nulls.output).toContain("column 'id' is not_null, but 1 row has null");
    expect(await query(dir, 'select count(*) as n from {schema}.orders')).toEqual([{ n: 2 }]);
  }, SLOW);

  it('checks an incremental model for duplicate keys after merging, rolling the insert back', async () => {
    const dir = project('incremental');
    expect(weir(['run'], dir).code).toBe(0);
    const rows = (id: string, customer: string) => `select ${id} as id, ${customer} as customer, cast(1.0 as decimal(10,2)) as amount, cast(0.1 as double precision) as ratio`;
    writeFiles(dir, model('incremental', rows('2', "'bo'")));
    const duplicate = weir(['run'], dir);
    expect(duplicate.code).toBe(1);
    expect(duplicate.output).toContain('primary_key (id): 1 value appears more than once');
    expect(await query(dir, 'select count(*) as n from {schema}.orders')).toEqual([{ n: 2 }]);
    writeFiles(dir, model('incremental', rows('3', "'cy'")));
    expect(weir(['run'], dir).code).toBe(0);
    expect(await query(dir, 'select count(*) as n from {schema}.orders')).toEqual([{ n: 3 }]);
  }, SLOW);
}

describe('model contracts: duckdb', () => contracts(DUCKDB));
describePg('model contracts: postgres', () => contracts(POSTGRES));
describeTrino('model contracts: trino', () => contracts(TRINO));

describe('bad contracts', () => {
  it('refuses at compile time a contract with an untyped column, an unknown constraint column, or on an ephemeral model', () => {
    const dir = makeProject({
      'project.yml': 'name: shop\n',
      'models/a.sql': 'select 1 as id, 2 as n',
      'models/b.sql': "{{ config(materialized='ephemeral') }}\nselect 1 as id",
      'models/p.yml': [
        'models:',
        '  - name: a',
        '    config: {contract: {enforced: true}}',
        '    constraints: [{type: primary_key, columns: [idd]}]',
        '    columns:',
        '      - name: id',
        '        data_type: integer',
        '      - name: n',
        '        description: no type here',
        '  - name: b',
        '    config: {contract: {enforced: true}}',
        '    columns: [{name: id, data_type: integer}]',
        '',
      ].join('\n'),
    });
    const run = weir(['compile'], dir);
    expect(run.code).toBe(2);
    expect(run.output).toContain("models/p.yml:8: column 'n' of model 'a' has no data_type, and the model enforces a contract");
    expect(run.output).toContain("names column 'idd', which the contract does not declare");
    expect(run.output).toContain("did you mean 'id'?");
    expect(run.output).toContain("model 'b' enforces a contract but is ephemeral");
  });

  it('rejects an unknown constraint type with the allowed ones', () => {
    const dir = makeProject({
      'project.yml': 'name: shop\n',
      'models/a.sql': 'select 1 as id',
      'models/p.yml': 'models:\n  - name: a\n    columns:\n      - name: id\n        constraints: [{type: not_nul}]\n',
    });
    const run = weir(['compile'], dir);
    expect(run.code).toBe(2);
    expect(run.output).toMatch(/models\/p\.yml:5.*not_null/);
  });
});
