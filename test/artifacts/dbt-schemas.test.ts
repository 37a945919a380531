import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyExample } from '../helpers/example-data.js';
import { ARTIFACT_SCHEMAS, targetSchemaErrors, type ArtifactName } from '../helpers/dbt-schemas.js';
import { describePg, dropSchemas, freshSchema } from '../helpers/postgres.js';
import { makeProject, weir } from '../helpers/project.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * Every artifact weir writes to target/ validates against dbt's published JSON schema (manifest v12,
 * run-results v6, catalog v1, sources v3), as strict dbt tooling checks them: on the example project,
 * the jaffle shop dbt project and a snapshot project, on DuckDB and PostgreSQL.
 */
const SLOW = 300_000;

/** build, docs generate and (where sources have freshness) source freshness: every artifact written. */
function buildAll(dir: string, args: string[], env: Record<string, string> = {}): void {
  for (const command of [['build'], ['docs', 'generate'], ['source', 'freshness']]) {
    const run = weir([...command, ...args], dir, env);
    expect(run.code, `${command.join(' ')}: ${run.output}`).toBe(0);
  }
}

function expectValid(dir: string, expected: readonly ArtifactName[]): void {
  const errors = targetSchemaErrors(join(dir, 'target'));
  expect(Object.keys(errors).sort()).toEqual([...expected].sort());
  for (const [artifact, list] of Object.entries(errors)) expect(list.slice(0, 20), artifact).toEqual([]);
}

const ALL = Object.keys(ARTIFACT_SCHEMAS) as ArtifactName[];

function copyJaffle(): string {
  const dir = tempDir('weir-jaffle-schema-');
  cpSync(join(import.meta.dirname, '..', 'dbt-project', 'jaffle'), dir, { recursive: true });
  return dir;
}

const SNAPSHOT_PROJECT = (targets: string) => makeProject({
  'project.yml': `name: shop\n${targets}`,
  'seeds/people.csv': 'id,name,updated_at\n1,ann,2024-01-01 09:00:00\n2,bob,2024-01-01 09:00:00\n',
  'snapshots/people.sql': "{% snapshot people_history %}\n{{ config(unique_key='id', strategy='timestamp', updated_at='updated_at') }}\nselect * from {{ ref('people') }}\n{% endsnapshot %}\n",
  'models/current.sql': "select id, name from {{ ref('people_history') }} where dbt_valid_to is null",
  'models/schema.yml': 'models:\n  - name: current\n    columns:\n      - name: id\n        tests: [unique, not_null]\n',
});

describe('artifacts validate against dbt\'s schemas (DuckDB)', { timeout: SLOW }, () => {
  it('the example project: manifest (ingest nodes, unit tests, macros), run results, catalog, source freshness', () => {
    const dir = copyExample();
    buildAll(dir, []);
    expectValid(dir, ALL);
    // What dbt's manifest has no key for is in weir_manifest.json: the ingest nodes and their edges.
    const manifest = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8'));
    const weirManifest = JSON.parse(readFileSync(join(dir, 'target', 'weir_manifest.json'), 'utf8'));
    expect(Object.keys(manifest.nodes).some((id) => id.startsWith('ingest.'))).toBe(false);
    expect(weirManifest.metadata.invocation_id).toBe(manifest.metadata.invocation_id);
    expect(weirManifest.nodes['ingest.shop.coingecko.categories'].resource_type).toBe('ingest');
    expect(weirManifest.parent_map['source.shop.coingecko.categories']).toEqual(['ingest.shop.coingecko.categories']);
    expect(manifest.sources['source.shop.coingecko.categories'].loader).toBe('weir ingest');
    expect(weirManifest.fingerprints['model.shop.stg_products'].total).toMatch(/^[0-9a-f]{64}$/);
    const macro = Object.values(manifest.macros as Record<string, { macro_sql: string; name: string }>)[0]!;
    expect(macro.macro_sql).toMatch(new RegExp(`^\\{%-?\\s*macro ${macro.name}\\b[\\s\\S]*endmacro\\s*-?%\\}$`));
    const runResults = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8'));
    expect(runResults.results.every((r: { thread_id: string }) => /^Thread-\d+$/.test(r.thread_id))).toBe(true);
  });

  it('the jaffle shop dbt project', () => {
    const dir = copyJaffle();
    const build = weir(['build'], dir);
    expect(build.code, build.output).toBe(0);
    expect(weir(['docs', 'generate'], dir).code).toBe(0);
    expectValid(dir, ['manifest.json', 'run_results.json', 'catalog.json']);
  });

  it('a project with a snapshot, seeds and column tests', () => {
    const dir = SNAPSHOT_PROJECT('targets:\n  dev:\n    type: duckdb\n    path: target/dev.duckdb\n');
    const build = weir(['build'], dir);
    expect(build.code, build.output).toBe(0);
    expect(weir(['docs', 'generate'], dir).code).toBe(0);
    expectValid(dir, ['manifest.json', 'run_results.json', 'catalog.json']);
  });
});

describePg('artifacts validate against dbt\'s schemas (PostgreSQL)', (url) => {
  it('the example project', async () => {
    const dir = copyExample();
    const schema = freshSchema();
    try {
      buildAll(dir, ['--target', 'pg'], { WEIR_PG_URL: url, WEIR_PG_SCHEMA: schema });
      expectValid(dir, ALL);
    } finally {
      await dropSchemas(schema);
    }
  }, SLOW);

  it('the jaffle shop dbt project and a snapshot project', async () => {
    const jaffle = copyJaffle();
    const schema = freshSchema();
    const snapshots = SNAPSHOT_PROJECT(`targets:\n  dev:\n    type: postgres\n    url: "{{ env_var('WEIR_PG_URL') }}"\n    schema: ${schema}_snap\n`);
    try {
      const env = { JAFFLE_TARGET: 'pg', JAFFLE_PG_SCHEMA: schema };
      const build = weir(['build'], jaffle, env);
      expect(build.code, build.output).toBe(0);
      expect(weir(['docs', 'generate'], jaffle, env).code).toBe(0);
      expectValid(jaffle, ['manifest.json', 'run_results.json', 'catalog.json']);
      const snap = weir(['build'], snapshots, { WEIR_PG_URL: url });
      expect(snap.code, snap.output).toBe(0);
      expect(weir(['docs', 'generate'], snapshots, { WEIR_PG_URL: url }).code).toBe(0);
      expectValid(snapshots, ['manifest.json', 'run_results.json', 'catalog.json']);
    } finally {
      await dropSchemas(schema);
    }
  }, SLOW);
});
