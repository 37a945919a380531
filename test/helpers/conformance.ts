import { afterEach, beforeEach } from 'vitest';
import { queryEngine, type EngineTarget, type TestEngine } from './engines.js';
import { makeProject } from './project.js';

/** Engine values made comparable: bigints as numbers, dates and timestamps as ISO text. */
export function plain(rows: ReadonlyArray<Record<string, unknown>>) {
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, normalise(v)])));
}

export function normalise(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString().replace('.000Z', '').replace('T00:00:00', '');
  if (value !== null && typeof value === 'object' && 'toString' in value) return String(value);
  return value;
}

/**
 * The adapter conformance suites' set-up (test/adapters/conformance*.test.ts): a fresh target on
 * `engine` for each test, projects on it, and queries with `{schema}` standing for its schema.
 */
export function conformanceSetup(engine: TestEngine) {
  let target: EngineTarget;
  beforeEach(async () => {
    target = await engine.prepare();
  });
  afterEach(async () => {
    await target.cleanup();
  });
  const project = (files: Record<string, string>) => makeProject({ 'project.yml': `name: conf\n${target.targetsYaml}`, ...files });
  const query = async (dir: string, sql: string) => plain(await queryEngine(target, dir, sql.replaceAll('{schema}', `"${target.schema}"`)));
  const leftovers = (dir: string) =>
    query(dir, `select table_name from information_schema.tables where table_schema = '${target.schema}' and table_name like '%__weir_%'`);
  return { target: () => target, project, query, leftovers };
}
