import type { Diagnostic } from '../core/diagnostics.js';
import { closestNames } from '../core/closest.js';
import { mergeConfig, toList } from '../project/folder-config.js';
import { INDEXES_MESSAGE, MATERIALIZATIONS, nodeConfigSchema, normalizeConfigKey, type NodeConfigInput } from '../project/schemas.js';
import type { Relation, ResolvedConfig } from './types.js';

const CONFIG_KEYS = Object.keys(nodeConfigSchema.shape);

/**
 * Validates the keyword arguments of a `config(...)` call. Mistakes point at the line of the call
 * in the model file, with the closest allowed key for a typo.
 */
export function validateInlineConfig(
  values: Record<string, unknown>,
  file: string,
  lineOf: () => number | undefined,
  diagnostics: Diagnostic[],
  isMaterialization: (name: string) => boolean = () => false,
  dbtProject = false,
): NodeConfigInput {
  const normalized: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) normalized[normalizeConfigKey(key)] = value;
  // dbt takes any key in config() (another adapter's partition_by, a package's own settings): in a dbt
  // project one weir does not know is said once and left out, as in dbt_project.yml, not refused.
  if (dbtProject) {
    for (const key of Object.keys(normalized)) {
      if (CONFIG_KEYS.includes(key)) continue;
      diagnostics.push({ severity: 'warning', file, line: lineOf(), key: `config.${key}`, message: `'${key}' is not a config weir knows; it is ignored`, hint: `weir applies: ${CONFIG_KEYS.join(', ')}` });
      delete normalized[key];
    }
  }
  // A config() that picks a custom materialization may set keys of its own (it reads them with config.get).
  const custom = typeof normalized.materialized === 'string' && !(MATERIALIZATIONS as readonly string[]).includes(normalized.materialized) && isMaterialization(normalized.materialized);
  const parsed = (custom ? nodeConfigSchema.loose() : nodeConfigSchema).safeParse(normalized);
  if (parsed.success) return parsed.data;
  const line = lineOf();
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys' && issue.path.length > 0) {
      // A key inside a config value (an index's `cols:`), not an unknown config.
      const where = issue.path.join('.');
      diagnostics.push({
        severity: 'error', file, line, key: `config.${where}`,
        message: `unknown key ${issue.keys.map((k) => `'${k}'`).join(', ')} in ${where}`,
        hint: issue.path[0] === 'indexes' ? INDEXES_MESSAGE : undefined,
      });
    } else if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const close = closestNames(key, CONFIG_KEYS, 1);
        diagnostics.push({
          severity: 'error',
          file,
          line,
          key: `config.${key}`,
          message: `unknown config key '${key}'`,
          hint: `${close.length ? `did you mean '${close[0]}'? ` : ''}allowed: ${CONFIG_KEYS.join(', ')}`,
        });
      }
    } else {
      diagnostics.push({
        severity: 'error',
        file,
        line,
        key: `config.${issue.path.join('.')}`,
        message: issue.message,
      });
    }
  }
  // The materialization still counts: a name no macro defines is reported too (compile's checkMaterializations).
  const materialized = nodeConfigSchema.shape.materialized.safeParse(normalized.materialized);
  return materialized.success && materialized.data !== undefined ? { materialized: materialized.data } : {};
}

/** Layers config (lowest precedence first) and fills in defaults. */
export function resolveConfig(
  layers: readonly NodeConfigInput[],
  defaults: { materialized: ResolvedConfig['materialized'] },
): ResolvedConfig {
  const merged = layers.reduce<NodeConfigInput>((acc, layer) => mergeConfig(acc, layer), {});
  return {
    ...merged,
    enabled: merged.enabled ?? true,
    materialized: merged.materialized ?? defaults.materialized,
    schema: merged.schema,
    alias: merged.alias,
    tags: toList(merged.tags),
    unique_key: merged.unique_key === undefined ? undefined : toList(merged.unique_key),
    incremental_strategy: merged.incremental_strategy ?? (merged.unique_key ? 'merge' : 'append'),
    on_schema_change: merged.on_schema_change ?? 'ignore',
    pre_hook: toList(merged.pre_hook),
    post_hook: toList(merged.post_hook),
    full_refresh: merged.full_refresh,
    meta: merged.meta ?? {},
    column_types: merged.column_types ?? {},
    delimiter: merged.delimiter,
  };
}

/** dbt's default schema naming: a custom schema is appended to the target's (`main_staging`). */
export function relationFor(name: string, config: ResolvedConfig, targetSchema: string): Relation {
  return {
    schema: config.schema ? `${targetSchema}_${config.schema}` : targetSchema,
    identifier: config.alias ?? name,
  };
}

/** The 1-based line of the first match of `pattern` in `text`, if any. */
export function lineOfMatch(text: string, pattern: RegExp): number | undefined {
  const match = pattern.exec(text);
  if (!match) return undefined;
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < match.index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
