import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conformanceSetup } from '../helpers/conformance.js';
import { DUCKDB, POSTGRES, TRINO, type TestEngine } from '../helpers/engines.js';
import { describePg } from '../helpers/postgres.js';
import { describeTrino } from '../helpers/trino.js';
import { weir, writeFiles } from '../helpers/project.js';

/**
 * The adapter conformance suite: every engine runs the same builds and must give the same answers.
 * A new engine is added by adding it to test/helpers/engines.ts and making this suite pass.
 * Where engines legitimately differ (type names), the expectation is stated per engine.
 */
const EXPECTED_TYPES: Record<TestEngine['name'], Record<string, string>> = {
  duckdb: { id: 'BIGINT', 'Order Date': 'DATE', select: 'VARCHAR', price: 'DECIMAL(10,2)', ratio: 'DOUBLE', flag: 'BOOLEAN', at: 'TIMESTAMP', note: 'VARCHAR' },
  trino: { id: 'bigint', 'order date': 'date', select: 'varchar', price: 'decimal(10,2)', ratio: 'double', flag: 'boolean', at: 'timestamp(6)', note: 'varchar' },
  postgres: { id: 'bigint', 'Order Date': 'date', select: 'text', price: 'numeric(10,2)', ratio: 'double precision', flag: 'boolean', at: 'timestamp without time zone', note: 'text' },
};

/** Trino folds every identifier to lower case, quoted or not; the others keep a quoted name's case. */
const FOLDS_IDENTIFIERS: Record<TestEngine['name'], boolean> = { duckdb: false, postgres: false, trino: true };

