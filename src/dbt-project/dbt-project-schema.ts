import { z } from 'zod';
import type { Diagnostic } from '../core/diagnostics.js';
import type { YamlFile } from '../project/yaml-file.js';

/**
 * dbt_project.yml as dbt 1.8-1.10 documents it, validated with zod. Keys are dbt's own spelling
 * (`model-paths`, `require-dbt-version`); strict, so a typo is named with file and line. The keys
 * weir reads are typed; the ones it only reports (see UNSUPPORTED_KEYS) are accepted as any value.
 */
const pathList = z.array(z.string().min(1));
const stringOrList = z.union([z.string(), z.array(z.string())]);
const configTree = z.record(z.string(), z.unknown()).nullable();

export const dbtProjectSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must start with a letter or _ and hold only letters, digits and _'),
    version: z.union([z.string(), z.number()]).optional(),
    'config-version': z.literal(2, { message: 'weir reads config-version 2 (the dbt 1.x format)' }).optional(),
    profile: z.string().min(1).optional(),
    'model-paths': pathList.optional(),
    'seed-paths': pathList.optional(),
    // dbt 0.x spellings dbt 1.x still reads, with a deprecation warning (see RENAMED_PATHS).
    'source-paths': pathList.optional(),
    'data-paths': pathList.optional(),
    'test-paths': pathList.optional(),
    'analysis-paths': pathList.optional(),
    'macro-paths': pathList.optional(),
    'snapshot-paths': pathList.optional(),
    'docs-paths': pathList.optional(),
    'asset-paths': pathList.optional(),
    'target-path': z.string().min(1).optional(),
    'log-path': z.string().min(1).optional(),
    'packages-install-path': z.string().min(1).optional(),
    'clean-targets': pathList.optional(),
    'require-dbt-version': stringOrList.optional(),
    vars: z.record(z.string(), z.unknown()).nullable().optional(),
    models: configTree.optional(),
    seeds: configTree.optional(),
    snapshots: configTree.optional(),
    data_tests: configTree.optional(),
    tests: configTree.optional(),
    sources: configTree.optional(),
    analyses: configTree.optional(),
    unit_tests: configTree.optional(),
    exposures: configTree.optional(),
    metrics: configTree.optional(),
    'semantic-models': configTree.optional(),
    'saved-queries': configTree.optional(),
    'on-run-start': stringOrList.nullable().optional(),
    'on-run-end': stringOrList.nullable().optional(),
    dispatch: z.array(z.object({ macro_namespace: z.string(), search_order: z.array(z.string()) }).strict()).optional(),
    quoting: z.object({ database: z.boolean(), schema: z.boolean(), identifier: z.boolean() }).partial().strict().optional(),
    'query-comment': z.union([z.string(), z.null(), z.object({ comment: z.string().optional(), append: z.boolean().optional(), 'job-label': z.boolean().optional() }).strict()]).optional(),
    flags: z.record(z.string(), z.unknown()).optional(),
    'restrict-access': z.boolean().optional(),
    'dbt-cloud': z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type DbtProjectFile = z.infer<typeof dbtProjectSchema>;

/** Keys dbt reads that weir does not act on yet, and what that means for the person running it. */
export const UNSUPPORTED_KEYS: Readonly<Record<string, string>> = {
  'restrict-access': 'weir builds no other project, so restrict-access (protected models across packages) changes nothing; ignored',
  'dbt-cloud': 'dbt Cloud settings mean nothing to weir; ignored',
};

/**
 * Config trees weir does not apply yet (models, seeds, snapshots, data_tests, sources, analyses and
 * exposures are, see config-trees.ts; metrics, semantic-models and saved-queries, see project/semantic-folders.ts).
 */
export const UNSUPPORTED_TREES: Readonly<Record<string, string>> = {
  unit_tests: 'project-level unit test config',
};

/** dbt 0.x path keys dbt 1.x still reads when the new key is absent, and its deprecation message for each. */
export const RENAMED_PATHS: Readonly<Record<string, string>> = { 'source-paths': 'model-paths', 'data-paths': 'seed-paths' };

/** A path list as dbt reads it: the new key, else its old spelling, else the default. */
export function pathsOf(file: Readonly<Record<string, unknown>>, key: 'model-paths' | 'seed-paths', fallback: readonly string[]): string[] {
  const old = Object.keys(RENAMED_PATHS).find((k) => RENAMED_PATHS[k] === key)!;
  const value = file[key] ?? file[old];
  return Array.isArray(value) ? value.map(String) : [...fallback];
}

/** dbt's ConfigSourcePathDeprecation / ConfigDataPathDeprecation, one warning per old key used. */
export function renamedPathWarnings(yaml: YamlFile, file: Readonly<Record<string, unknown>>): Diagnostic[] {
  return Object.entries(RENAMED_PATHS).filter(([old]) => file[old] !== undefined).map(([old, renamed]) => ({
    severity: 'warning' as const, file: yaml.file, line: yaml.lineOf([old]), key: old,
    message: `the \`${old}\` config has been renamed to \`${renamed}\`${file[renamed] !== undefined ? ` (both are set; \`${renamed}\` is used)` : ''}`,
    hint: `rename ${old} to ${renamed} in ${yaml.file}`,
  }));
}
