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
    expect(run.output).toContain('check the `properties` config (or file_format / table_format) of the model, seed or snapshot');
    const [{ n }] = (await trinoQuery(`select count(*) as n from iceberg."${schema}".purchases`)) as [{ n: number }];
    expect(Number(n)).toBe(30);
    const tables = await trinoQuery(`select table_name from iceberg.information_schema.tables where table_schema = '${schema}'`);
    expect(tables.map((t) => t.table_name)).toEqual(['purchases']);
  });

  it("a seed and a snapshot are created with them (dbt_project.yml trees), and file_format is dbt-trino's shorthand for format", async () => {
    const { host, port } = trinoTarget(schema);
    const dir = makeProject({
      'dbt_project.yml': [
        'name: props', 'profile: props',
        "seeds:\n  props:\n    +properties:\n      partitioning: \"ARRAY['day']\"",
        'snapshots:\n  props:\n    +file_format: orc',
      ].join('\n'),
      'profiles.yml': `props:\n  target: dev\n  outputs:\n    dev:\n      type: trino\n      method: none\n      user: weir\n      host: ${host}\n      port: ${port}\n      database: iceberg\n      schema: ${schema}\n`,
      'seeds/visits.csv': 'id,day\n1,2024-01-01\n2,2024-01-02\n3,2024-01-02\n',
      'snapshots/snaps.yml': "snapshots:\n  - name: visits_history\n    relation: ref('visits')\n    config: {unique_key: id, strategy: check, check_cols: all}\n",
    });
    const built = weir(['build'], dir);
    expect(built.output).toContain('PASS=2 WARN=0 ERROR=0');
    const seed = await layout(schema, 'visits');
    expect(seed.partitions).toBe(2);
    expect(seed.ddl).toContain("partitioning = ARRAY['day']");
    const [history] = await trinoQuery(`show create table iceberg."${schema}".visits_history`);
    expect(String(history!['Create Table'])).toContain("format = 'ORC'");
    // Both the shorthand and properties.format: dbt-trino's error, at the line that sets the shorthand.
    writeFileSync(join(dir, 'snapshots/snaps.yml'), "snapshots:\n  - name: visits_history\n    relation: ref('visits')\n    config: {unique_key: id, strategy: check, check_cols: all, properties: {format: \"'PARQUET'\"}}\n");
    const clash = weir(['build'], dir);
    expect(clash.code, clash.output).toBe(2);
    expect(clash.output).toContain("dbt_project.yml:9 (at config.file_format): snapshot 'visits_history': You can specify either 'file_format' or 'properties.format' configurations, but not both.");
    expect(clash.output).toContain('hint: keep one: file_format: orc, or properties: {format: "\'PARQUET\'"}');
  });
});

describe('table properties on an engine without them', () => {
  it('DuckDB builds the model and warns once, naming where the config is set, as for indexes', () => {
    const dir = makeProject({
      'project.yml': 'name: props\ntargets:\n  dev:\n    type: duckdb\n    path: target/dev.duckdb\n',
      'models/a.sql': `{{ config(materialized='table', ${PARTITIONED}) }}\nselect 1 as id, date '2024-01-01' as purchase_date`,
      'models/b.sql': `{{ config(materialized='table', ${PARTITIONED}, file_format='parquet') }}\nselect * from {{ ref('a') }}`,
    });
    const run = weir(['run'], dir);
    expect(run.output).toContain('PASS=2 WARN=0 ERROR=0');
    const notes = run.output.split('\n').filter((l) => l.includes("config is dbt-trino's"));
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(/models[/\\]a\.sql:1 \(at config\.properties\): the 'properties' config is dbt-trino's table properties; duckdb has no table properties, so weir ignores it \(as dbt-duckdb does\) for model 'a' and 1 more/);
    expect(notes[1]).toMatch(/models[/\\]b\.sql:1 \(at config\.file_format\): the 'file_format' config .* for model 'b'$/);
    expect(run.output).toContain('nothing to do if the project also builds on Trino; otherwise remove the config');
  });
});
