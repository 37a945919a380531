import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trackingReader } from '../../src/project/source-reader.js';
import { makeProject } from '../helpers/project.js';

describe('trackingReader', () => {
  it('trusts the stats the command took before (the compile stamp check) over a second stat', () => {
    const dir = makeProject({ 'models/a.sql': 'select 1\n' });
    const path = join(dir, 'models/a.sql');
    const first = trackingReader(undefined, () => Date.now() + 60_000);
    const record = first.read(path, 'models/a.sql');
    expect(record.text).toBe('select 1\n');
    const seen = { size: statSync(path).size, mtimeMs: statSync(path).mtimeMs };
    // Changed after the stamp check stat'ed it: this compile goes by that stat, the next one sees the change.
    writeFileSync(path, 'select 22\n');
    const previous = { files: new Map([['models/a.sql', record]]), stats: new Map() };
    const known = trackingReader(previous, Date.now, new Map([[path, seen]]));
    expect(known.read(path, 'models/a.sql').text).toBe('select 1\n');
    expect(known.reads()).toBe(0);
    const fresh = trackingReader(previous);
    expect(fresh.read(path, 'models/a.sql').text).toBe('select 22\n');
    expect(fresh.changed).toEqual(['models/a.sql']);
  });
});
