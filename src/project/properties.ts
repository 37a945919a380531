import type { Diagnostic } from '../core/diagnostics.js';
import { discoverFiles, type FolderLister } from './discover.js';
import type { AnalysisProperties } from './analysis-schema.js';
import type { ExposureProperties, GroupProperties } from './exposure-schema.js';
import type { MacroProperties } from './macro-schema.js';
import type { MetricProperties, SavedQueryProperties, SemanticModelProperties } from './semantic-schema.js';
import { propertiesFileSchema, type NodeProperties, type SnapshotProperties, type UnitTestDefinition } from './schemas.js';
import type { SourceDeclaration } from './source-schema.js';
import type { Located, ModelVersion, YmlRenderer } from './types.js';
import { withoutDbtOnlyKeys } from './dbt-only-keys.js';
import { expandVersions } from './model-versions.js';
import { parseYaml, validateYaml } from './yaml-file.js';
import { plainReader, type SourceReader } from './source-reader.js';
import { join } from 'node:path';

export interface LoadedProperties {
  modelProperties: Map<string, Located<NodeProperties>>;
  seedProperties: Map<string, Located<NodeProperties>>;
  snapshotProperties: Map<string, Located<SnapshotProperties>>;
  sources: Array<Located<SourceDeclaration>>;
  analysisProperties: Map<string, Located<AnalysisProperties>>;
  unitTests: Array<Located<UnitTestDefinition>>;
  exposures: Array<Located<ExposureProperties>>;
  groups: Array<Located<GroupProperties>>;
  /** `macros:` entries (description, arguments, docs), by macro name. */
  macroProperties: Map<string, Located<MacroProperties>>;
  /** dbt's model versions, by the file stem of each version (see model-versions.ts). */
  modelVersions: Map<string, ModelVersion>;
  /** dbt's semantic layer, kept for the manifest and docs (never run). */
  semanticModels: Array<Located<SemanticModelProperties>>;
  metrics: Array<Located<MetricProperties>>;
  savedQueries: Array<Located<SavedQueryProperties>>;
}

/**
 * Reads dbt-style properties files (`models:`, `seeds:`, `sources:` lists) from the given folders.
 * A node described twice is an error naming both places.
 */
export function loadProperties(
  root: string,
  folders: readonly string[],
  diagnostics: Diagnostic[],
  reader: SourceReader = plainReader,
  render?: YmlRenderer,
  list?: FolderLister,
): LoadedProperties {
  const result: LoadedProperties = { modelProperties: new Map(), seedProperties: new Map(), snapshotProperties: new Map(), sources: [], analysisProperties: new Map(), unitTests: [], exposures: [], groups: [], macroProperties: new Map(), modelVersions: new Map(), semanticModels: [], metrics: [], savedQueries: [] };
  for (const file of discoverFiles(root, [...new Set(folders)], ['.yml', '.yaml'], list)) {
    const { text } = reader.read(join(root, file), file);
    const parsed = parseYaml(text, file);
    diagnostics.push(...parsed.diagnostics);
    if (!parsed.yaml) continue;
    // Only a file with a {{ or {% in it can hold Jinja: the others are not walked.
    const rendered = render && /\{[{%]/.test(text) ? render(parsed.yaml, diagnostics) : parsed.yaml.value;
    const value = withoutDbtOnlyKeys(parsed.yaml, rendered, diagnostics);
    const validated = validateYaml(parsed.yaml, propertiesFileSchema, [], value);
    diagnostics.push(...validated.diagnostics);
    if (!validated.data) continue;
    const yaml = parsed.yaml;
    const collect = <T extends { name: string }>(kind: 'models' | 'seeds' | 'snapshots' | 'analyses' | 'macros', target: Map<string, Located<T>>) => {
      (validated.data![kind] as T[] | undefined)?.forEach((value, index) => {
        const line = yaml.lineOf([kind, index]);
        if (kind === 'models' && (value as NodeProperties).versions) {
          const expanded = expandVersions(value as NodeProperties, file, yaml, [kind, index], diagnostics);
          for (const version of expanded.versions) result.modelVersions.set(version.stem, version);
          for (const entry of expanded.entries) target.set(entry.value.name, entry as unknown as Located<T>);
          return;
        }
        const earlier = target.get(value.name);
        if (earlier) {
          diagnostics.push({
            severity: 'error',
            file,
            line,
            message: `'${value.name}' is described twice: here and in ${earlier.file}${earlier.line ? `:${earlier.line}` : ''}`,
            hint: 'keep one entry per node',
          });
          return;
        }
        target.set(value.name, { value, file, line });
      });
    };
    collect('models', result.modelProperties);
    collect('seeds', result.seedProperties);
    collect('snapshots', result.snapshotProperties);
    collect('analyses', result.analysisProperties);
    collect('macros', result.macroProperties);
    validated.data.sources?.forEach((value, index) => {
      result.sources.push({ value, file, line: yaml.lineOf(['sources', index]) });
    });
    validated.data.unit_tests?.forEach((value, index) => {
      result.unitTests.push({ value, file, line: yaml.lineOf(['unit_tests', index]) });
    });
    validated.data.exposures?.forEach((value, index) => {
      result.exposures.push({ value, file, line: yaml.lineOf(['exposures', index]) });
    });
    validated.data.groups?.forEach((value, index) => {
      result.groups.push({ value, file, line: yaml.lineOf(['groups', index]) });
    });
    validated.data.semantic_models?.forEach((value, index) => result.semanticModels.push({ value, file, line: yaml.lineOf(['semantic_models', index]) }));
    validated.data.metrics?.forEach((value, index) => result.metrics.push({ value, file, line: yaml.lineOf(['metrics', index]) }));
    validated.data.saved_queries?.forEach((value, index) => result.savedQueries.push({ value, file, line: yaml.lineOf(['saved_queries', index]) }));
  }
  return result;
}
