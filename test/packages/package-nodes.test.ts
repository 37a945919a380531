import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryEngine, DUCKDB } from '../helpers/engines.js';
import { schemaErrors } from '../helpers/dbt-schemas.js';
import { makeProject, REPO_ROOT, weir } from '../helpers/project.js';
import { tempDir } from '../helpers/temp-dir.js';

const SLOW = 120_000;
const KIT = join(REPO_ROOT, 'test', 'fixtures', 'packages', 'kit');

/** A project using the kit package (test/fixtures/packages/kit) as a dbt project uses a source package. */
function projectUsingKit(extra: Record<string, string> = {}, kit = KIT): string {
  return makeProject({
    'dbt_project.yml': [
      'name: shop',
      // The project's vars scoped to the package win over the package's own.
      'vars:', '  kit:', '    kit_multiplier: 10',
      // The project configures the package's models: over the package's dbt_project.yml and its files' config().
      'models:', '  kit:', '    kit_unused:', '      +enabled: false', '    staging:', '      +schema: kitstg',
    ].join('\n') + '\n',
    'packages.yml': `packages:\n  - local: ${kit}\n`,
    'models/orders.sql': "select s.items, s.scaled_total, (select count(*) from {{ ref('stg_kit_raw') }}) as raw_rows from {{ ref('kit', 'kit_summary') }} s",
    ...extra,
  });
}

