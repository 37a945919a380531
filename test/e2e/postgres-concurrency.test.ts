import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describePg, dropSchemas, freshSchema, pgQuery } from '../helpers/postgres.js';
import { copyExample } from '../helpers/example-data.js';
import { countAll, setT1Rows, sharedViewsProject, sharedViewsRelations, startReaders } from '../helpers/shared-views-project.js';
import { writeFiles } from '../helpers/project.js';
import { startWeir } from '../helpers/spawn-weir.js';

/**
 * Builds after the first one on PostgreSQL: every swap used to drop the views built on the old
 * table (cascade) and recreate them, and two ingest swaps sharing a view failed with "could not
 * open relation with OID" or a deadlock; readers lost those views mid-build.
 */
describePg('PostgreSQL: consecutive builds and readers', (url) => {
  let schema: string;
  beforeEach(() => {
    schema = freshSchema('weir_conc');
  });
  afterEach(async () => {
    await dropSchemas(schema);
  });
  const env = () => ({ WEIR_PG_URL: url });
  const build = async (dir: string, args: string[]) => (await startWeir(args, dir, env()).done);
  const leftovers = async () => (await pgQuery(`select table_schema || '.' || table_name as name from information_schema.tables where table_schema like '${schema}%' and table_name like '%\\_\\_weir\\_%'`)).map((r) => r.name);

  it('repeated full builds at 4 and 8 threads never fail and never break a reader', async () => {
    const dir = sharedViewsProject(schema);
    expect((await build(dir, ['build', '--threads', '4'])).output).toContain('ERROR=0 SKIP=0');
    const relations = sharedViewsRelations(schema);
    const states = [await countAll(url, relations)];
    const readers = startReaders(url, relations, 4, states);
    const failed: string[] = [];
    let builds = 0;
    try {
      for (const threads of [4, 4, 4, 8, 8, 8]) {
        setT1Rows(dir, builds % 2 === 0 ? 150 : 100);
        const run = await build(dir, ['build', '--threads', String(threads)]);
        builds++;
        if (run.code !== 0) failed.push(`build ${builds} (--threads ${threads}): ${run.output.slice(-2000)}`);
        states.push(await countAll(url, relations));
      }
    } finally {
      const log = await readers.stop();
      console.info(`${builds} builds, ${log.queries} reader queries, ${log.errors.length} reader errors, ${log.wrong.length} wrong counts`);
      expect(failed).toEqual([]);
      expect(log.errors).toEqual([]);
      expect(log.wrong).toEqual([]);
      expect(log.queries).toBeGreaterThan(200);
    }
    // The builds did change what readers saw: t1 and everything built on it alternate.
    expect(states.map((s) => s.get(`"${schema}"."top"`))).toEqual([100, 150, 100, 150, 100, 150, 100]);
    expect(await leftovers()).toEqual([]);
  }, 240_000);

  it('consecutive builds with 1 to 16 threads and any selection never fail', async () => {
    const dir = sharedViewsProject(schema);
    const runs = [
      ['build', '--threads', '1'], ['build', '--threads', '16'], ['build', '--threads', '8'],
      ['run', '--threads', '2', '-s', '+t1_t2+'], ['ingest', '--threads', '8'], ['build', '--threads', '3', '-s', 'source:raw+'],
      ['seed', '--threads', '5'], ['run', '--threads', '12', '--exclude', 'wide'], ['build', '--threads', '16', '--full-refresh'],
    ];
    const view = async () => (await pgQuery(`select oid::int as oid, relacl::text as acl from pg_class where oid = '"${schema}".t1_t2'::regclass`))[0];
    let before: Record<string, unknown> | undefined;
    for (const [i, args] of runs.entries()) {
      const run = await build(dir, args);
      expect(run.output, args.join(' ')).toMatch(/Completed successfully/);
      expect(run.code, args.join(' ')).toBe(0);
      if (i === 0) {
        await pgQuery(`grant select on "${schema}".t1_t2 to public`);
        before = await view();
      }
    }
    expect(await leftovers()).toEqual([]);
    // The view joining two ingested tables was rebound, never dropped: same oid, its grant kept.
    expect(before!.acl).toMatch(/=r\//);
    expect(await view()).toEqual(before);
  }, 240_000);

  it('two targets whose sources share a raw schema build at the same time without touching each other', async () => {
    // Project b writes its models to <schema>_b but ingests into the same <schema>_raw tables as project a.
    const a = sharedViewsProject(schema);
    const b = sharedViewsProject(schema);
    writeFiles(b, { 'project.yml': readFileSync(join(a, 'project.yml'), 'utf8').replace(`schema: ${schema}\n`, `schema: ${schema}_b\n`) });
    const failed: string[] = [];
    for (let round = 0; round < 3; round++) {
      const runs = await Promise.all([a, b].map((dir) => build(dir, ['build', '--threads', '4'])));
      for (const [i, run] of runs.entries()) if (run.code !== 0) failed.push(`round ${round}, project ${'ab'[i]}: ${run.output.slice(-1500)}`);
    }
    expect(failed).toEqual([]);
    expect(await leftovers()).toEqual([]);
    const counts = await countAll(url, [`"${schema}"."top"`, `"${schema}_b"."top"`, `"${schema}_raw"."t1"`]);
    expect([...counts.values()]).toEqual([100, 100, 100]);
  }, 240_000);

  it('the example project builds twice in a row on a fresh database', async () => {
    const database = `${schema}_db`;
    await pgQuery(`create database "${database}"`);
    try {
      const dir = copyExample('weir-pg-twice-');
      const dbUrl = new URL(url);
      dbUrl.pathname = `/${database}`;
      for (const time of ['first', 'second']) {
        const run = await startWeir(['build', '--target', 'pg'], dir, { WEIR_PG_URL: dbUrl.toString() }).done;
        expect(run.output, `${time} build`).toMatch(/Completed successfully/);
      }
    } finally {
      await pgQuery(`drop database if exists "${database}" with (force)`);
    }
  }, 240_000);
});
