import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, weir } from '../helpers/project.js';

/**
 * `--log-format json` read as a pipeline built for dbt reads it: every line one event, `info` with
 * exactly dbt's CoreEventInfo keys, `data` with only the fields dbt's message of that name declares.
 * The table is dbt-core's core_types.proto (and dbt-adapters' FinishedRunningStats, dbt-common's Note),
 * written out by hand: a reader that parses a line into dbt's message rejects any other key.
 */
const DBT_EVENTS: Record<string, { code: string; fields: string[] }> = {
  MainReportVersion: { code: 'A001', fields: ['version', 'log_version'] },
  ConcurrencyLine: { code: 'Q027', fields: ['num_threads', 'target_name', 'node_count'] },
  NodeStart: { code: 'Q024', fields: ['node_info'] },
  LogStartLine: { code: 'Q011', fields: ['node_info', 'description', 'index', 'total'] },
  LogModelResult: { code: 'Q012', fields: ['node_info', 'description', 'status', 'index', 'total', 'execution_time', 'group'] },
  LogTestResult: { code: 'Q007', fields: ['node_info', 'name', 'status', 'index', 'num_models', 'execution_time', 'num_failures', 'group', 'attached_node'] },
  LogSeedResult: { code: 'Q016', fields: ['node_info', 'status', 'result_message', 'index', 'total', 'execution_time', 'schema', 'relation'] },
  NodeFinished: { code: 'Q025', fields: ['node_info', 'run_result'] },
  SkippingDetails: { code: 'Q034', fields: ['node_info', 'resource_type', 'schema', 'node_name', 'index', 'total'] },
  FinishedRunningStats: { code: 'E047', fields: ['stat_line', 'execution', 'execution_time'] },
  EndOfRunSummary: { code: 'Z030', fields: ['num_errors', 'num_warnings', 'keyboard_interrupt', 'num_partial_success'] },
  StatsLine: { code: 'Z023', fields: ['stats'] },
  RunResultError: { code: 'Z024', fields: ['msg', 'node_info', 'group'] },
  MainEncounteredError: { code: 'Z002', fields: ['exc'] },
  CommandCompleted: { code: 'Q039', fields: ['command', 'success', 'completed_at', 'elapsed'] },
  Note: { code: 'Z050', fields: ['msg'] },
};
const INFO_KEYS = ['name', 'code', 'msg', 'level', 'invocation_id', 'pid', 'thread', 'ts', 'extra', 'category'];
const NODE_INFO_KEYS = ['node_path', 'node_name', 'unique_id', 'resource_type', 'materialized', 'node_status', 'node_started_at', 'node_finished_at', 'meta', 'node_relation'];
const RUN_RESULT_KEYS = ['status', 'message', 'timing_info', 'thread', 'execution_time', 'adapter_response', 'num_failures'];

interface DbtEvent {
  info: Record<string, unknown> & { name: string; code: string; msg: string; level: string; invocation_id: string; extra: Record<string, string> };
  data: Record<string, any>;
}

function events(stdout: string): DbtEvent[] {
  const lines = stdout.trim().split('\n');
  return lines.map((line) => JSON.parse(line) as DbtEvent);
}

/** Every event is one dbt knows, with its code, dbt's info keys and only its message's data fields. */
function expectDbtShape(all: DbtEvent[]) {
  for (const e of all) {
    const known = DBT_EVENTS[e.info.name];
    expect(known, `unknown event ${e.info.name}`).toBeDefined();
    expect(e.info.code, e.info.name).toBe(known!.code);
    expect(Object.keys(e.info).sort()).toEqual([...INFO_KEYS].sort());
    expect(['debug', 'info', 'warn', 'error']).toContain(e.info.level);
    expect(Number.isNaN(Date.parse(e.info.ts as string))).toBe(false);
    for (const value of Object.values(e.info.extra)) expect(typeof value).toBe('string');
    for (const key of Object.keys(e.data)) expect(known!.fields, `${e.info.name}.${key}`).toContain(key);
    if (e.data.node_info) for (const key of Object.keys(e.data.node_info)) expect(NODE_INFO_KEYS).toContain(key);
    if (e.data.run_result) for (const key of Object.keys(e.data.run_result)) expect(RUN_RESULT_KEYS).toContain(key);
  }
}

