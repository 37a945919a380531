import { closeSync, openSync, ftruncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, weir } from '../helpers/project.js';

/** A preload that prints the process's peak resident memory (KiB) when it exits. */
function peakReporter(dir: string): string {
  const file = join(dir, 'peak-rss.cjs');
  writeFileSync(file, "process.on('exit', () => require('node:fs').writeSync(2, `\\npeak-rss-kb ${process.resourceUsage().maxRSS}\\n`));\n");
  return file;
}

describe('seeds', () => {
  it('a large seed costs no more memory than a small one: its content is hashed as it is read', () => {
    const dir = makeProject({ 'project.yml': 'name: big\n', 'models/m.sql': "select * from {{ ref('big') }}", 'seeds/.keep': '' });
    // 400 MB, sparse (a header and then zeros): compile hashes it but never parses it, so it costs no disk.
    const fd = openSync(join(dir, 'seeds/big.csv'), 'w');
    writeSync(fd, 'id\n');
    ftruncateSync(fd, 400 * 1024 * 1024);
    closeSync(fd);
    const run = weir(['compile'], dir, { NODE_OPTIONS: `--require ${peakReporter(dir)}` });
    expect(run.code).toBe(0);
    const peakMb = Number(/peak-rss-kb (\d+)/.exec(run.stderr)?.[1]) / 1024;
    // A compile of a two-node project takes ~100 MB; reading the seed whole took 400 MB more.
    expect(peakMb).toBeGreaterThan(20);
    expect(peakMb).toBeLessThan(250);
  });
});
