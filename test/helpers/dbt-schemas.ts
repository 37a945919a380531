import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { REPO_ROOT } from './project.js';

/**
 * dbt's published artifact schemas, as strict dbt tooling validates target/*.json. The copy in
 * test/fixtures/dbt-schemas is dbt-core's, unchanged (Apache-2.0, its LICENSE beside it);
 * WEIR_DBT_SCHEMAS points at another folder of the same files (e.g. newer ones) instead.
 */
export const SCHEMA_DIR = process.env.WEIR_DBT_SCHEMAS ?? join(REPO_ROOT, 'test', 'fixtures', 'dbt-schemas');

export const ARTIFACT_SCHEMAS = {
  'manifest.json': 'manifest-v12.json',
  'run_results.json': 'run-results-v6.json',
  'catalog.json': 'catalog-v1.json',
  'sources.json': 'sources-v3.json',
} as const;
export type ArtifactName = keyof typeof ARTIFACT_SCHEMAS;

const compiled = new Map<string, ValidateFunction>();

function validator(artifact: ArtifactName): ValidateFunction {
  let validate = compiled.get(artifact);
  if (!validate) {
    const path = join(SCHEMA_DIR, ARTIFACT_SCHEMAS[artifact]);
    if (!existsSync(path)) throw new Error(`dbt's schema for ${artifact} is missing: ${path} (set WEIR_DBT_SCHEMAS to the folder holding it)`);
    // strict: false: dbt's schemas use keywords ajv's strict mode frowns on (e.g. `title` beside `$ref`); allErrors counts them all.
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(path, 'utf8')));
    compiled.set(artifact, validate);
  }
  return validate;
}

/** The schema errors of one artifact, one readable line each ([] when it validates). */
export function schemaErrors(artifact: ArtifactName, value: unknown): string[] {
  const validate = validator(artifact);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? ''}${e.params && 'additionalProperty' in e.params ? `: ${String(e.params.additionalProperty)}` : ''}${e.params && 'missingProperty' in e.params ? '' : ''}`);
}

/** Errors of every artifact present in a target folder, by file name. */
export function targetSchemaErrors(targetDir: string): Partial<Record<ArtifactName, string[]>> {
  const out: Partial<Record<ArtifactName, string[]>> = {};
  for (const artifact of Object.keys(ARTIFACT_SCHEMAS) as ArtifactName[]) {
    const path = join(targetDir, artifact);
    if (existsSync(path)) out[artifact] = schemaErrors(artifact, JSON.parse(readFileSync(path, 'utf8')));
  }
  return out;
}
