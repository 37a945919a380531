import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // DuckDB files and temp projects are per test; two cores, so keep the pool small.
    pool: 'forks',
    maxWorkers: 2,
  },
});
