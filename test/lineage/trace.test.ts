import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlParser } from '../../src/adapters/duckdb/sql-parser.js';
import type { SqlParser } from '../../src/adapters/types.js';
import { buildLineage, downstreamOf, upstreamOf, type LineageNode } from '../../src/lineage/index.js';

// Lineage traced by DuckDB's real parser over SQL as compile writes it (relations quoted, ephemeral CTEs inlined).
let parser: SqlParser;
beforeAll(async () => void (parser = await openSqlParser()));
afterAll(() => parser.close());

const source = (name: string, columns: string[] = [], complete = false): LineageNode => ({
  uniqueId: `source.p.raw.${name}`, resourceType: 'source', name, sql: undefined, relation: { schema: 'raw', identifier: name },
  ephemeral: false, knownColumns: columns, knownColumnsComplete: complete,
});
const model = (name: string, sql: string, ephemeral = false): LineageNode => ({
  uniqueId: `model.p.${name}`, resourceType: 'model', name, sql, relation: ephemeral ? undefined : { schema: 'main', identifier: name },
  ephemeral, knownColumns: [], knownColumnsComplete: false,
});

async function trace(...nodes: LineageNode[]) {
  return buildLineage(nodes, parser, '__weir__cte__');
}

function sourcesOf(lineage: Awaited<ReturnType<typeof trace>>, node: string, column: string) {
  return lineage.nodes[`model.p.${node}`]!.columns.find((c) => c.name === column)!.sources.map((s) => `${s.node.split('.').pop()}.${s.column}:${s.how}`).sort();
}

