import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DUCKDB, POSTGRES, type EngineTarget, type TestEngine } from '../helpers/engines.js';
import { describePg } from '../helpers/postgres.js';
import { makeProject, weir } from '../helpers/project.js';
import { execOn } from '../helpers/snapshots.js';

/** dbt's own macros as dbt.<name>(...) and unprefixed, dispatched per engine, give the same values everywhere. */
function dbtNamespace(engine: TestEngine) {
  let target: EngineTarget;
  beforeEach(async () => {
    target = await engine.prepare();
  });
  afterEach(async () => {
    await target.cleanup();
  });

  it('renders and runs the cross-database macros', async () => {
    const dir = makeProject({
      'project.yml': `name: shop\n${target.targetsYaml}`,
      'models/m.sql': [
        "select {{ dbt.any_value('x') }} as any_x, {{ dbt.bool_or('x > 1') }} as some_big, {{ dbt.cast_bool_to_text('max(x) > 1') }} as b_text,",
        " {{ dbt.string_literal(dbt.escape_single_quotes(\"it's\")) }} as quoted, {{ length(\"'abcd'\") }} as len,",
        " {{ dbt.position(\"'c'\", \"'abcd'\") }} as pos, {{ dbt.replace(\"'abcd'\", \"'b'\", \"'x'\") }} as repl, {{ dbt.right(\"'abcd'\", 2) }} as r2,",
        " {{ dbt.last_day(\"cast('2024-02-10' as date)\", 'month') }} as last_feb, {{ dbt.cast(\"'7'\", dbt.type_int()) }} as seven,",
        " {{ dbt.dateadd('day', 1, \"cast('2024-02-28' as date)\") }} as next_day, {{ dbt.datediff(\"cast('2024-01-01' as date)\", \"cast('2024-03-01' as date)\", 'month') }} as months,",
        " {{ dbt.split_part(\"'a,b,c'\", \"','\", 2) }} as part, {{ dbt.hash(\"'a'\") }} as h",
        'from (select 1 as x union all select 2) t',
        '{{ dbt.except() }}',
        'select null, null, null, null, null, null, null, null, null, null, null, null, null, null where 1 = 0',
      ].join('\n'),
      'models/arrays.sql': "select {{ dbt.array_concat(dbt.array_construct([1, 2]), dbt.array_append(dbt.array_construct([3]), 4)) }} as arr",
    });
    const run = weir(['run'], dir);
    expect(run.code, run.output).toBe(0);
    const [row] = await execOn(target, dir, [`select * from "${target.schema}".m`]);
    const plain = Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.toISOString().slice(0, 10) : v]));
    expect(plain).toMatchObject({
      some_big: true, b_text: 'true', quoted: "it's", len: 4, pos: 3, repl: 'axcd', r2: 'cd', last_feb: '2024-02-29', seven: 7,
      next_day: '2024-02-29', months: 2, part: 'b', h: '0cc175b9c0f1b6a831c399e269772661',
    });
    expect([1, 2]).toContain(plain.any_x);
    const [arrays] = await execOn(target, dir, [`select cast(arr as ${engine.name === 'duckdb' ? 'varchar' : 'text'}) as arr from "${target.schema}".arrays`]);
    expect(arrays!.arr).toMatch(/^[[{]1, ?2, ?3, ?4[\]}]$/);
  }, 120_000);
}

describe('dbt namespace on DuckDB', () => dbtNamespace(DUCKDB));
describePg('dbt namespace on PostgreSQL', () => dbtNamespace(POSTGRES));
