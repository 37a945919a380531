import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDuckDbAdapter } from '../../src/adapters/duckdb/adapter.js';
import { makeProject, weir } from '../helpers/project.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('DuckDB target settings', () => {
  it('memory_limit, temp_directory and other settings reach the instance; threads is the nodes at once, not DuckDB\'s', async () => {
    const root = tempDir('weir-duck-settings-');
    const adapter = await createDuckDbAdapter(
      { type: 'duckdb', path: 'db.duckdb', threads: 1, memory_limit: '256MB', temp_directory: 'spill', settings: { preserve_insertion_order: false } },
      { projectRoot: root, threads: 1 },
    );
    try {
      const [row] = (await adapter.withSession((s) => s.query(
        "select current_setting('memory_limit') as memory, current_setting('threads') as threads, current_setting('temp_directory') as temp, current_setting('preserve_insertion_order') as ordered",
      ))).rows;
      // As dbt-duckdb: the profile's threads do not cap DuckDB's own worker threads (all cores by default).
      expect(row).toEqual({ memory: '244.1 MiB', threads: BigInt(availableParallelism()), temp: join(root, 'spill'), ordered: false });
    } finally {
      await adapter.close();
    }
  });

  it("DuckDB's worker threads come from settings: {threads: N}", async () => {
    const adapter = await createDuckDbAdapter({ type: 'duckdb', path: ':memory:', threads: 8, settings: { threads: 1 } }, { projectRoot: tempDir('weir-duck-settings-'), threads: 8 });
    try {
      const [row] = (await adapter.withSession((s) => s.query("select current_setting('threads') as threads"))).rows;
      expect(row).toEqual({ threads: 1n });
    } finally {
      await adapter.close();
    }
  });

  it("weir's allocator default applies unless the target's settings override it", async () => {
    const root = tempDir('weir-duck-settings-');
    const flushThreshold = async (settings: Record<string, string>) => {
      const adapter = await createDuckDbAdapter({ type: 'duckdb', path: ':memory:', settings }, { projectRoot: root, threads: 1 });
      try {
        const [row] = (await adapter.withSession((s) => s.query(
          "select current_setting('allocator_bulk_deallocation_flush_threshold') as threshold",
        ))).rows;
        return row!.threshold;
      } finally {
        await adapter.close();
      }
    };
    expect(await flushThreshold({})).toBe('30.5 MiB');
    expect(await flushThreshold({ allocator_bulk_deallocation_flush_threshold: '512MB' })).toBe('488.2 MiB');
  });

  it('a memory_limit that is not a size is a configuration error naming the key', () => {
    const dir = makeProject({
      'project.yml': 'name: p\ntargets:\n  dev:\n    type: duckdb\n    memory_limit: lots\n',
      'models/a.sql': 'select 1 as id',
    });
    const run = weir(['build'], dir);
    expect(run.code).toBe(2);
    expect(run.output).toMatch(/memory_limit/);
    expect(run.output).toContain("a size such as '1GB' or '512MB'");
  });
});
