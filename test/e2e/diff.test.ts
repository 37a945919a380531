import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describePg, dropSchemas, freshSchema } from '../helpers/postgres.js';
import { makeProject, weir, writeFiles } from '../helpers/project.js';
import { describeTrino, dropTrinoSchemas, trinoTarget } from '../helpers/trino.js';

/** `targets:` with `prod` and `dev` in one database (two schemas), so one engine joins them. */
type Targets = { yaml: string; schemas: string[]; drop?: (schema: string) => Promise<void> };
const duckdbTargets = (): Targets => ({
  yaml: 'targets:\n  dev: { type: duckdb, path: target/dev.duckdb, schema: main }\n  prod: { type: duckdb, path: target/dev.duckdb, schema: prod }\n', schemas: [],
});
const postgresTargets = (): Targets => {
  const [dev, prod] = [freshSchema(), freshSchema()];
  const url = "\"{{ env_var('WEIR_PG_URL') }}\"";
  return { yaml: `targets:\n  dev: { type: postgres, url: ${url}, schema: ${dev} }\n  prod: { type: postgres, url: ${url}, schema: ${prod} }\n`, schemas: [dev, prod] };
};

const trinoTargets = (): Targets => {
  const [dev, prod] = [trinoTarget(freshSchema()), trinoTarget(freshSchema())];
  const block = (t: typeof dev) => `{ type: trino, host: ${t.host}, port: ${t.port}, catalog: ${t.catalog}, schema: ${t.schema} }`;
  return { yaml: `targets:\n  dev: ${block(dev)}\n  prod: ${block(prod)}\n`, schemas: [dev.schema, prod.schema], drop: dropTrinoSchemas };
};

function diff(makeTargets: () => Targets) {
  let targets: Targets | undefined;
  afterEach(async () => {
    for (const schema of targets?.schemas ?? []) await (targets?.drop ?? dropSchemas)(schema);
  });

  it('counts rows only in A, only in B and changed, per column, with samples and an exit code for CI', () => {
    targets = makeTargets();
    const dir = makeProject({
      'project.yml': `name: p\n${targets.yaml}models:\n  p:\n    +materialized: table\n`,
      'seeds/raw_orders.csv': 'id,amount,status\n1,10,paid\n2,20,paid\n3,30,void\n4,40,paid\n',
      'models/orders.sql': "{{ config(unique_key='id') }}\nselect id, amount, status from {{ ref('raw_orders') }}\n",
    });
    expect(weir(['build', '--target', 'prod'], dir).code).toBe(0);
    mkdirSync(join(dir, 'prod-state'));
    for (const file of ['manifest.json', 'weir_manifest.json']) cpSync(join(dir, 'target', file), join(dir, 'prod-state', file));
    expect(weir(['build'], dir).code).toBe(0);
    const same = weir(['diff', '-s', 'orders', '--state', join(dir, 'prod-state'), '--fail-on-diff'], dir);
    expect(same.code, same.output).toBe(0);
    expect(same.output).toContain('only in A 0, only in B 0, changed 0');

    writeFiles(dir, {
      'seeds/raw_orders.csv': 'id,amount,status\n1,10,paid\n2,25,paid\n3,30,paid\n5,50,paid\n',
      'models/orders.sql': "{{ config(unique_key='id') }}\nselect id, amount, status, 1 as version from {{ ref('raw_orders') }}\n",
    });
    expect(weir(['build'], dir).code).toBe(0);
    const changed = weir(['diff', '-s', 'orders', '--state', join(dir, 'prod-state'), '--output', 'json'], dir);
    expect(changed.code, changed.output).toBe(0);
    const result = JSON.parse(changed.stdout);
    expect(result).toMatchObject({
      node: 'model.p.orders', key: ['id'], rowsA: 4, rowsB: 4, onlyInA: 1, onlyInB: 1, changed: 2,
      columns: { amount: 1, status: 1 }, columnsOnlyInA: ['version'], columnsOnlyInB: [],
    });
    expect(result.samples.onlyInA.map((r: { id: unknown }) => Number(r.id))).toEqual([5]);
    expect(result.samples.onlyInB.map((r: { id: unknown }) => Number(r.id))).toEqual([4]);
    expect(result.samples.changed.map((r: Record<string, unknown>) => [Number(r.id), Number(r['amount (a)']), Number(r['amount (b)'])])).toEqual([[2, 25, 20], [3, 30, 30]]);
    const failing = weir(['diff', '-s', 'orders', '--state', join(dir, 'prod-state'), '--fail-on-diff', '--key', 'id'], dir);
    expect(failing.code, failing.output).toBe(1);
    expect(failing.stdout).toContain('amount: 1 rows differ');
    expect(weir(['diff', '-s', 'orders', '--state', join(dir, 'prod-state'), '--key', 'nope'], dir).output).toMatch(/has no column nope to match rows on/);
  });
}

describe('weir diff: duckdb', () => diff(duckdbTargets));
describePg('weir diff: postgres', () => diff(postgresTargets));
describeTrino('weir diff: trino', () => diff(trinoTargets));
