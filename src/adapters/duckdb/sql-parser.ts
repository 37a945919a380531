import { DuckDBInstance, listValue, LIST, VARCHAR } from '@duckdb/node-api';
import type { SqlParser } from '../types.js';

/** Queries sent per round trip: one list parameter, unnested, each serialised in the same pipeline. */
const BATCH = 5000;

/**
 * DuckDB's own parser through an in-memory database that never holds data: `json_serialize_sql()`
 * parses without binding, so no table needs to exist. One instance serves a whole lineage run.
 */
export async function openSqlParser(): Promise<SqlParser> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  const aggregates = new Set(
    (await connection.runAndReadAll("select distinct lower(function_name) from duckdb_functions() where function_type = 'aggregate'"))
      .getRows().map((row) => String(row[0])),
  );
  return {
    aggregates,
    async parse(queries) {
      const trees: unknown[] = [];
      for (let start = 0; start < queries.length; start += BATCH) {
        const batch = queries.slice(start, start + BATCH);
        const reader = await connection.runAndReadAll(
          'select json_serialize_sql(q) from (select unnest($1) as q, generate_subscripts($1, 1) as i) order by i',
          [listValue([...batch])],
          [LIST(VARCHAR)],
        );
        for (const row of reader.getRows()) trees.push(JSON.parse(String(row[0])));
      }
      return trees;
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
