import type { AnalysisProperties } from '../project/analysis-schema.js';
import type { NodeConfigInput } from '../project/schemas.js';
import { folderConfigFor } from '../project/folder-config.js';
import type { Located, Project, SqlFile } from '../project/types.js';
import { resolveConfig } from './resolve-config.js';
import type { ResolvedConfig } from './types.js';

/**
 * An analysis is never materialised: its config is dbt_project.yml's `analyses:` tree (matched, as
 * dbt does, against `[project, 'analysis', ...folders, name]`), its yml `config:` and `config()`.
 */
export function analysisConfig(project: Project, file: SqlFile, inline: readonly NodeConfigInput[]): ResolvedConfig {
  const entry = project.analysisProperties.get(file.name);
  const folders = project.analysisFolders ? folderConfigFor(project.analysisFolders, [file.fqn[0] ?? project.name, 'analysis', ...file.fqn.slice(1)]) : {};
  const config = resolveConfig([folders, entry?.value.config ?? {}, ...inline], { materialized: 'analysis' });
  return { ...config, materialized: 'analysis' };
}

/** The compiled node's analysis spec, description and properties file, from its yml entry. */
export function analysisFields(entry: Located<AnalysisProperties> | undefined) {
  if (!entry) return {};
  const { name: _name, config: _config, ...spec } = entry.value;
  return { analysis: Object.freeze(spec), description: entry.value.description ?? '', patchPath: entry.file };
}
