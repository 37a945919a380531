import type { AnalysisProperties } from '../project/analysis-schema.js';
import type { NodeConfigInput } from '../project/schemas.js';
import type { Located } from '../project/types.js';
import { resolveConfig } from './resolve-config.js';
import type { ResolvedConfig } from './types.js';

/** An analysis is never materialised: its config is its yml `config:` and `config()` (tags, enabled, meta). */
export function analysisConfig(entry: Located<AnalysisProperties> | undefined, inline: readonly NodeConfigInput[]): ResolvedConfig {
  const config = resolveConfig([entry?.value.config ?? {}, ...inline], { materialized: 'analysis' });
  return { ...config, materialized: 'analysis' };
}

/** The compiled node's analysis spec, description and properties file, from its yml entry. */
export function analysisFields(entry: Located<AnalysisProperties> | undefined) {
  if (!entry) return {};
  const { name: _name, config: _config, ...spec } = entry.value;
  return { analysis: Object.freeze(spec), description: entry.value.description ?? '', patchPath: entry.file };
}
