import type { EngineTarget, TestEngine } from './engines.js';

/** Runs statements on the engine through weir's adapter, one session, in order. */
export async function execOn(target: EngineTarget, dir: string, statements: readonly string[]): Promise<Array<Record<string, unknown>>> {
  const adapter = await target.open(dir);
  try {
    return await adapter.withSession(async (s) => {
      let rows: Array<Record<string, unknown>> = [];
      await adapter.ensureSchema(s, target.schema);
      for (const sql of statements) rows = [...(await s.query(sql.replaceAll('{schema}', `"${target.schema}"`))).rows];
      return rows;
    });
  } finally {
    await adapter.close();
  }
}

/** A time as sortable text: DuckDB and PostgreSQL return UTC Dates, Trino text (`2024-01-01 10:00:00.123000`). */
const timeKey = (value: unknown): string => (value instanceof Date ? value.toISOString() : String(value).replace(' ', 'T'));

/** A timestamp as 'YYYY-MM-DD HH:MM:SS'. */
export function stamp(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = value instanceof Date ? value.toISOString() : String(value);
  return text.replace('T', ' ').slice(0, 19);
}

/**
 * A snapshot's history in the shape the tests write by hand: timestamps as text, and the times a
 * snapshot run stamped itself (not in `sourceTimes`) as T1, T2... in the order they happened.
 */
export function history(rows: ReadonlyArray<Record<string, unknown>>, timeColumns: readonly string[], sourceTimes: ReadonlySet<string>): Array<Record<string, unknown>> {
  const runTimes = [...new Set(rows.flatMap((r) => timeColumns.map((c) => (r[c] === null || r[c] === undefined ? null : timeKey(r[c])))))]
    .filter((t): t is string => t !== null && !sourceTimes.has(stamp(t)!)).sort();
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => {
    if (!timeColumns.includes(k)) return [k, typeof v === 'bigint' ? Number(v) : v];
    if (v === null) return [k, null];
    const run = runTimes.indexOf(timeKey(v));
    return [k, run >= 0 ? `T${run + 1}` : stamp(v)];
  })));
}

/** SQL for the md5 hex digest of a text expression on the engine (Trino's md5 takes bytes). */
export function md5(engine: TestEngine, text: string): string {
  return engine.name === 'trino' ? `lower(to_hex(md5(to_utf8(${text}))))` : `md5(${text})`;
}

/** Queries for a table's comment (`comment`) and its commented columns (`column_name`, `comment`) on the engine. */
export function commentQueries(engine: TestEngine, schema: string, table: string): { table: string; columns: string } {
  if (engine.name === 'duckdb') {
    return {
      table: `select comment from duckdb_tables() where schema_name = '${schema}' and table_name = '${table}'`,
      columns: `select column_name, comment from duckdb_columns() where schema_name = '${schema}' and table_name = '${table}' and comment is not null order by column_name`,
    };
  }
  if (engine.name === 'postgres') {
    const regclass = `'"${schema}"."${table}"'::regclass`;
    return {
      table: `select obj_description(${regclass}, 'pg_class') as comment`,
      columns: `select a.attname as column_name, col_description(a.attrelid, a.attnum) as comment from pg_attribute a where a.attrelid = ${regclass} and a.attnum > 0 and col_description(a.attrelid, a.attnum) is not null order by 1`,
    };
  }
  return {
    table: `select comment from system.metadata.table_comments where catalog_name = 'iceberg' and schema_name = '${schema}' and table_name = '${table}'`,
    columns: `select column_name, comment from information_schema.columns where table_schema = '${schema}' and table_name = '${table}' and comment is not null order by column_name`,
  };
}