describe('column lineage', () => {
  it('tells copied, transformed and aggregated columns apart through CTEs, joins and group by', async () => {
    const lineage = await trace(
      source('orders', ['id', 'customer_id', 'amount', 'status'], true),
      source('customers', ['id', 'name'], true),
      model('summary', `with o as (select * from "raw"."orders" where status <> 'void')
        select c.name, upper(c.name) as shout, sum(o.amount) as total, count(*) as n
        from o join "raw"."customers" as c on c.id = o.customer_id group by c.name`),
    );
    expect(sourcesOf(lineage, 'summary', 'name')).toEqual(['customers.name:copied']);
    expect(sourcesOf(lineage, 'summary', 'shout')).toEqual(['customers.name:transformed']);
    expect(sourcesOf(lineage, 'summary', 'total')).toEqual(['orders.amount:aggregated']);
    expect(sourcesOf(lineage, 'summary', 'n')).toEqual([]);
    const rows = lineage.nodes['model.p.summary']!.rows.map((r) => `${r.node.split('.').pop()}.${r.column}:${r.how}`).sort();
    expect(rows).toEqual(['customers.id:join', 'customers.name:group_by', 'orders.customer_id:join', 'orders.status:filter']);
    expect(lineage.coverage).toEqual({ models: 1, columns: 4, resolved: 4 });
  });

  it('expands select * from a parent model, follows unions, subqueries, windows and ephemeral models', async () => {
    const lineage = await trace(
      source('a', ['k', 'x'], true),
      source('b', ['k', 'y'], true),
      model('eph', 'select k, x * 2 as x2 from "raw"."a"', true),
      model('base', `with __weir__cte__eph as (select k, x * 2 as x2 from "raw"."a")
        select e.*, (select max(y) from "raw"."b" where b.k = e.k) as top_y,
          row_number() over (partition by e.k order by e.x2) as rn
        from __weir__cte__eph as e`),
      model('stacked', `select * from "main"."base" union all select k, y, y, 1 from "raw"."b"`),
    );
    expect(lineage.nodes['model.p.base']!.columns.map((c) => c.name)).toEqual(['k', 'x2', 'top_y', 'rn']);
    expect(sourcesOf(lineage, 'base', 'x2')).toEqual(['eph.x2:copied']);
    expect(sourcesOf(lineage, 'eph', 'x2')).toEqual(['a.x:transformed']);
    expect(sourcesOf(lineage, 'base', 'top_y')).toEqual(['b.y:aggregated']);
    expect(sourcesOf(lineage, 'base', 'rn')).toEqual(['eph.k:transformed', 'eph.x2:transformed']);
    expect(sourcesOf(lineage, 'stacked', 'x2')).toEqual(['b.y:copied', 'base.x2:copied']);
    expect(upstreamOf(lineage, 'model.p.stacked', 'x2').map((s) => `${s.depth}:${s.node.split('.').pop()}.${s.column}`))
      .toEqual(['1:base.x2', '1:b.y', '2:eph.x2', '3:a.x']);
    expect(downstreamOf(lineage, 'source.p.raw.a', 'x').map((s) => `${s.node.split('.').pop()}.${s.column}:${s.how}`))
      .toEqual(['eph.x2:transformed', 'base.x2:copied', 'base.rn:transformed', 'stacked.x2:copied', 'stacked.rn:copied']);
  });

  it('passes columns of an undocumented table through select *, and says what it cannot list', async () => {
    const lineage = await trace(
      source('events'),
      model('staged', `with ranked as (select *, row_number() over (partition by id) as r from "raw"."events")
        select cast(id as integer) as id, payload from ranked where r = 1`),
      model('everything', 'select * from "raw"."events"'),
      model('elsewhere', 'select a from "other"."table"'),
      model('broken', 'select from where'),
    );
    expect(sourcesOf(lineage, 'staged', 'id')).toEqual(['events.id:transformed']);
    expect(sourcesOf(lineage, 'staged', 'payload')).toEqual(['events.payload:copied']);
    expect(lineage.nodes['model.p.staged']!.problems).toEqual([]);
    expect(lineage.nodes['model.p.everything']!.problems[0]).toMatch(/select \* from events: its columns are not known/);
    expect(lineage.nodes['model.p.elsewhere']!.problems).toEqual(['other.table is not a model, seed, source or snapshot of the project']);
    expect(lineage.nodes['model.p.elsewhere']!.columns[0]!.unresolved).toEqual(['table.a']);
    expect(lineage.nodes['model.p.broken']!.problems[0]).toMatch(/^DuckDB's parser: syntax error at or near "where"/);
    // staged: 2 of 2; everything: 1 untraced (no column known); elsewhere: 0 of 1; broken: 1 untraced.
    expect(lineage.coverage).toEqual({ models: 4, columns: 5, resolved: 2 });
  });

  it('reads PostgreSQL spelling, USING joins, lateral aliases, unnest and lambdas', async () => {
    const lineage = await trace(
      source('a', ['id', 'v', 'tags'], true),
      source('b', ['id', 'w'], true),
      model('pg', `select id, v::numeric(10,2) as money, v + 1 as next, next * 2 as twice, w,
          list_transform(tags, t -> upper(t)) as loud, item
        from "raw"."a" join "raw"."b" using (id) cross join unnest(a.tags) as u(item)`),
    );
    expect(lineage.nodes['model.p.pg']!.columns.map((c) => c.name)).toEqual(['id', 'money', 'next', 'twice', 'w', 'loud', 'item']);
    expect(sourcesOf(lineage, 'pg', 'money')).toEqual(['a.v:transformed']);
    expect(sourcesOf(lineage, 'pg', 'twice')).toEqual(['a.v:transformed']);
    expect(sourcesOf(lineage, 'pg', 'loud')).toEqual(['a.tags:transformed']);
    expect(sourcesOf(lineage, 'pg', 'item')).toEqual(['a.tags:transformed']);
    expect(lineage.nodes['model.p.pg']!.rows.filter((r) => r.how === 'join').map((r) => r.node).sort()).toEqual(['source.p.raw.a', 'source.p.raw.b']);
    expect(lineage.coverage.resolved).toBe(7);
  });
});
