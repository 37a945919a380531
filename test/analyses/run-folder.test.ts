import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runStamp, writeRunFolder } from '../../src/analyses/outputs/run-folder.js';
import { analysisPropertiesSchema, DEFAULT_KEEP_RUNS } from '../../src/project/analysis-schema.js';
import { tempDir } from '../helpers/temp-dir.js';

const files = (n: number) => ({ 'result.json': `{"run":${n}}`, 'chart.svg': '<svg/>', 'data.csv': 'x\n' });

describe('run folders', () => {
  const target = tempDir('weir-runs-');
  afterAll(() => rmSync(target, { recursive: true, force: true }));

  it('keeps the newest keep_runs runs and latest/, deleting the oldest first', async () => {
    const base = join(target, 'analyses', 'a');
    // A folder that is not a run (someone's notes) is never touched.
    mkdirSync(join(base, 'notes'), { recursive: true });
    const stamps = Array.from({ length: 6 }, (_, i) => runStamp(new Date(Date.UTC(2026, 0, 1, 10, i))));
    for (const [i, stamp] of stamps.entries()) await writeRunFolder(target, 'a', stamp, files(i), 3);
    expect(readdirSync(base).sort()).toEqual([...stamps.slice(3), 'latest', 'notes'].sort());
    expect(readFileSync(join(base, 'latest', 'result.json'), 'utf8')).toBe('{"run":5}');
    // Lowering the limit prunes on the next run; the run just written always stays.
    await writeRunFolder(target, 'a', runStamp(new Date(Date.UTC(2026, 0, 2))), files(6), 1);
    expect(readdirSync(base).filter((d) => d !== 'latest' && d !== 'notes')).toEqual(['2026-01-02T00-00-00.000Z']);
    expect(existsSync(join(base, 'notes'))).toBe(true);
  });

  it('keeps DEFAULT_KEEP_RUNS (10) unless told, and keep_runs must be a positive whole number', async () => {
    for (let i = 0; i < 12; i++) await writeRunFolder(target, 'b', runStamp(new Date(Date.UTC(2026, 1, 1, 0, i))), files(i), DEFAULT_KEEP_RUNS);
    expect(DEFAULT_KEEP_RUNS).toBe(10);
    expect(readdirSync(join(target, 'analyses', 'b')).filter((d) => d !== 'latest')).toHaveLength(10);
    const entry = { name: 'x', kind: 'correlation', columns: { x: 'a', y: 'b' } };
    expect(analysisPropertiesSchema.safeParse({ ...entry, keep_runs: 0 }).success).toBe(false);
    expect(analysisPropertiesSchema.safeParse({ ...entry, keep_runs: 2.5 }).success).toBe(false);
    expect(analysisPropertiesSchema.safeParse({ ...entry, keep_runs: 3, p_adjust: 'holm' }).success).toBe(true);
    expect(analysisPropertiesSchema.safeParse({ ...entry, p_adjust: 'fdr' }).success).toBe(false);
  });
});
