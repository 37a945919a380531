import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { freshSchema } from '../helpers/postgres.js';
import { makeProject, weir } from '../helpers/project.js';
import { describeTrino, dropTrinoSchemas, trinoQuery, trinoStaging, trinoTarget } from '../helpers/trino.js';

// Values the two paths must load alike: empty fields, quotes, separators and a line break inside a field, unicode.
const SEED = 'id,name,amount,day\n1,"Smith, Jo",10.5,2024-01-01\n2,"say ""hi""",,2024-01-02\n3,"two\nlines",7,\n4,Zoë ✓,0,2024-01-04\n5,,3,2024-01-05\n';

function project(schema: string, staged: boolean, seed = SEED): string {
  const { host, port } = trinoTarget(schema);
  const staging = trinoStaging();
  return makeProject({
    'project.yml': `name: staged\ntargets:\n  dev:\n    type: trino\n    host: ${host}\n    port: ${port}\n    schema: ${schema}\n${staged ? `    staging: {path: "${staging.path}", location: "${staging.location}"}\n` : ''}`,
    'seeds/purchases.csv': seed,
    'seeds/_seeds.yml': 'seeds:\n  - name: purchases\n    config:\n      column_types: {id: integer, amount: double, day: date}\n',
  });
}

/** What a load may leave behind: staging tables and row files. */
async function leftovers(): Promise<string[]> {
  const tables = await trinoQuery("select table_name from hive.information_schema.tables where table_schema = 'weir_staging'");
  return [...tables.map((t) => `table ${String(t.table_name)}`), ...readdirSync(trinoStaging().path).map((f) => `file ${f}`)];
}

const rowsOf = (schema: string) => trinoQuery(`select id, name, amount, cast(day as varchar) as day from iceberg."${schema}".purchases order by id`);

describeTrino('seeds and file loads through a staged file (target staging:)', () => {
  let schemas: string[];
  beforeEach(() => {
    schemas = [freshSchema(), freshSchema()];
  });
  afterEach(async () => {
    for (const schema of schemas) await dropTrinoSchemas(schema);
  });

  it('loads the same rows as INSERT batches, in one INSERT ... SELECT from the staging table, and leaves nothing behind', async () => {
    const [batched, staged] = schemas as [string, string];
    expect(weir(['seed'], project(batched, false)).output).toContain('PASS=1');
    expect(weir(['seed'], project(staged, true)).output).toContain('PASS=1');
    const rows = await rowsOf(staged);
    expect(rows).toEqual(await rowsOf(batched));
    expect(rows.map((r) => r.name)).toEqual(['Smith, Jo', 'say "hi"', 'two\nlines', 'Zoë ✓', null]);
    expect(rows.map((r) => r.amount)).toEqual([10.5, null, 7, 0, 3]);
    const inserts = await trinoQuery(`select query from system.runtime.queries where source = 'weir' and query like 'insert into "${staged}".%' and state = 'FINISHED'`);
    expect(inserts).toHaveLength(1);
    expect(String(inserts[0]!.query)).toMatch(/from "hive"\."weir_staging"\."weir_stage_[0-9a-f]+"/);
    expect(await leftovers()).toEqual([]);
  });

  it("a load Trino refuses fails with Trino's message, keeps the previous table and leaves nothing behind", async () => {
    const [schema] = schemas as [string];
    const dir = project(schema, true);
    expect(weir(['seed'], dir).output).toContain('PASS=1');
    writeFileSync(join(dir, 'seeds/purchases.csv'), 'id,name,amount,day\n1,a,1,2024-01-01\n2,b,not a number,2024-01-02\n');
    const run = weir(['seed'], dir);
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/Cannot cast 'not a number' to DOUBLE/);
    expect((await rowsOf(schema)).map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
    const tables = await trinoQuery(`select table_name from iceberg.information_schema.tables where table_schema = '${schema}'`);
    expect(tables.map((t) => t.table_name)).toEqual(['purchases']);
    expect(await leftovers()).toEqual([]);
  });
});
