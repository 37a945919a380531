import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshSchema } from '../helpers/postgres.js';
import { makeProject, weir } from '../helpers/project.js';
import { describeTrino, dropTrinoSchemas, trinoQuery, trinoTarget } from '../helpers/trino.js';

// dbt-trino's `properties` config: SQL literals passed verbatim into `create table ... with (...)`.
const PARTITIONED = `properties={'partitioning': "ARRAY['day(purchase_date)']", 'format': "'PARQUET'"}`;
const ROWS = "select n as id, date_add('day', n % 3, date '2024-01-01') as purchase_date from unnest(sequence(1, 30)) as t(n)";

function project(schema: string, models: Record<string, string>): string {
  const { host, port } = trinoTarget(schema);
  return makeProject({
    'project.yml': `name: props\ntargets:\n  dev:\n    type: trino\n    host: ${host}\n    port: ${port}\n    schema: ${schema}\n`,
    ...Object.fromEntries(Object.entries(models).map(([name, sql]) => [`models/${name}.sql`, sql])),
  });
}

/** The partitions Iceberg keeps for a table (one row per day written), and its DDL. */
async function layout(schema: string, table: string): Promise<{ partitions: number; ddl: string }> {
  const [{ n }] = (await trinoQuery(`select count(*) as n from iceberg."${schema}"."${table}$partitions"`)) as [{ n: number }];
  const [ddl] = await trinoQuery(`show create table iceberg."${schema}"."${table}"`);
  return { partitions: Number(n), ddl: String(ddl!['Create Table']) };
}

describeTrino('table properties on Trino (dbt-trino properties config)', () => {
  let schema: string;
  beforeEach(() => {
    schema = freshSchema();
  });
  afterEach(async () => {
    await dropTrinoSchemas(schema);
  });

  it('a table model is created with them, and keeps them when rebuilt and swapped in', async () => {
    const dir = project(schema, { purchases: `{{ config(materialized='table', ${PARTITIONED}) }}\n${ROWS}` });
    for (let i = 0; i < 2; i++) expect(weir(['run'], dir).output).toContain('PASS=1 WARN=0 ERROR=0');
    const { partitions, ddl } = await layout(schema, 'purchases');
    expect(partitions).toBe(3);
    expect(ddl).toContain("partitioning = ARRAY['day(purchase_date)']");
    expect(ddl).toContain(`CREATE TABLE iceberg.${schema}.purchases (`);
  });

  it('an incremental model gets them on its first build and its appends land in the partitions', async () => {
    const model = (from: number) => `{{ config(materialized='incremental', ${PARTITIONED}) }}\n${ROWS.replace('sequence(1, 30)', `sequence(${from}, ${from + 29})`)}\n{% if is_incremental() %}where n > (select max(id) from {{ this }}){% endif %}`;
    const dir = project(schema, { purchases: model(1) });
    expect(weir(['run'], dir).output).toContain('PASS=1');
    writeFileSync(join(dir, 'models/purchases.sql'), model(31));
    expect(weir(['run'], dir).output).toContain('PASS=1');
    const [{ n, days }] = (await trinoQuery(`select count(*) as n, count(distinct purchase_date) as days from iceberg."${schema}".purchases`)) as [{ n: number; days: number }];
    expect([Number(n), Number(days)]).toEqual([60, 3]);
    const { partitions, ddl } = await layout(schema, 'purchases');
    expect(partitions).toBe(3);
    expect(ddl).toContain("partitioning = ARRAY['day(purchase_date)']");
  });

  it("a property Trino refuses fails the model with Trino's message and the model's file, and the table stays", async () => {
    const dir = project(schema, { purchases: `{{ config(materialized='table') }}\n${ROWS}` });
    expect(weir(['run'], dir).output).toContain('PASS=1');
    writeFileSync(join(dir, 'models/purchases.sql'), `{{ config(materialized='table', properties={'partitioning': "ARRAY['day(no_such_column)']"}) }}\n${ROWS}`);
    const run = weir(['run'], dir);
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/models[/\\]purchases\.sql/);
    expect(run.output).toContain('Unable to parse partitioning value: Cannot find source column: no_such_column (INVALID_TABLE_PROPERTY');
    expect(run.output).toContain("check the model's `properties` config");
    const [{ n }] = (await trinoQuery(`select count(*) as n from iceberg."${schema}".purchases`)) as [{ n: number }];
    expect(Number(n)).toBe(30);
    const tables = await trinoQuery(`select table_name from iceberg.information_schema.tables where table_schema = '${schema}'`);
    expect(tables.map((t) => t.table_name)).toEqual(['purchases']);
  });
});

describe('table properties on an engine without them', () => {
  it('DuckDB builds the model and says once, at debug level, that the config is ignored', () => {
    const dir = makeProject({
      'project.yml': 'name: props\ntargets:\n  dev:\n    type: duckdb\n    path: target/dev.duckdb\n',
      'models/a.sql': `{{ config(materialized='table', ${PARTITIONED}) }}\nselect 1 as id, date '2024-01-01' as purchase_date`,
      'models/b.sql': `{{ config(materialized='table', ${PARTITIONED}) }}\nselect * from {{ ref('a') }}`,
    });
    const quiet = weir(['run'], dir);
    expect(quiet.output).toContain('PASS=2 WARN=0 ERROR=0');
    expect(quiet.output).not.toContain('properties');
    const verbose = weir(['run', '--log-level', 'debug'], dir);
    expect(verbose.output).toContain('PASS=2');
    const notes = verbose.output.split('\n').filter((l) => l.includes("'properties' config"));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/models[/\\]a\.sql:1: .*duckdb has no table properties, so weir ignores it for model 'a' and 1 more/);
  });
});