describe("a package's own models, seeds, sources, tests and vars", () => {
  it('builds them as the project\'s, in the package\'s namespace, with its config and vars under the project\'s', async () => {
    const dir = projectUsingKit();
    expect(weir(['deps'], dir).code).toBe(0);
    const built = weir(['build'], dir);
    expect(built.code, built.output).toBe(0);
    // seed, 3 models (one reads the package's source), snapshot, singular test, three generic tests (one the package's own {% test %}),
    // the project's model; the analysis is compiled, not run, as dbt build.
    expect(built.output).toContain('PASS=10 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=10');

    // kit_multiplier 10 (the project's, scoped to kit) reached the package's macro; the source's schema came from its yml.
    const rows = await queryEngine(await DUCKDB.prepare(), dir, 'select items, scaled_total, raw_rows from main.orders');
    expect(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])))).toEqual([{ items: 3, scaled_total: 600, raw_rows: 3 }]);
    // The package's own scoped var (kit: {kit_label: ...}) is seen by its nodes.
    expect(await queryEngine(await DUCKDB.prepare(), dir, 'select distinct label from main_kitstg.stg_kit_items')).toEqual([{ label: 'kit default' }]);

    const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8'));
    const node = (id: string) => manifest.nodes[id] as { package_name: string; fqn: string[]; schema: string; config: { materialized: string; tags: string[] } };
    expect(node('model.kit.stg_kit_items')).toMatchObject({ package_name: 'kit', fqn: ['kit', 'staging', 'stg_kit_items'], schema: 'main_kitstg', config: { materialized: 'view', tags: ['kit_staging'] } });
    expect(node('model.kit.kit_summary')).toMatchObject({ package_name: 'kit', fqn: ['kit', 'kit_summary'], schema: 'main', config: { materialized: 'table' } });
    expect(node('seed.kit.kit_items').package_name).toBe('kit');
    expect(node('test.kit.assert_kit_scaled_positive').package_name).toBe('kit');
    expect(node('test.kit.unique_stg_kit_items_id.12091c6568').package_name).toBe('kit');
    expect(node('test.kit.kit_positive_stg_kit_items_scaled.90d1e63294').package_name).toBe('kit');
    expect(node('snapshot.kit.kit_items_snapshot')).toMatchObject({ package_name: 'kit', fqn: ['kit', 'kit_items_snapshot', 'kit_items_snapshot'] });
    expect(node('analysis.kit.kit_labels').package_name).toBe('kit');
    expect(node('model.shop.orders').package_name).toBe('shop');
    expect(Object.keys(manifest.sources)).toEqual(['source.kit.kit_raw.items']);
    expect(schemaErrors('manifest.json', manifest)).toEqual([]);
    // dbt's file names: relative to the package's root, `path` to the resource folder (dbt parse on the same shapes).
    const files = (id: string) => {
      const n = (manifest.nodes[id] ?? manifest.sources[id] ?? manifest.macros[id]) as Record<string, unknown>;
      return [n.path, n.original_file_path, n.patch_path];
    };
    expect(files('model.kit.stg_kit_items')).toEqual(['staging/stg_kit_items.sql', 'models/staging/stg_kit_items.sql', 'kit://models/schema.yml']);
    expect(files('model.kit.kit_summary')).toEqual(['kit_summary.sql', 'models/kit_summary.sql', null]);
    expect(files('seed.kit.kit_items')).toEqual(['kit_items.csv', 'seeds/kit_items.csv', null]);
    expect(files('test.kit.unique_stg_kit_items_id.12091c6568')).toEqual(['unique_stg_kit_items_id.sql', 'models/schema.yml', null]);
    expect(files('test.kit.assert_kit_scaled_positive')).toEqual(['assert_kit_scaled_positive.sql', 'tests/assert_kit_scaled_positive.sql', null]);
    expect(files('snapshot.kit.kit_items_snapshot')).toEqual(['kit_items_snapshot.sql', 'snapshots/kit_items_snapshot.sql', null]);
    expect(files('analysis.kit.kit_labels')).toEqual(['analysis/kit_labels.sql', 'analyses/kit_labels.sql', null]);
    expect(files('source.kit.kit_raw.items').slice(0, 2)).toEqual(['models/schema.yml', 'models/schema.yml']);
    expect(files('macro.kit.kit_scaled').slice(0, 2)).toEqual(['macros/kit_scaled.sql', 'macros/kit_scaled.sql']);
    expect(files('model.shop.orders')).toEqual(['orders.sql', 'models/orders.sql', null]);
    // Compiled and run SQL as dbt lays it out: target/<kind>/<package>/<file within the package>.
    for (const file of ['compiled/kit/models/staging/stg_kit_items.sql', 'compiled/kit/models/schema.yml/unique_stg_kit_items_id.sql', 'run/kit/models/staging/stg_kit_items.sql', 'compiled/shop/models/orders.sql']) {
      expect(existsSync(join(dir, 'target', file)), file).toBe(true);
    }
    expect(existsSync(join(dir, 'target', 'compiled', 'kit', 'dbt_packages'))).toBe(false);
    // The project disabled kit_unused: it is not built (it refs a model nobody has).
    expect(manifest.nodes['model.kit.kit_unused']).toBeUndefined();

    // Selection by package and by fqn.
    const byPackage = weir(['ls', '-s', 'package:kit', '--resource-type', 'model'], dir);
    expect(byPackage.output.split('\n').filter((l) => l.startsWith('kit.')).sort()).toEqual(['kit.kit_summary', 'kit.staging.stg_kit_items', 'kit.staging.stg_kit_raw']);
    const byFqn = weir(['ls', '-s', 'kit.staging', '--resource-type', 'model'], dir);
    expect(byFqn.output.split('\n').filter((l) => l.startsWith('kit.')).sort()).toEqual(['kit.staging.stg_kit_items', 'kit.staging.stg_kit_raw']);
  }, SLOW);

  it("the package's dbt_project.yml is rendered with its vars under the project's: a var switches a package model on, as fivetran's packages do", () => {
    const dir = projectUsingKit();
    writeFileSync(join(dir, 'dbt_project.yml'), readFileSync(join(dir, 'dbt_project.yml'), 'utf8').replace('vars:\n', 'vars:\n  kit__using_optional: true\n'));
    expect(weir(['deps'], dir).code).toBe(0);
    const listed = weir(['ls', '-s', 'kit_optional'], dir);
    expect(listed.output).toContain('kit.kit_optional');
    const compiled = weir(['compile', '-s', 'kit_optional'], dir);
    expect(compiled.code, compiled.output).toBe(0);
    expect(readFileSync(join(dir, 'target/compiled/kit/models/kit_optional.sql'), 'utf8')).toContain('select 10 as multiplier');
  });

  it('ref() to a package that is not installed names the ones that are; a model in another package is named', () => {
    const dir = projectUsingKit({ 'models/orders.sql': "select * from {{ ref('kti', 'kit_summary') }}\nunion all select * from {{ ref('shop', 'kit_summary') }}" });
    expect(weir(['deps'], dir).code).toBe(0);
    const failed = weir(['compile'], dir);
    expect(failed.code).not.toBe(0);
    expect(failed.output).toContain("models/orders.sql:1: ref('kti', 'kit_summary') names a project or package 'kti' that is not installed");
    expect(failed.output).toContain('the project and its packages: shop, kit');
    expect(failed.output).toContain("models/orders.sql:2: ref('shop', 'kit_summary'): 'kit_summary' is not in 'shop', it is defined in 'kit'");
  });

  it("a mistake in a package's model names the package's file and line", () => {
    const kit = tempDir('weir-kit-');
    cpSync(KIT, kit, { recursive: true });
    writeFileSync(join(kit, 'models/kit_summary.sql'), "select 1 as items,\n  {{ kit_scaled('x' }} as scaled_total");
    const dir = projectUsingKit({}, kit);
    expect(weir(['deps'], dir).code).toBe(0);
    const failed = weir(['compile'], dir);
    expect(failed.code).not.toBe(0);
    expect(failed.output).toMatch(/dbt_packages\/kit\/models\/kit_summary\.sql:2/);
  });

  it('a name defined in the project and in a package is dbt\'s error: ref() could not tell them apart', () => {
    const dir = projectUsingKit({ 'models/kit_summary.sql': 'select 1 as items, 2 as scaled_total' });
    expect(weir(['deps'], dir).code).toBe(0);
    const failed = weir(['compile'], dir);
    expect(failed.code).not.toBe(0);
    expect(failed.output).toContain("'kit_summary' is defined more than once: models/kit_summary.sql, dbt_packages/kit/models/kit_summary.sql");
  });
});
