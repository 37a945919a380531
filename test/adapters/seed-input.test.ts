import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DUCKDB, POSTGRES, queryEngine, type EngineTarget, type TestEngine } from '../helpers/engines.js';
import { describePg } from '../helpers/postgres.js';
import { makeProject, weir, writeFiles } from '../helpers/project.js';

/** Bad seed files: the same rules and the same words on every engine, and nothing half-loaded. */
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

  it('a ragged row fails with file, line, and the columns expected and found', async () => {
    const short = seed({ 'seeds/s.csv': 'id,name,amount\n1,a,10\n2,b\n3,c,30\n' });
    expect(short.run.code).toBe(1);
    expect(short.run.output).toContain('seeds/s.csv, line 3: expected 3 columns (as in the header), found 2');
    expect(short.run.output).toContain('every row of a seed needs one field per header column');
    const long = seed({ 'seeds/l.csv': `id,name\n${Array.from({ length: 30_000 }, (_, i) => `${i},n${i}`).join('\n')}\n30000,x,extra\n` });
    expect(long.run.code).toBe(1);
    expect(long.run.output).toContain('seeds/l.csv, line 30002: expected 2 columns (as in the header), found 3');
    const tables = await queryEngine(target, long.dir, `select table_name from information_schema.tables where table_schema = '${target.schema}'`);
    expect(tables).toEqual([]);
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