function conformance(engine: TestEngine) {
  const { target, project, query, leftovers } = conformanceSetup(engine);

  it('builds views, tables and ephemerals, and a failing rebuild keeps the previous table', async () => {
    const dir = project({
      'seeds/raw.csv': 'id,name,amount\n1,a,1.5\n2,b,2.5\n3,c,\n',
      'models/v.sql': "select id, name, amount from {{ ref('raw') }}",
      'models/e.sql': "{{ config(materialized='ephemeral') }}\nselect id, amount * 2 as doubled from {{ ref('v') }}",
      'models/t.sql': "{{ config(materialized='table') }}\nselect id, doubled from {{ ref('e') }}",
    });
    const first = weir(['build'], dir);
    expect(first.output).toContain('PASS=3 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=3');
    expect(await query(dir, 'select id, doubled from {schema}.t order by id')).toEqual([
      { id: 1, doubled: 3 }, { id: 2, doubled: 5 }, { id: 3, doubled: null },
    ]);
    const adapter = await target().open(dir);
    try {
      await adapter.withSession(async (s) => {
        expect(await adapter.relationKind(s, { schema: target().schema, identifier: 'v' })).toBe('view');
        expect(await adapter.relationKind(s, { schema: target().schema, identifier: 't' })).toBe('table');
        expect(await adapter.relationKind(s, { schema: target().schema, identifier: 'e' })).toBeUndefined();
      });
    } finally {
      await adapter.close();
    }

    // The new table is built and swapped in, then the post-hook fails: everything rolls back.
    writeFiles(dir, { 'models/t.sql': "{{ config(materialized='table', post_hook='select * from no_such_table') }}\nselect 42 as id" });
    const failed = weir(['run', '-s', 't'], dir);
    expect(failed.code).toBe(1);
    expect(failed.output).toMatch(/no_such_table/);
    expect(await query(dir, 'select count(*) as n from {schema}.t')).toEqual([{ n: 3 }]);
    expect(await leftovers(dir)).toEqual([]);
  });

  it('reads the catalog of a schema in one call, as columns() does per relation, into catalog.json', async () => {
    const dir = project({
      'seeds/raw.csv': 'id,name\n1,a\n',
      'models/v.sql': "select id, name from {{ ref('raw') }}",
      'models/t.sql': "{{ config(materialized='table') }}\nselect id from {{ ref('v') }}",
    });
    expect(weir(['build'], dir).code).toBe(0);
    const adapter = await target().open(dir);
    try {
      await adapter.withSession(async (s) => {
        const relations = await adapter.catalog!(s, [target().schema]);
        expect(relations.map((r) => [r.identifier, r.kind]).sort()).toEqual([['raw', 'table'], ['t', 'table'], ['v', 'view']]);
        for (const r of relations) expect(r.columns).toEqual(await adapter.columns(s, r));
      });
    } finally {
      await adapter.close();
    }
    expect(weir(['docs', 'generate'], dir).code).toBe(0);
    const catalog = JSON.parse(readFileSync(join(dir, 'target/catalog.json'), 'utf8'));
    expect(catalog.nodes['model.conf.v'].metadata).toMatchObject({ type: 'VIEW', schema: target().schema, name: 'v' });
    expect(catalog.nodes['model.conf.v'].columns.id).toMatchObject({ index: 1, type: EXPECTED_TYPES[engine.name].id });
    expect(Object.keys(catalog.nodes).sort()).toEqual(['model.conf.t', 'model.conf.v', 'seed.conf.raw']);
  });

  it('replacing a seed or a view keeps the views built on it, and a view may change its columns', async () => {
    const dir = project({
      'seeds/raw.csv': 'id,name\n1,a\n2,b\n',
      'models/v1.sql': "select id, name from {{ ref('raw') }}",
      'models/v2.sql': "select id from {{ ref('v1') }}",
    });
    expect(weir(['build'], dir).output).toContain('PASS=3 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=3');
    writeFiles(dir, { 'seeds/raw.csv': 'id,name\n1,a\n2,b\n3,c\n' });
    expect(weir(['seed'], dir).code).toBe(0);
    expect(await query(dir, 'select count(*) as n from {schema}.v2')).toEqual([{ n: 3 }]);
    writeFiles(dir, { 'models/v1.sql': "select name as label, id, 1 as extra from {{ ref('raw') }}" });
    const changed = weir(['run', '-s', 'v1'], dir);
    expect(changed.code).toBe(0);
    expect(await query(dir, 'select label, extra from {schema}.v1 order by id limit 1')).toEqual([{ label: 'a', extra: 1 }]);
    expect(await query(dir, 'select count(*) as n from {schema}.v2')).toEqual([{ n: 3 }]);
  });

  it('a model goes from table to view and back, keeping its rows', async () => {
    const model = (kind: string, extra = '') => ({ 'models/m.sql': `{{ config(materialized='${kind}') }}\nselect id, name${extra} from {{ ref('raw') }}` });
    const dir = project({ 'seeds/raw.csv': 'id,name\n1,a\n2,b\n', ...model('table') });
    const rows = [{ id: 1, name: 'a' }, { id: 2, name: 'b' }];
    const built = async (kind: string, type: string) => {
      writeFiles(dir, model(kind));
      expect(weir(['build'], dir).output).toContain('PASS=2 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=2');
      expect(await query(dir, 'select id, name from {schema}.m order by id')).toEqual(rows);
      expect(await query(dir, `select table_type from information_schema.tables where table_schema = '${target().schema}' and table_name = 'm'`)).toEqual([{ table_type: type }]);
    };
    await built('table', 'BASE TABLE');
    await built('view', 'VIEW');
    await built('table', 'BASE TABLE');
    await built('view', 'VIEW');
    // A view whose SQL no longer binds fails by name, and the previous view still answers.
    writeFiles(dir, model('view', ', no_such_column'));
    const failed = weir(['run', '-s', 'm'], dir);
    expect(failed.code).toBe(1);
    expect(failed.output).toMatch(/model 'm' \(models\/m\.sql\) failed:[\s\S]*no_such_column/);
    expect(await query(dir, 'select id, name from {schema}.m order by id')).toEqual(rows);
    expect(await leftovers(dir)).toEqual([]);
  });

  it('runs the incremental strategies append, merge and delete+insert', async () => {
    const body = (strategy: string) => [
      `{{ config(materialized='incremental', incremental_strategy='${strategy}'${strategy === 'append' ? '' : ", unique_key='id'"}) }}`,
      "select 1 as id, '{{ var(\"v\") }}' as val",
      "union all select {{ var('n') }} as id, 'x' as val",
    ].join('\n');
    const dir = project({ 'models/app.sql': body('append'), 'models/mrg.sql': body('merge'), 'models/di.sql': body('delete+insert') });
    expect(weir(['run', '--vars', '{v: a, n: 2}'], dir).code).toBe(0);
    const second = weir(['run', '--vars', '{v: b, n: 3}'], dir);
    expect(second.code).toBe(0);
    expect(second.output).toMatch(/merge into table/);
    const rows = (model: string) => query(dir, `select id, val from {schema}.${model} order by id, val`);
    expect(await rows('app')).toEqual([{ id: 1, val: 'a' }, { id: 1, val: 'b' }, { id: 2, val: 'x' }, { id: 3, val: 'x' }]);
    const folded = [{ id: 1, val: 'b' }, { id: 2, val: 'x' }, { id: 3, val: 'x' }];
    expect(await rows('mrg')).toEqual(folded);
    expect(await rows('di')).toEqual(folded);
    expect(await leftovers(dir)).toEqual([]);
  });

  it("applies dbt's merge_update_columns, merge_exclude_columns and incremental_predicates", async () => {
    const body = (config: string) => [
      `{{ config(materialized='incremental', unique_key='id', ${config}) }}`,
      "select 1 as id, '{{ var(\"v\") }}' as a, '{{ var(\"v\") }}' as b",
      "union all select {{ var('n') }} as id, 'x' as a, 'x' as b",
    ].join('\n');
    const dir = project({
      'models/only_a.sql': body("merge_update_columns=['a']"),
      'models/not_a.sql': body("merge_exclude_columns=['a']"),
      // The predicate leaves the destination's id 1 out of the match, so the new id 1 is inserted beside it (as in dbt).
      // delete+insert's predicates read the table, as dbt's delete (its first form, one key) does.
      'models/narrowed.sql': body("incremental_predicates=['DBT_INTERNAL_DEST.id > 1']"),
      'models/di_narrowed.sql': body("incremental_strategy='delete+insert', incremental_predicates=['id > 1']"),
      'models/bad.sql': body("merge_update_columns=['nope']"),
    });
    expect(weir(['run', '--vars', '{v: old, n: 2}'], dir).code).toBe(0);
    const second = weir(['run', '--vars', '{v: new, n: 2}'], dir);
    expect(second.code).toBe(1);
    expect(second.output).toContain("incremental model 'bad': merge_update_columns names 'nope', which the model does not have");
    const rows = (model: string) => query(dir, `select id, a, b from {schema}.${model} order by id, a, b`);
    expect(await rows('only_a')).toEqual([{ id: 1, a: 'new', b: 'old' }, { id: 2, a: 'x', b: 'x' }]);
    expect(await rows('not_a')).toEqual([{ id: 1, a: 'old', b: 'new' }, { id: 2, a: 'x', b: 'x' }]);
    expect(await rows('narrowed')).toEqual([{ id: 1, a: 'new', b: 'new' }, { id: 1, a: 'old', b: 'old' }, { id: 2, a: 'x', b: 'x' }]);
    expect(await rows('di_narrowed')).toEqual([{ id: 1, a: 'new', b: 'new' }, { id: 1, a: 'old', b: 'old' }, { id: 2, a: 'x', b: 'x' }]);
    expect(await rows('bad')).toEqual([{ id: 1, a: 'old', b: 'old' }, { id: 2, a: 'x', b: 'x' }]);
  });

  it('bulk-loads a CSV with inferred and configured types, odd identifiers and quoted fields', async () => {
    const dir = project({
      'seeds/odd.csv': [
        'id,Order Date,select,price,ratio,flag,at,note',
        '1,2024-01-31,x,9.99,0.5,true,2024-01-31 10:00:00,"hello, world"',
        '2,2024-02-29,y,10,1e3,false,2024-02-29 23:59:59,',
        '3,,"q""uote",0.1,-2.25,,,"two',
        'lines"',
      ].join('\n') + '\n',
      'seeds/properties.yml': 'seeds:\n  - name: odd\n    config:\n      column_types:\n        price: decimal(10,2)\n',
      'models/select.sql': 'select "Order Date", "select" as "Group", id from {{ ref(\'odd\') }} where "Order Date" is not null',
    });
    const run = weir(['build'], dir);
    expect(run.output).toContain('PASS=2 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=2');
    expect(run.stdout).toMatch(/loaded seed .*"odd" \.+ \[OK 3 rows/);
    const adapter = await target().open(dir);
    try {
      const columns = await adapter.withSession((s) => adapter.columns(s, { schema: target().schema, identifier: 'odd' }));
      expect(Object.fromEntries(columns.map((c) => [c.name, c.dataType]))).toEqual(EXPECTED_TYPES[engine.name]);
      const model = await adapter.withSession((s) => adapter.columns(s, { schema: target().schema, identifier: 'select' }));
      const names = ['Order Date', 'Group', 'id'];
      expect(model.map((c) => c.name)).toEqual(FOLDS_IDENTIFIERS[engine.name] ? names.map((n) => n.toLowerCase()) : names);
    } finally {
      await adapter.close();
    }
    expect(await query(dir, 'select id, "Order Date" as d, "select" as s, price, ratio, flag, note from {schema}.odd order by id')).toEqual([
      { id: 1, d: '2024-01-31', s: 'x', price: 9.99, ratio: 0.5, flag: true, note: 'hello, world' },
      { id: 2, d: '2024-02-29', s: 'y', price: 10, ratio: 1000, flag: false, note: null },
      { id: 3, d: null, s: 'q"uote', price: 0.1, ratio: -2.25, flag: null, note: 'two\nlines' },
    ]);
    expect(await query(dir, 'select "Group" as g from {schema}."select" order by id')).toEqual([{ g: 'x' }, { g: 'y' }]);
  });

  it('a seed that no longer loads leaves the previous table in place', async () => {
    const dir = project({
      'seeds/nums.csv': 'id,n\n1,10\n2,20\n',
      'seeds/properties.yml': 'seeds:\n  - name: nums\n    config:\n      column_types:\n        n: integer\n',
    });
    expect(weir(['seed'], dir).code).toBe(0);
    writeFiles(dir, { 'seeds/nums.csv': 'id,n\n1,10\n2,twenty\n3,30\n' });
    const failed = weir(['seed'], dir);
    expect(failed.code).toBe(1);
    expect(failed.output).toMatch(/twenty/);
    expect(await query(dir, 'select id, n from {schema}.nums order by id')).toEqual([{ id: 1, n: 10 }, { id: 2, n: 20 }]);
    expect(await leftovers(dir)).toEqual([]);
  });
}

describe('adapter conformance: duckdb', () => conformance(DUCKDB));
describePg('adapter conformance: postgres', () => conformance(POSTGRES));
describeTrino('adapter conformance: trino', () => conformance(TRINO));
