import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Removes the temporary folders of each test file when it ends (kept when one of its tests failed).
    setupFiles: ['test/helpers/temp-dir-cleanup.ts'],
    // A hang guard, not a speed check (benchmarks measure speed): end-to-end tests spawn the CLI many
    // times, and a loaded 2-core machine can take a minute where a quiet one takes ten seconds.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // DuckDB files and temp projects are per test; two cores, so keep the pool small.
    pool: 'forks',
    maxWorkers: 2,
  },
});
