import { describe, expect, it } from 'vitest';
import { makeProject, weir, writeFiles } from '../helpers/project.js';
import { queryDuckDb } from '../helpers/duckdb.js';

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

const GOOD = "select 1 as id, 'ann' as customer, 10.5::decimal(10,2) as amount, 0.5::double as ratio\nunion all select 2, 'bob', 3, 0.25";

function project(materialized: string) {
  return makeProject({
    'project.yml': 'name: shop\n',
    'models/orders.sql': `{{ config(materialized='${materialized}') }}\n${GOOD}`,
    'models/orders.yml': CONTRACT,
  });
}

describe('model contracts', () => {
  it('builds a table whose columns match once type aliases are normalised, then keeps it when a change breaks the contract', async () => {
    const dir = project('table');
    const first = weir(['build'], dir);
    expect(first.output).toContain('PASS=1');
    expect(first.code).toBe(0);

    writeFiles(dir, { 'models/orders.sql': "{{ config(materialized='table') }}\nselect '1' as id, 'ann' as customer, 0.5::double as ratio, 1 as note" });
    const broken = weir(['build'], dir);
    expect(broken.code).toBe(1);
    expect(broken.output).toContain("The contract of model 'orders' is not met (3 differences); nothing was replaced:");
    expect(broken.output).toContain("column 'id' has type VARCHAR, the contract says int");
    expect(broken.output).toContain("missing column 'amount' (contract: numeric): the model does not return it");
    expect(broken.output).toContain("extra column 'note' (INTEGER): not in the contract");
    expect(broken.output).toContain('hint: change the model\'s SQL (cast a column, e.g. cast(x as integer)) or its columns in models/orders.yml');
    expect(await queryDuckDb(dir, 'select id, customer from main.orders order by id')).toEqual([{ id: 1, customer: 'ann' }, { id: 2, customer: 'bob' }]);
    expect(await queryDuckDb(dir, "select count(*) as n from information_schema.tables where table_name like '%weir%'")).toEqual([{ n: 0n }]);
  });

  it('enforces not_null and primary_key constraints on the rows, keeping the previous table', async () => {
    const dir = project('table');
    expect(weir(['build'], dir).code).toBe(0);
    writeFiles(dir, { 'models/orders.sql': "{{ config(materialized='table') }}\nselect * from (values (null, 'x', 1.0::decimal(10,2), 0.1::double), (1, 'y', 2, 0.2), (1, 'z', 3, 0.3)) as t(id, customer, amount, ratio)" });
    const run = weir(['build'], dir);
    expect(run.code).toBe(1);
    expect(run.output).toContain("Model 'orders' breaks its contract's constraints; nothing was replaced:");
    expect(run.output).toContain("column 'id' is not_null, but 1 row has null");
    expect(run.output).toContain("primary_key (id): 1 value appears more than once");
    expect(await queryDuckDb(dir, 'select count(*) as n from main.orders')).toEqual([{ n: 2n }]);
  });

  it('checks a view before replacing it', async () => {
    const dir = project('view');
    expect(weir(['run'], dir).code).toBe(0);
    writeFiles(dir, { 'models/orders.sql': "{{ config(materialized='view') }}\nselect 1 as id, 'ann' as customer, 1 as amount, 'high' as ratio" });
    const run = weir(['run'], dir);
    expect(run.code).toBe(1);
    expect(run.output).toContain("column 'ratio' has type VARCHAR, the contract says float8");
    expect(await queryDuckDb(dir, 'select ratio from main.orders order by id')).toEqual([{ ratio: 0.5 }, { ratio: 0.25 }]);
  });

  it('checks new rows of an incremental model before inserting them', async () => {
    const dir = project('incremental');
    expect(weir(['run'], dir).code).toBe(0);
    writeFiles(dir, { 'models/orders.sql': "{{ config(materialized='incremental') }}\nselect 3 as id, null as customer, 1.0::decimal(10,2) as amount, 0.1::double as ratio" });
    const typed = weir(['run'], dir);
    expect(typed.code).toBe(1);
    expect(typed.output).toContain("column 'customer' has type INTEGER, the contract says text");
    writeFiles(dir, { 'models/orders.sql': "{{ config(materialized='incremental') }}\nselect null::int as id, 'cy' as customer, 1.0::decimal(10,2) as amount, 0.1::double as ratio" });
    const nulls = weir(['run'], dir);
    expect(nulls.code).toBe(1);
    expect(nulls.output).toContain("column 'id' is not_null, but 1 row has null");
    writeFiles(dir, { 'models/orders.sql': "{{ config(materialized='incremental') }}\nselect 2 as id, 'bo' as customer, 1.0::decimal(10,2) as amount, 0.1::double as ratio" });
    const duplicate = weir(['run'], dir);
    expect(duplicate.code).toBe(1);
    expect(duplicate.output).toContain('primary_key (id): 1 value appears more than once');
    expect(await queryDuckDb(dir, 'select count(*) as n from main.orders')).toEqual([{ n: 2n }]);
    writeFiles(dir, { 'models/orders.sql': "{{ config(materialized='incremental') }}\nselect 3 as id, 'cy' as customer, 1.0::decimal(10,2) as amount, 0.1::double as ratio" });
    expect(weir(['run'], dir).code).toBe(0);
    expect(await queryDuckDb(dir, 'select count(*) as n from main.orders')).toEqual([{ n: 3n }]);
  });

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
