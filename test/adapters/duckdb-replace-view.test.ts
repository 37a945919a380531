import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDuckDbAdapter } from '../../src/adapters/duckdb/adapter.js';
import { makeProject, weir, writeFiles } from '../helpers/project.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * Issue 22: DuckDB replaces a plain view with one `create or replace view`, outside a transaction.
 * That is safe only because the statement is atomic: these pin it down on the engine itself.
 */
describe('DuckDB replaceViewAlone', () => {
  const v = { schema: 'main', identifier: 'v' };
  const open = () => createDuckDbAdapter({ type: 'duckdb', path: 'db.duckdb' }, { projectRoot: tempDir('weir-view22-'), threads: 2 });

  it('a failing query leaves the previous view, and a table of that name is left for the transactional path', async () => {
    const adapter = await open();
    try {
      await adapter.withSession(async (s) => {
        const statements: string[] = [];
        const run = (sql: string) => (statements.push(sql), s.execute(sql));
        expect(await adapter.replaceViewAlone!(s, v, 'select 1 as x', run)).toBe(true);
        expect(statements).toEqual(['create or replace view "main"."v" as (\nselect 1 as x\n)']);
        await expect(adapter.replaceViewAlone!(s, v, 'select no_such_column', run)).rejects.toThrow(/no_such_column/);
        expect((await s.query('select x from main.v')).rows).toEqual([{ x: 1 }]);
        await s.execute('create table main.t as select 7 as x');
        expect(await adapter.replaceViewAlone!(s, { schema: 'main', identifier: 't' }, 'select 2 as x', run)).toBe(false);
        expect((await s.query('select x from main.t')).rows).toEqual([{ x: 7 }]);
      });
    } finally {
      await adapter.close();
    }
  });

  it('a reader on another connection sees the old view or the new one, never an error', async () => {
    const adapter = await open();
    try {
      await adapter.withSession((s) => s.execute('create view main.v as select 0 as x'));
      let done = false;
      const seen: number[] = [];
      const reader = adapter.withSession(async (s) => {
        while (!done) seen.push(Number((await s.query('select x from main.v')).rows[0]!.x));
      });
      await adapter.withSession(async (s) => {
        for (let i = 1; i <= 200; i++) {
          await adapter.replaceViewAlone!(s, v, `select ${i % 2} as x`, (sql) => s.execute(sql));
          await adapter.replaceViewAlone!(s, v, 'select broken', (sql) => s.execute(sql)).catch(() => undefined);
        }
      });
      done = true;
      await reader;
      expect(new Set(seen)).toEqual(new Set([0, 1]));
      expect(seen.length).toBeGreaterThan(20);
    } finally {
      await adapter.close();
    }
  });

  it('a plain view model is that one statement; a table of its name or a post-hook takes the transaction', () => {
    const model = (config: string) => ({ 'models/m.sql': `{{ config(${config}) }}\nselect 1 as id` });
    const dir = makeProject({ 'project.yml': 'name: p\n', ...model("materialized='table'") });
    const ran = (config: string) => {
      writeFiles(dir, model(config));
      expect(weir(['run'], dir).code).toBe(0);
      return readFileSync(join(dir, 'target/run/p/models/m.sql'), 'utf8').trim();
    };
    ran("materialized='table'");
    expect(ran("materialized='view'")).toMatch(/^begin;\n\ndrop table if exists "main"\."m";\n\ncreate or replace view[\s\S]*commit;$/);
    expect(ran("materialized='view'")).toMatch(/^create or replace view "main"\."m" as \(\s+select 1 as id\s+\);$/);
    expect(ran("materialized='view', post_hook='select 1'")).toMatch(/^begin;[\s\S]*create or replace view[\s\S]*select 1;\n\ncommit;$/);
  });
});
