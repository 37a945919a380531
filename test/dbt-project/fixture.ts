import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFiles } from '../helpers/project.js';
import { tempDir } from '../helpers/temp-dir.js';

/** The jaffle shop dbt project (test/dbt-project/jaffle), as dbt's tutorials write one. */
export const JAFFLE = join(import.meta.dirname, 'jaffle');

/** A copy of the jaffle fixture in a temporary folder, with `extra` files written over it. */
export function copyJaffle(extra: Record<string, string> = {}): string {
  const dir = tempDir('weir-jaffle-');
  cpSync(JAFFLE, dir, { recursive: true });
  writeFiles(dir, extra);
  return dir;
}

/** A seed CSV of the fixture as rows of strings. */
export function jaffleCsv(name: string): Array<Record<string, string>> {
  const [header, ...lines] = readFileSync(join(JAFFLE, 'seeds', `${name}.csv`), 'utf8').trim().split('\n');
  const columns = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i]!, v])));
}

/** The environment that points the fixture's `pg` output at the test server, in `schema`. */
export function jafflePgEnv(url: string, schema: string): Record<string, string> {
  const u = new URL(url);
  return {
    JAFFLE_TARGET: 'pg', JAFFLE_PG_HOST: u.hostname, JAFFLE_PG_PORT: u.port || '5432', JAFFLE_PG_USER: decodeURIComponent(u.username),
    DBT_ENV_SECRET_PG_PASSWORD: decodeURIComponent(u.password), JAFFLE_PG_DBNAME: u.pathname.slice(1), JAFFLE_PG_SCHEMA: schema,
  };
}
