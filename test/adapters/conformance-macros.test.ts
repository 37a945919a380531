import { describe, expect, it } from 'vitest';
import { conformanceSetup } from '../helpers/conformance.js';
import { DUCKDB, POSTGRES, TRINO, type TestEngine } from '../helpers/engines.js';
import { describePg } from '../helpers/postgres.js';
import { describeTrino } from '../helpers/trino.js';
import { weir } from '../helpers/project.js';

/** The adapter conformance suite's cross-database macros (see conformance.test.ts): the same values on every engine. */
function crossDatabaseMacros(engine: TestEngine) {
  const { project, query } = conformanceSetup(engine);

  it('cross-database macros give the same values on every engine', async () => {
    const dir = project({
      'models/m.sql': [
        'select',
        `  cast({{ dateadd('day', 7, "cast('2024-01-31' as date)") }} as date) as next_week,`,
        `  {{ datediff("cast('2024-01-01' as date)", "cast('2024-03-15' as date)", 'month') }} as months,`,
        `  {{ datediff("cast('2024-01-01' as date)", "cast('2024-03-15' as date)", 'day') }} as days,`,
        `  {{ datediff("cast('2024-01-01 10:00:00' as timestamp)", "cast('2024-01-02 12:30:00' as timestamp)", 'hour') }} as hours,`,
        `  cast({{ date_trunc('month', "cast('2024-01-31' as date)") }} as date) as month_start,`,
        `  {{ safe_cast("'12x'", type_int()) }} as bad_int,`,
        `  {{ safe_cast("'12'", type_int()) }} as good_int,`,
        `  {{ safe_cast("'2024-02-30x'", 'date') }} as bad_date,`,
        `  cast(42 as {{ type_string() }}) as s,`,
        `  cast('1.5' as {{ type_float() }}) as f,`,
        `  cast('true' as {{ type_boolean() }}) as b,`,
        `  {{ concat(["'a'", "'-'", "'b'"]) }} as c,`,
        // dbt's default__concat joins with ||: one null field makes the whole null (SQL's concat() would skip it).
        `  {{ concat(["'a'", "cast(null as " ~ type_string() ~ ")"]) }} as c_null,`,
        `  {{ split_part("'a@b.com'", "'@'", 2) }} as domain,`,
        `  {{ hash("'1'") }} as h,`,
        "  {{ json_field('j.doc', 'u.id') }} as uid,",
        '  {{ current_timestamp() }} is not null as has_now',
        `from (select '{"u": {"id": 3}}' as doc) as j`,
      ].join('\n'),
      'models/agg.sql': `select {{ string_agg('x', "', '", 'order by x desc') }} as all_x, {{ listagg('x', "','", 'order by x', 2) }} as first_two\nfrom (select 'a' as x union all select 'b' union all select 'c') as t`,
      'models/unnest.sql': [
        `select o.id, {{ json_field('item', 'sku') }} as sku, cast({{ json_field('item', 'qty') }} as integer) as qty, cast({{ json_array_length('o.doc', 'items') }} as integer) as n_items`,
        `from (select 1 as id, '{"items": [{"sku": "a", "qty": 2}, {"sku": "b", "qty": 5}]}' as doc) as o`,
        "{{ unnest_json_array('o.doc', 'item', 'items') }}",
      ].join('\n'),
      // The same product twice in one cart: the element's position (from 1) tells the lines apart.
      'models/positions.sql': [
        `select o.id, cast(position as integer) as position, {{ json_field('line', 'sku') }} as sku`,
        `from (select 7 as id, '[{"sku": "a"}, {"sku": "b"}, {"sku": "a"}]' as doc) as o`,
        "{{ unnest_json_array('o.doc', 'line', ordinal='position') }}",
      ].join('\n'),
    });
    const run = weir(['run'], dir);
    expect(run.output).toContain('PASS=4 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=4');
    expect(await query(dir, 'select * from {schema}.positions order by position'))
      .toEqual([{ id: 7, position: 1, sku: 'a' }, { id: 7, position: 2, sku: 'b' }, { id: 7, position: 3, sku: 'a' }]);
    expect(await query(dir, 'select * from {schema}.m')).toEqual([{
      next_week: '2024-02-07', months: 2, days: 74, hours: 26, month_start: '2024-01-01', bad_int: null, good_int: 12, bad_date: null,
      s: '42', f: 1.5, b: true, c: 'a-b', c_null: null, domain: 'b.com', h: 'c4ca4238a0b923820dcc509a6f75849b', uid: '3', has_now: true,
    }]);
    expect(await query(dir, 'select * from {schema}.agg')).toEqual([{ all_x: 'c, b, a', first_two: 'a,b' }]);
    expect(await query(dir, 'select * from {schema}."unnest" order by sku')).toEqual([{ id: 1, sku: 'a', qty: 2, n_items: 2 }, { id: 1, sku: 'b', qty: 5, n_items: 2 }]);
  });

  it('datediff counts the boundaries crossed for every datepart dbt supports; safe_cast gives null for days that do not exist', async () => {
    const ts = (text: string) => `cast('${text}' as timestamp)`;
    const parts = ['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second', 'millisecond', 'microsecond'];
    const pairs = [
      ['2023-12-31 23:59:59.900', '2024-01-01 00:00:00.100'],
      ['2024-03-15 10:30:00', '2024-01-01 12:00:00.250'],
      ['2024-02-28 08:00:01.999', '2024-03-01 08:00:01.0005'],
    ];
    const cases = ["'2024-02-30'", "'2023-02-29'", "'2024-02-29'", "'2024-04-31'", "'2024-13-01'", "'2024-1-01'", "'2024-4-31'"];
    const dir = project({
      'models/diffs.sql': pairs.map(([a, b], i) => `select ${i} as pair, ${parts.map((p) => `{{ datediff("${ts(a!)}", "${ts(b!)}", '${p}') }} as ${p}`).join(', ')}`).join('\nunion all\n'),
      'models/casts.sql': [
        'select',
        cases.map((c, i) => `  cast({{ safe_cast("${c}", 'date') }} as {{ type_string() }}) as d${i}`).join(',\n') + ',',
        `  cast({{ safe_cast("'2024-02-30 10:00:00'", type_timestamp()) }} as {{ type_string() }}) as t_bad_day,`,
        `  cast({{ safe_cast("'2024-02-29 25:00:00'", type_timestamp()) }} as {{ type_string() }}) as t_bad_hour,`,
        `  cast({{ safe_cast("'2024-02-29 23:59:58.5'", type_timestamp()) }} as {{ type_string() }}) as t_good`,
      ].join('\n'),
    });
    expect(weir(['run'], dir).output).toContain('PASS=2 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=2');
    expect(await query(dir, 'select * from {schema}.diffs order by pair')).toEqual([
      { pair: 0, year: 1, quarter: 1, month: 1, week: 0, day: 1, hour: 1, minute: 1, second: 1, millisecond: 200, microsecond: 200000 },
      { pair: 1, year: 0, quarter: 0, month: -2, week: -10, day: -74, hour: -1774, minute: -106470, second: -6388200, millisecond: -6388199750, microsecond: -6388199750000 },
      // Trino's `timestamp` keeps milliseconds (timestamp(3)): '...01.0005' is read as '...01.001'.
      engine.name === 'trino'
        ? { pair: 2, year: 0, quarter: 0, month: 1, week: 0, day: 2, hour: 48, minute: 2880, second: 2880 * 60, millisecond: 2880 * 60_000 - 998, microsecond: (2880 * 60_000 - 998) * 1000 }
        : { pair: 2, year: 0, quarter: 0, month: 1, week: 0, day: 2, hour: 48, minute: 2880, second: 2880 * 60, millisecond: 2880 * 60_000 - 999, microsecond: 2880 * 60_000_000 - 998500 },
    ]);
    // Trino writes a timestamp(6) as text with all six digits.
    const good = engine.name === 'trino' ? '2024-02-29 23:59:58.500000' : '2024-02-29 23:59:58.5';
    expect(await query(dir, 'select * from {schema}.casts')).toEqual([{
      d0: null, d1: null, d2: '2024-02-29', d3: null, d4: null, d5: '2024-01-01', d6: null, t_bad_day: null, t_bad_hour: null, t_good: good,
    }]);
  });
}

describe('adapter conformance, cross-database macros: duckdb', () => crossDatabaseMacros(DUCKDB));
describePg('adapter conformance, cross-database macros: postgres', () => crossDatabaseMacros(POSTGRES));
describeTrino('adapter conformance, cross-database macros: trino', () => crossDatabaseMacros(TRINO));
