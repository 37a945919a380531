import { createDuckDbAdapter } from '../../src/adapters/duckdb/adapter.js';

/** Reads from a project's DuckDB file through weir's own adapter (after weir has closed it). */
export async function queryDuckDb(projectDir: string, sql: string, path = 'target/dev.duckdb') {
  const adapter = await createDuckDbAdapter({ type: 'duckdb', path }, { projectRoot: projectDir, threads: 1 });
  try {
    return (await adapter.withSession((s) => s.query(sql))).rows;
  } finally {
    await adapter.close();
  }
}
