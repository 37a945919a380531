import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DUCKDB, POSTGRES, TRINO, queryEngine, type EngineTarget, type TestEngine } from '../helpers/engines.js';
import { describePg } from '../helpers/postgres.js';
import { describeTrino } from '../helpers/trino.js';
import { makeProject, weir, writeFiles } from '../helpers/project.js';

/** Seed files as dbt reads them, and bad ones: the same rules and the same words on every engine, and nothing half-loaded. */
function badSeeds(engine: TestEngine) {
  let target: EngineTarget;
  beforeEach(async () => {
    target = await engine.prepare();
  });
  afterEach(async () => {
    await target.cleanup();
  });
  const seed = (files: Record<string, string | Buffer>) => {
    const dir = makeProject({ 'project.yml': `name: bad\n${target.targetsYaml}` });
    writeFiles(dir, files);
    return { dir, run: weir(['seed'], dir) };
  };

  const rowsOf = (dir: string, sql: string) => queryEngine(target, dir, sql.replace('{schema}', target.schema));

  it('a row with fewer fields than the header loads with nulls for the missing ones, as in dbt', async () => {
    // Far into the file, so PostgreSQL's COPY has sent rows before it refuses the short one.
    const many = Array.from({ length: 30_000 }, (_, i) => `${i + 10},n,${i}`).join('\n');
    const { dir, run } = seed({ 'seeds/s.csv': `id,name,amount\n1,a,10\n${many}\n2,b\n3\n\n4,"d, e",40\n` });
    expect(run.code, run.output).toBe(0);
    const rows = await rowsOf(dir, 'select id, name, amount from {schema}.s where id < 10 order by id');
    expect(rows.map((r) => [Number(r.id), r.name, r.amount === null ? null : Number(r.amount)])).toEqual([
      [1, 'a', 10], [2, 'b', null], [3, null, null], [4, 'd, e', 40],
    ]);
    expect(await rowsOf(dir, 'select count(*) as n from {schema}.s').then((r) => Number(r[0]!.n))).toBe(30_004);
  });

  it('a row with more fields than the header fails with file, line and what to do, keeping the table built before', async () => {
    const { dir, run } = seed({ 'seeds/l.csv': 'id,name\n1,a\n' });
    expect(run.code, run.output).toBe(0);
    writeFiles(dir, { 'seeds/l.csv': `id,name\n${Array.from({ length: 30_000 }, (_, i) => `${i},n${i}`).join('\n')}\n30000,x,extra\n` });
    const long = weir(['seed'], dir);
    expect(long.code).toBe(1);
    expect(long.output).toContain('seeds/l.csv, line 30002: expected 2 columns (as in the header), found 3');
    expect(long.output).toContain('a row may have fewer fields than the header (the missing ones load as null, as in dbt) but not more: remove the extra fields');
    expect(await rowsOf(dir, 'select id, name from {schema}.l')).toEqual([expect.objectContaining({ name: 'a' })]);
    const tables = await rowsOf(dir, "select table_name from information_schema.tables where table_schema = '{schema}'");
    expect(tables.map((t) => t.table_name)).toEqual(['l']);
    // After short rows (PostgreSQL's COPY refuses the first, and the padding parser finds this one).
    const after = seed({ 'seeds/m.csv': 'id,name,amount\n1,a\n2,b,3,4\n' });
    expect(after.run.code).toBe(1);
    expect(after.run.output).toContain('seeds/m.csv, line 3: expected 3 columns (as in the header), found 4');
  });

  it('a timestamp with a one-digit hour is a timestamp, as in dbt', async () => {
    const { dir, run } = seed({ 'seeds/t.csv': 'id,loaded_at\n1,2020-01-01 9:05:00\n2,2020-01-01 10:30:00\n' });
    expect(run.code, run.output).toBe(0);
    const types = await rowsOf(dir, "select data_type from information_schema.columns where table_schema = '{schema}' and table_name = 't' and column_name = 'loaded_at'");
    expect(String(types[0]?.data_type)).toMatch(/^timestamp/i);
    const rows = await rowsOf(dir, 'select id, extract(hour from loaded_at) as h, extract(minute from loaded_at) as m from {schema}.t order by id');
    expect(rows.map((r) => [Number(r.h), Number(r.m)])).toEqual([[9, 5], [10, 30]]);
  });

  it('an empty seed, a header with a repeated or blank name, and a UTF-16 file each fail saying what to do', () => {
    const empty = seed({ 'seeds/e.csv': '' });
    expect(empty.run.code).toBe(1);
    expect(empty.run.output).toContain('seeds/e.csv is empty: a seed needs a header row naming its columns');
    const twice = seed({ 'seeds/d.csv': 'id,name,ID\n1,a,2\n' });
    expect(twice.run.output).toContain("seeds/d.csv, line 1: column 'ID' appears twice in the header (columns 1 and 3)");
    const blank = seed({ 'seeds/b.csv': 'id,,name\n1,2,a\n' });
    expect(blank.run.output).toContain('seeds/b.csv, line 1: column 2 of the header has no name');
    const utf16 = seed({ 'seeds/u.csv': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,name\n1,é\n', 'utf16le')]) });
    expect(utf16.run.code).toBe(1);
    expect(utf16.run.output).toContain('seeds/u.csv is UTF-16LE encoded (it starts with a UTF-16LE byte-order mark); seeds are read as UTF-8');
    expect(utf16.run.output).toContain('iconv -f UTF-16LE -t UTF-8');
  });
}

describe('bad seed files: duckdb', () => badSeeds(DUCKDB));
describePg('bad seed files: postgres', () => badSeeds(POSTGRES));
describeTrino('bad seed files: trino', () => badSeeds(TRINO));
