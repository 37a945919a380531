import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFiles, folderLister } from '../../src/project/discover.js';
import { makeProject } from '../helpers/project.js';

describe('discoverFiles', () => {
  it('lists a folder once per lister, for every extension asked of it; a new lister sees new files', () => {
    const dir = makeProject({ 'models/a.sql': 'select 1\n', 'models/sub/b.sql': 'select 2\n', 'models/_props.yml': 'version: 2\n', 'models/.hidden/c.sql': '' });
    const list = folderLister();
    expect(discoverFiles(dir, ['models'], ['.sql'], list)).toEqual(['models/a.sql', 'models/sub/b.sql']);
    writeFileSync(join(dir, 'models', 'late.sql'), 'select 3\n');
    // The same load keeps the listing it started with; the yml file comes from that listing too.
    expect(discoverFiles(dir, ['models'], ['.sql'], list)).toEqual(['models/a.sql', 'models/sub/b.sql']);
    expect(discoverFiles(dir, ['models'], ['.yml'], list)).toEqual(['models/_props.yml']);
    expect(discoverFiles(dir, ['models'], ['.sql'], folderLister())).toEqual(['models/a.sql', 'models/late.sql', 'models/sub/b.sql']);
    expect(discoverFiles(dir, ['models'], ['.sql'])).toEqual(['models/a.sql', 'models/late.sql', 'models/sub/b.sql']);
    // A listing the command took before (the compile stamp's check) is the one the load goes by.
    const before = readdirSync(join(dir, 'models'), { recursive: true, withFileTypes: true }).filter((e) => e.name !== 'late.sql');
    expect(discoverFiles(dir, ['models'], ['.sql'], folderLister(new Map([[join(dir, 'models'), before]])))).toEqual(['models/a.sql', 'models/sub/b.sql']);
  });
});
