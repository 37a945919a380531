import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, weir } from '../helpers/project.js';
import { copyJaffle } from './fixture.js';
import { tempDir } from '../helpers/temp-dir.js';

/** dbt's file log: logs/dbt.log by default in a dbt project, --log-path / DBT_LOG_PATH / log-path:, text or JSON lines. */
describe('the log file', () => {
  it('appends each run to logs/dbt.log in a dbt project, with the debug events the console leaves out', () => {
    const dir = copyJaffle();
    const first = weir(['seed'], dir);
    expect(first.code, first.output).toBe(0);
    const run = weir(['run', '-s', 'stg_orders'], dir);
    expect(run.code, run.output).toBe(0);
    const log = readFileSync(join(dir, 'logs/dbt.log'), 'utf8');
    // Both invocations, each under its own header, in order.
    expect(log.match(/^={20} \d{4}-\d\d-\d\dT[\d:.]+Z \| [0-9a-f-]{36} ={20}$/gm)).toHaveLength(2);
    expect(log).toMatch(/\[info\] created view "main"."stg_orders"|\[info\] .*stg_orders/);
    expect(log.indexOf('raw_orders')).toBeLessThan(log.lastIndexOf('stg_orders'));
    // The console showed no debug lines; the file keeps them.
    expect(log).toMatch(/\[debug\] /);
    expect(run.output).not.toMatch(/\[debug\]/);
  }, 60_000);

  it('follows --log-path, DBT_LOG_PATH and dbt_project.yml log-path, and writes dbt JSON events with --log-format-file json', () => {
    const dir = copyJaffle();
    const elsewhere = tempDir('weir-logs-');
    expect(weir(['parse', '--log-path', elsewhere], dir).code).toBe(0);
    expect(existsSync(join(elsewhere, 'dbt.log'))).toBe(true);
    expect(existsSync(join(dir, 'logs'))).toBe(false);

    const fromEnv = tempDir('weir-logs-env-');
    expect(weir(['parse'], dir, { DBT_LOG_PATH: fromEnv }).code).toBe(0);
    expect(existsSync(join(fromEnv, 'dbt.log'))).toBe(true);

    writeFileSync(join(dir, 'dbt_project.yml'), `${readFileSync(join(dir, 'dbt_project.yml'), 'utf8')}\nlog-path: my_logs\n`);
    const json = weir(['seed', '--log-format-file', 'json'], dir);
    expect(json.code, json.output).toBe(0);
    const lines = readFileSync(join(dir, 'my_logs/dbt.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { info: { name: string; invocation_id: string } });
    expect(lines[0]!.info.name).toBe('MainReportVersion');
    expect(lines.map((l) => l.info.name)).toContain('LogSeedResult');
    expect(new Set(lines.map((l) => l.info.invocation_id)).size).toBe(1);
    // The console stayed text.
    expect(json.output).not.toContain('"info"');
  }, 60_000);

  it('keeps a weir project (project.yml) free of log files unless asked, and says when the file cannot be written', () => {
    const dir = makeProject({ 'project.yml': 'name: x\n', 'models/m.sql': 'select 1 as x' });
    expect(weir(['run'], dir).code).toBe(0);
    expect(existsSync(join(dir, 'logs'))).toBe(false);
    expect(weir(['run', '--log-path', 'out'], dir).code).toBe(0);
    expect(readFileSync(join(dir, 'out/weir.log'), 'utf8')).toMatch(/\[info\] .*"main"."m"/);
    writeFileSync(join(dir, 'blocked'), 'a file, not a folder');
    const blocked = weir(['run', '--log-path', 'blocked'], dir);
    expect(blocked.code, blocked.output).toBe(0);
    expect(blocked.output).toContain('cannot write the log file');
  }, 60_000);
});
