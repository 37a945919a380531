import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startPrefetch } from '../../src/project/prefetch.js';
import { sha256, trackingReader } from '../../src/project/source-reader.js';
import { makeProject } from '../helpers/project.js';

// The worker runs as built JavaScript (npm run build), as the CLI runs it.
const WORKER = new URL('../../dist/project/prefetch-worker.js', import.meta.url);

describe('prefetch', () => {
  it('hands over each file of the usual folders once, with the stat it was read with, and nothing else', () => {
    const files: Record<string, string> = {
      'models/a.sql': 'select 1\n', 'models/sub/b.sql': 'select * from {{ ref("a") }}\n', 'models/schema.yml': 'models: []\n',
      'models/.hidden.sql': 'select 3\n', 'macros/m.sql': '{% macro m() %}1{% endmacro %}\n', 'models/docs.md': '{% docs d %}x{% enddocs %}\n',
      'other/c.sql': 'select 4\n',
    };
    const dir = makeProject(files);
    const prefetch = startPrefetch(dir, WORKER);
    expect(prefetch).toBeDefined();
    for (const path of ['models/a.sql', 'models/sub/b.sql', 'models/schema.yml', 'macros/m.sql', 'models/docs.md']) {
      const file = prefetch!.take(join(dir, path));
      const stat = statSync(join(dir, path));
      expect(file, path).toEqual({ text: files[path], hash: sha256(files[path]!), size: stat.size, mtimeMs: stat.mtimeMs });
      expect(prefetch!.take(join(dir, path)), `${path} is handed over once`).toBeUndefined();
    }
    // Hidden files and other folders are not read ahead: the reader reads them itself.
    expect(prefetch!.take(join(dir, 'models/.hidden.sql'))).toBeUndefined();
    expect(prefetch!.take(join(dir, 'other/c.sql'))).toBeUndefined();
  });

  it('serves the tracking reader, which goes by the stat the file was read with', () => {
    const dir = makeProject({ 'models/a.sql': 'select 1\n' });
    const path = join(dir, 'models/a.sql');
    const known = new Map<string, { size: number; mtimeMs: number }>();
    const reader = trackingReader(undefined, Date.now, known, startPrefetch(dir, WORKER));
    // Read ahead before this edit (the worker has finished once take() returns): this compile goes by what was read.
    const record = reader.read(path, 'models/a.sql');
    writeFileSync(path, 'select 22\n');
    expect(record.text).toBe('select 1\n');
    expect(known.get(path)).toEqual({ size: record.size, mtimeMs: record.mtimeMs });
    expect(reader.changed).toEqual(['models/a.sql']);
  });

  it('is not started where a partial-parse cache would spare the reads', () => {
    const dir = makeProject({ 'models/a.sql': 'select 1\n' });
    mkdirSync(join(dir, 'target'));
    writeFileSync(join(dir, 'target', 'partial_parse.json'), '{}');
    expect(startPrefetch(dir, WORKER)).toBeUndefined();
  });
});
