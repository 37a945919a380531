import { expect } from 'vitest';
import { age, makeProject, type CliRun } from './project.js';

/**
 * A DuckDB project with an orders seed and the given models, for the tests of `weir lineage m.col`
 * answered without opening the project (from target/manifest.json or target/lineage_stamp.json):
 * aged, so the stat of its files proves them unchanged (see compile-stamp.ts).
 */
export function lineageFastPathProject(models: Record<string, string>): string {
  const dir = makeProject({
    'project.yml': 'name: p\ntargets:\n  dev: { type: duckdb, path: target/dev.duckdb }\n',
    'seeds/orders.csv': 'id,amount,status\n1,10,paid\n',
    'models/other.sql': 'select 1 as one\n',
    ...models,
  });
  age(dir);
  return dir;
}

/** Names a fast path does not know are the project's to report: a missing column of `wide`, a misspelt `wide`. */
export function expectUnknownNamesReported(lineage: (dir: string, column: string) => CliRun, dir: string): void {
  expect(lineage(dir, 'wide.nope').output).toMatch(/wide has no column 'nope'/);
  expect(lineage(dir, 'wid.amount').output).toMatch(/did you mean 'wide'/);
}
