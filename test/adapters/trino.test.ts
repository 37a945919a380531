import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { trinoTargetSchema } from '../../src/adapters/trino/config.js';
import { createTrinoAdapter } from '../../src/adapters/trino/adapter.js';
import { freshSchema } from '../helpers/postgres.js';
import { makeProject, weir } from '../helpers/project.js';
import { describeTrino, dropTrinoSchemas, trinoQuery, trinoTarget } from '../helpers/trino.js';

describe('trino target config', () => {
  it('refuses a password or a jwt over plain http, and both at once', () => {
    const http = trinoTargetSchema.safeParse({ type: 'trino', schema: 's', password: 'hunter2' });
    expect(http.success).toBe(false);
    expect(JSON.stringify(http.error?.issues)).toMatch(/only over https/);
    expect(trinoTargetSchema.safeParse({ type: 'trino', schema: 's', http_scheme: 'https', jwt: 'a.b.c' }).success).toBe(true);
    expect(trinoTargetSchema.safeParse({ type: 'trino', schema: 's', http_scheme: 'https', jwt: 'a.b.c', password: 'x' }).success).toBe(false);
    expect(trinoTargetSchema.safeParse({ type: 'trino', schema: 's', colour: 'red' }).success).toBe(false);
  });
});

describeTrino('trino adapter on the local cluster', () => {
  let schema: string;
  beforeEach(() => {
    schema = freshSchema();
  });
  afterEach(async () => {
    await dropTrinoSchemas(schema);
  });

  it("fails with Trino's message, error name and query id", async () => {
    const adapter = await createTrinoAdapter(trinoTarget(schema), { projectRoot: process.cwd(), threads: 1 });
    try {
      const error = await adapter.withSession((s) => s.query('select no_such_column from (select 1 as x)')).catch((e: unknown) => e as Error);
      expect((error as Error).message).toMatch(/Column 'no_such_column' cannot be resolved \(COLUMN_NOT_FOUND, query \d{8}_\d{6}_\d+_\w+\)/);
      expect((error as Error).message).toMatch(/at line 1 of the statement/);
    } finally {
      await adapter.close();
    }
  });

  it('a wrong port names the server and says how to start one', async () => {
    const adapter = await createTrinoAdapter({ ...trinoTarget(schema), port: 1 }, { projectRoot: process.cwd(), threads: 1 });
    try {
      const error = await adapter.withSession((s) => s.query('select 1')).then(() => undefined, (e: unknown) => e as Error & { hint?: string });
      expect(error?.message).toMatch(/Could not reach Trino.*\(ECONNREFUSED\)/);
      expect(error?.hint).toMatch(/scripts\/services start trino/);
    } finally {
      await adapter.close();
    }
  });

  it("the worker, not the coordinator, runs the tasks of a weir build's queries", async () => {
    const dir = makeProject({
      'project.yml': `name: dist\ntargets:\n  dev:\n    type: trino\n    host: ${trinoTarget(schema).host}\n    port: ${trinoTarget(schema).port}\n    schema: ${schema}\n`,
      'models/numbers.sql': "{{ config(materialized='table') }}\nselect n, n % 7 as bucket from unnest(sequence(1, 5000)) as t(n)",
      'models/buckets.sql': "{{ config(materialized='table') }}\nselect bucket, count(*) as n from {{ ref('numbers') }} group by bucket",
    });
    const run = weir(['run'], dir);
    expect(run.output).toContain('PASS=2 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=2');
    const tasks = await trinoQuery(
      `select t.node_id, count(*) as tasks from system.runtime.tasks t join system.runtime.queries q on q.query_id = t.query_id where q.query like '%create table "${schema}"."buckets__weir_tmp"%' and q.source = 'weir' group by t.node_id order by t.node_id`,
    );
    expect(tasks.map((t) => t.node_id)).toContain('worker');
    const nodes = await trinoQuery("select node_id, coordinator from system.runtime.nodes where state = 'active' order by node_id");
    expect(nodes).toEqual([{ node_id: 'coordinator', coordinator: true }, { node_id: 'worker', coordinator: false }]);
  });
});
