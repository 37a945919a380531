import { afterAll, describe, expect, it } from 'vitest';
import { createDuckDbAdapter } from '../../src/adapters/duckdb/adapter.js';
import { createPostgresAdapter } from '../../src/adapters/postgres/adapter.js';
import type { Adapter } from '../../src/adapters/types.js';
import { describePg, dropSchemas, freshSchema } from '../helpers/postgres.js';
import { makeProject, weir } from '../helpers/project.js';
import { makePackage } from '../packages/helpers.js';
import { copyJaffle, jaffleCsv, jafflePgEnv } from './fixture.js';

/**
 * `weir run-operation <macro> --args '{...}'` as dbt's: the macro runs with execute true on the
 * target, its statements are kept, its log(info=True) lines are shown, and a failure exits 1
 * naming the macro's file and line.
 */
const OPS = `{% macro grant_report(table, label='rows') %}
  {% set n = run_query("select count(*) from " ~ ref(table)).columns[0].values()[0] %}
  {% do run_query("create table " ~ target.schema ~ ".op_report as select '" ~ label ~ "' as label, " ~ n ~ " as n") %}
  {{ log(label ~ " in " ~ table ~ ": " ~ n, info=True) }}
  {{ log("a debug line", info=False) }}
{% endmacro %}

{% macro must_have(table, at_least) %}
  {% set n = run_query("select count(*) from " ~ ref(table)).columns[0].values()[0] %}
  {% if n < at_least %}
    {{ exceptions.raise_compiler_error(table ~ " has " ~ n ~ " rows, fewer than " ~ at_least) }}
  {% endif %}
{% endmacro %}

{% macro bad_sql() %}
  {% do run_query("select nope from " ~ ref('raw_orders')) %}
{% endmacro %}
`;
const ORDERS = jaffleCsv('raw_orders').length;

async function rows(adapter: Adapter, sql: string) {
  try {
    return (await adapter.withSession((s) => s.query(sql))).rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
  } finally {
    await adapter.close();
  }
}

function checks(env: Record<string, string>, schema: string, open: (dir: string) => Promise<Adapter>) {
  it('runs a macro with YAML or JSON args on the target, keeps what it wrote and shows its log lines', async () => {
    const dir = copyJaffle({ 'macros/ops.sql': OPS });
    expect(weir(['seed'], dir, env).code).toBe(0);
    const run = weir(['run-operation', 'grant_report', '--args', '{table: raw_orders, label: orders}'], dir, env);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain(`orders in raw_orders: ${ORDERS}`);
    expect(run.output).not.toContain('a debug line');
    expect(run.output.match(/orders in raw_orders/g)).toHaveLength(1);
    // Another connection sees the table: the macro's statements were committed.
    expect(await rows(await open(dir), `select label, n from "${schema}"."op_report"`)).toEqual([{ label: 'orders', n: ORDERS }]);
    const verbose = weir(['-v', 'run-operation', 'must_have', '--args', '{"table": "raw_orders", "at_least": 1}'], dir, env);
    expect(verbose.code, verbose.output).toBe(0);
  }, 120_000);

  it("fails with exit 1 naming the macro's file and line, for its own error and the database's", () => {
    const dir = copyJaffle({ 'macros/ops.sql': OPS });
    expect(weir(['seed'], dir, env).code).toBe(0);
    const raised = weir(['run-operation', 'must_have', '--args', `{table: raw_orders, at_least: ${ORDERS + 1}}`], dir, env);
    expect(raised.code).toBe(1);
    expect(raised.output).toContain(`Error: macro 'must_have' (macros/ops.sql:8) failed: raw_orders has ${ORDERS} rows, fewer than ${ORDERS + 1}`);
    const database = weir(['run-operation', 'bad_sql'], dir, env);
    expect(database.code).toBe(1);
    expect(database.output).toMatch(/macro 'bad_sql' \(macros\/ops\.sql:15\) failed: .*nope/);
  }, 120_000);

  it('refuses an unknown macro and args that are not a mapping, with what to do', () => {
    const dir = copyJaffle({ 'macros/ops.sql': OPS });
    const unknown = weir(['run-operation', 'must_hav'], dir, env);
    expect(unknown.code).toBe(2);
    expect(unknown.output).toContain("there is no macro 'must_hav' in this project");
    expect(unknown.output).toContain("did you mean 'must_have'?");
    const list = weir(['run-operation', 'must_have', '--args', '[1, 2]'], dir, env);
    expect(list.code).toBe(2);
    expect(list.output).toContain("--args must be a YAML mapping of the macro's arguments");
    const broken = weir(['run-operation', 'must_have', '--args', '{table: [}'], dir, env);
    expect(broken.code).toBe(2);
    expect(broken.output).toContain('--args is not valid YAML');
  }, 60_000);
}

describe('run-operation of a package macro', () => {
  it('calls pkg.macro, and a bare name the project does not define, as dbt finds it', () => {
    const tools = makePackage('tools', {
      'macros/ops.sql': "{% macro stamp(label) %}{% do run_query(\"create table main.stamp_\" ~ label ~ \" as select 1 as x\") %}{{ log('stamped ' ~ label, info=True) }}{% endmacro %}",
    });
    const project = makeProject({
      'dbt_project.yml': "name: shop\nprofile: shop\n",
      'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: target/shop.duckdb\n',
      'packages.yml': `packages:\n  - local: ${tools}\n`,
      'models/m.sql': 'select 1 as x',
    });
    expect(weir(['deps'], project).code).toBe(0);
    const qualified = weir(['run-operation', 'tools.stamp', '--args', '{label: a}'], project);
    expect(qualified.code, qualified.output).toBe(0);
    expect(qualified.output).toContain('stamped a');
    const bare = weir(['run-operation', 'stamp', '--args', '{label: b}'], project);
    expect(bare.code, bare.output).toBe(0);
    expect(bare.output).toContain('stamped b');
    const unknown = weir(['run-operation', 'tools.stmp'], project);
    expect(unknown.code).toBe(2);
    expect(unknown.output).toContain("did you mean 'tools.stamp'?");
  }, 60_000);
});

describe('run-operation on DuckDB', () => {
  checks({}, 'main', (dir) => createDuckDbAdapter({ type: 'duckdb', path: 'target/jaffle_shop.duckdb' }, { projectRoot: dir, threads: 1 }));
});

describePg('run-operation on PostgreSQL', (url) => {
  const schema = freshSchema('weir_runop');
  afterAll(() => dropSchemas(schema));
  checks(jafflePgEnv(url, schema), schema, () => createPostgresAdapter({ type: 'postgres', url, schema }, { projectRoot: '.', threads: 1 }));
});