describe('--log-format json writes dbt structured events', () => {
  it('a build: version, concurrency, node start/finish per node, test and error results, skips, the run summary, one invocation id', () => {
    const dir = makeProject({
      'project.yml': 'name: x\n',
      'seeds/people.csv': 'id,name\n1,ann\n1,bob\n',
      'seeds/properties.yml': 'seeds:\n  - name: people\n    columns:\n      - name: id\n        data_tests: [unique]\n',
      'models/good.sql': "{{ config(materialized='table', meta={'owner': 'data-team'}) }}\nselect 1 as id",
      'models/broken.sql': 'select no_such_column from {{ ref("good") }}',
      'models/after_broken.sql': 'select * from {{ ref("broken") }}',
    });
    const run = weir(['build', '--log-format', 'json'], dir);
    expect(run.code, run.output).toBe(1);
    const all = events(run.stdout);
    expectDbtShape(all);
    const results = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8'));
    expect(new Set(all.map((e) => e.info.invocation_id))).toEqual(new Set([results.metadata.invocation_id]));
    expect(all[0]!.info.name).toBe('MainReportVersion');
    expect(all[0]!.data).toMatchObject({ log_version: 3 });
    expect(all.find((e) => e.info.name === 'ConcurrencyLine')!.data).toMatchObject({ num_threads: 4, target_name: 'dev', node_count: 5 });

    const named = (name: string) => all.filter((e) => e.info.name === name);
    const byNode = (name: string, id: string) => named(name).find((e) => e.data.node_info?.unique_id === id);
    // A node's start and finish, dbt's NodeStart/NodeFinished, matching run_results.json.
    for (const result of results.results.filter((r: { status: string }) => r.status !== 'skipped')) {
      const start = byNode('NodeStart', result.unique_id);
      const finish = byNode('NodeFinished', result.unique_id);
      expect(start, result.unique_id).toBeDefined();
      expect(finish!.data.run_result).toMatchObject({ status: result.status, thread: result.thread_id });
      expect(finish!.info.thread).toBe(result.thread_id);
      expect(finish!.data.node_info.node_status).toBe(result.status);
      expect(Date.parse(finish!.data.node_info.node_finished_at)).toBeGreaterThanOrEqual(Date.parse(start!.data.node_info.node_started_at));
    }
    const good = byNode('LogModelResult', 'model.x.good')!;
    expect(good.data).toMatchObject({ status: 'success', index: expect.any(Number), total: 5, description: expect.stringContaining('table model') });
    expect(good.data.node_info).toMatchObject({ node_name: 'good', resource_type: 'model', materialized: 'table', node_path: 'models/good.sql', meta: { owner: 'data-team' } });
    expect(good.data.node_info.node_relation).toMatchObject({ schema: 'main', alias: 'good', relation_name: '"main"."good"' });
    expect(byNode('LogSeedResult', 'seed.x.people')!.data).toMatchObject({ status: 'success', schema: 'main', relation: 'people' });
    const test = named('LogTestResult')[0]!;
    expect(test.data).toMatchObject({ status: 'fail', num_failures: 1, name: expect.stringContaining('unique_people_id') });
    expect(test.info.level).toBe('error');
    expect(byNode('LogModelResult', 'model.x.broken')!.data.status).toBe('error');
    expect(byNode('SkippingDetails', 'model.x.after_broken')!.data).toMatchObject({ resource_type: 'model', node_name: 'after_broken', schema: 'main' });

    const errors = named('RunResultError');
    expect(errors.map((e) => e.data.node_info.unique_id).sort()).toEqual(['model.x.broken', test.data.node_info.unique_id].sort());
    expect(errors.find((e) => e.data.node_info.unique_id === 'model.x.broken')!.data.msg).toMatch(/no_such_column/);
    expect(named('FinishedRunningStats')[0]!.data.stat_line).toBe('1 seed, 1 table model, 1 test, 2 view models');
    expect(named('StatsLine')[0]!.data.stats).toEqual({ pass: 2, warn: 0, error: 2, skip: 1, noop: 0, total: 5 });
    expect(named('EndOfRunSummary')[0]!.data).toMatchObject({ num_errors: 2, num_warnings: 0, keyboard_interrupt: false });
    expect(all.at(-1)!.info.name).toBe('CommandCompleted');
    expect(all.at(-1)!.data).toMatchObject({ command: 'build', success: false });
  });

  it("an error that stops the command is dbt's MainEncounteredError naming the file and line; weir's other events are Notes with weir's code", () => {
    const dir = makeProject({ 'project.yml': 'name: x\n', 'models/a.sql': 'select {{ ref("missing") }}' });
    const run = weir(['run', '--log-format', 'json'], dir);
    expect(run.code).toBe(2);
    const all = events(run.stdout);
    expectDbtShape(all);
    const error = all.find((e) => e.info.name === 'MainEncounteredError')!;
    expect(error.info.level).toBe('error');
    expect(error.data.exc).toMatch(/models\/a\.sql.*missing/s);
    expect(error.info.extra).toMatchObject({ weir_code: 'diagnostic' });
    expect(all.at(-1)!.data).toMatchObject({ command: 'run', success: false });

    const ok = makeProject({ 'project.yml': 'name: x\n', 'models/a.sql': 'select 1 as id' });
    const compiled = events(weir(['compile', '--log-format', 'json'], ok).stdout);
    expectDbtShape(compiled);
    const note = compiled.find((e) => e.info.extra?.weir_code === 'compiled')!;
    expect(note.info.name).toBe('Note');
    expect(note.data.msg).toMatch(/^Compiled 1 models/);
    expect(JSON.parse(note.info.extra.weir_data!)).toMatchObject({ models: 1, selected: 1 });
  });
});
