import { afterAll, describe, expect, it } from 'vitest';
import { makeProject, weir } from '../helpers/project.js';
import { describePg, dropSchemas, freshSchema, pgQuery } from '../helpers/postgres.js';

/**
 * dbt-postgres's `indexes` config: created after a table, seed, first incremental or snapshot build, named by
 * dbt's md5 scheme, kept (or made again) across rebuilds; DuckDB has none and says so once.
 */
const MODELS = {
  'models/t.sql': "{{ config(materialized='table', indexes=[{'columns': ['id'], 'unique': True}, {'columns': ['name'], 'type': 'hash'}]) }}\nselect 1 as id, 'a' as name",
  'models/i.sql': "{{ config(materialized='incremental') }}\nselect {% if is_incremental() %}2{% else %}1{% endif %} as id, 'b' as name",
  'models/_models.yml': 'version: 2\nmodels:\n  - name: i\n    config:\n      indexes:\n        - columns: [id, name]\n',
  'seeds/s.csv': 'id,name\n1,a\n',
};
const SEED_INDEXES = 'seeds:\n  shop:\n    +indexes:\n      - {columns: [id]}\n';

describePg('indexes on PostgreSQL', (url) => {
  const schema = freshSchema('weir_idx');
  afterAll(() => dropSchemas(schema));
  const u = new URL(url);
  const profiles = `shop:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n      host: ${u.hostname}\n      port: ${u.port || 5432}\n      user: ${decodeURIComponent(u.username)}\n      password: "${decodeURIComponent(u.password)}"\n      dbname: ${u.pathname.slice(1)}\n      schema: ${schema}\n`;
  const indexes = async () => (await pgQuery(`select tablename, indexname, indexdef from pg_indexes where schemaname = '${schema}' order by tablename, indexdef`, url))
    .map((r) => ({ table: String(r.tablename), name: String(r.indexname), def: String(r.indexdef).replace(/ ON \S+\./, ' ON ').replace(/INDEX \S+ /, 'INDEX ') }));

  it("creates dbt's indexes on tables, seeds and incremental models and keeps them across rebuilds", async () => {
    const dir = makeProject({
      'dbt_project.yml': `name: shop\nprofile: shop\n${SEED_INDEXES}`, 'profiles.yml': profiles, ...MODELS,
      // dbt's snapshot materialization creates the indexes with the history table, on the first build only.
      'snapshots/snaps.yml': "snapshots:\n  - name: snap\n    relation: ref('s')\n    config: {unique_key: id, strategy: check, check_cols: all, indexes: [{columns: [id]}]}\n",
    });
    const first = weir(['build'], dir);
    expect(first.code, first.output).toBe(0);
    expect(first.output).not.toContain('indexes');
    const built = await indexes();
    expect(built.map(({ table, def }) => `${table}: ${def}`)).toEqual([
      'i: CREATE INDEX ON i USING btree (id, name)',
      's: CREATE INDEX ON s USING btree (id)',
      'snap: CREATE INDEX ON snap USING btree (id)',
      't: CREATE INDEX ON t USING hash (name)',
      't: CREATE UNIQUE INDEX ON t USING btree (id)',
    ]);
    for (const { name } of built) expect(name).toMatch(/^[0-9a-f]{32}$/);
    const again = weir(['build'], dir);
    expect(again.code, again.output).toBe(0);
    const rebuilt = await indexes();
    expect(rebuilt.map(({ table, def }) => `${table}: ${def}`)).toEqual(built.map(({ table, def }) => `${table}: ${def}`));
    // The incremental model kept its table, and so its index; the table and seed were built anew with theirs.
    expect(rebuilt.find((r) => r.table === 'i')!.name).toBe(built.find((r) => r.table === 'i')!.name);
    expect(rebuilt.find((r) => r.table === 'snap')!.name).toBe(built.find((r) => r.table === 'snap')!.name);
    expect(rebuilt.find((r) => r.table === 't')!.name).not.toBe(built.find((r) => r.table === 't')!.name);
    expect(await pgQuery(`select id from "${schema}".i order by id`, url)).toEqual([{ id: 1 }, { id: 2 }]);
  }, 120_000);

  it('names the file and line of an index config dbt-postgres would refuse', () => {
    const dir = makeProject({
      'dbt_project.yml': 'name: shop\nprofile: shop\n', 'profiles.yml': profiles,
      'models/m.sql': "{{ config(materialized='table', indexes=[{'cols': ['id']}]) }}\nselect 1 as id",
    });
    const run = weir(['run'], dir);
    expect(run.code).toBe(2);
    expect(run.output).toContain("models/m.sql:1 (at config.indexes.0): unknown key 'cols' in indexes.0");
    expect(run.output).toMatch(/models\/m.sql:1 \(at config.indexes.0.columns\): indexes must be a list of \{columns: \[\.\.\.\]/);
  }, 60_000);
});

describe('indexes on DuckDB', () => {
  it('are ignored, as dbt-duckdb ignores them, with one warning naming where they are set', () => {
    const dir = makeProject({
      'dbt_project.yml': `name: shop\nprofile: shop\n${SEED_INDEXES}`,
      'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: target/dev.duckdb\n',
      ...MODELS,
    });
    const run = weir(['build'], dir);
    expect(run.code, run.output).toBe(0);
    const warnings = run.output.split('\n').filter((l) => l.includes("'indexes' config"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('models/_models.yml:3');
    expect(warnings[0]).toContain("the 'indexes' config is dbt-postgres's; duckdb has no indexes, so weir ignores it (as dbt-duckdb does) for model 'i' and 2 more");
  }, 60_000);
});
