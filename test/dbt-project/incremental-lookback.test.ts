import { describe, expect, it } from 'vitest';
import { makeProject, weir, writeFiles } from '../helpers/project.js';
import { queryDuckDb } from '../helpers/duckdb.js';

/**
 * An incremental model whose `is_incremental()` branch asks the warehouse about `{{ this }}` (Fivetran's
 * shopify_lookback: `select max(date_month) from {{ this }}` through get_single_value). dbt renders
 * that branch only when the table is there: the first build must not read a table it has not made.
 */
const LOOKBACK = `{% macro lookback() %}
  {% set latest = run_query('select max(day) from ' ~ this).columns[0].values()[0] %}
  '{{ latest }}'
{% endmacro %}
`;
const DAILY = `{{ config(materialized='incremental', unique_key='day', incremental_strategy='delete+insert') }}
select day, sum(amount) as total, count(*) as n
from {{ ref('events') }}
{% if is_incremental() %}
where day >= cast({{ lookback() }} as date)
{% endif %}
group by day
`;
const FIRST = [['2024-01-01', 5], ['2024-01-01', 7], ['2024-01-02', 3]] as const;
// The second build: one more event on the last day already built, one on a new day, and a changed
// earlier row that the lookback leaves alone (so the incremental branch did run).
const SECOND = [['2024-01-01', 100], ['2024-01-01', 7], ['2024-01-02', 3], ['2024-01-02', 4], ['2024-01-03', 10]] as const;
const csv = (rows: ReadonlyArray<readonly [string, number]>) => `day,amount\n${rows.map(([d, a]) => `${d},${a}`).join('\n')}\n`;

/** Day totals of `rows`, from `from` on, computed here rather than taken from weir. */
function totals(rows: ReadonlyArray<readonly [string, number]>, from = ''): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  for (const [day, amount] of rows) {
    if (day < from) continue;
    const [sum, n] = out.get(day) ?? [0, 0];
    out.set(day, [sum + amount, n + 1]);
  }
  return out;
}

describe('an incremental model whose is_incremental() branch queries {{ this }}', () => {
  it('builds the first time without reading the missing table, then folds in from the latest day', async () => {
    const dir = makeProject({
      'dbt_project.yml': 'name: shop\nprofile: shop\n',
      'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: target/dev.duckdb\n',
      'macros/lookback.sql': LOOKBACK,
      'models/daily.sql': DAILY,
      'seeds/events.csv': csv(FIRST),
    });
    const read = async () => new Map((await queryDuckDb(dir, 'select cast(day as varchar) as day, total, n from daily order by day'))
      .map((r) => [String(r.day), [Number(r.total), Number(r.n)] as [number, number]]));
    const first = weir(['build'], dir);
    expect(first.code, first.output).toBe(0);
    expect(await read()).toEqual(totals(FIRST));

    writeFiles(dir, { 'seeds/events.csv': csv(SECOND) });
    const second = weir(['build'], dir);
    expect(second.code, second.output).toBe(0);
    // 2024-01-01 keeps the first build's figures; from the latest day built (2024-01-02) on, the new ones.
    expect(await read()).toEqual(new Map([...totals(FIRST, ''), ...totals(SECOND, '2024-01-02')]));
  }, 120_000);
});
