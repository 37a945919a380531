import type { Diagnostic } from '../core/diagnostics.js';
import { parseFolderConfig, type FolderConfigNode } from '../project/folder-config.js';
import { nodeConfigSchema, normalizeConfigKey } from '../project/schemas.js';
import { formatKeyPath, type YamlFile } from '../project/yaml-file.js';
import { DBT_ONLY_CONFIG_KEYS } from '../project/dbt-only-keys.js';

const WEIR_KEYS = new Set(Object.keys(nodeConfigSchema.shape));

const DBT_ONLY_KEYS = DBT_ONLY_CONFIG_KEYS;

/**
 * A `models:` or `seeds:` tree of dbt_project.yml (already rendered) as weir's folder config.
 * Config weir applies is validated as in project.yml; config dbt knows and weir does not apply is
 * named with file and line and left out, so the rest still builds.
 */
export function dbtFolderConfig(yaml: YamlFile, rootKey: string, value: unknown, diagnostics: Diagnostic[]): FolderConfigNode {
  return parseFolderConfig(yaml, rootKey, withoutUnsupported(yaml, [rootKey], value, diagnostics), diagnostics);
}

/**
 * Config, not a folder: a `+key`, a config name, or (as dbt reads a tree) any key whose value is not
 * a mapping, like `transient: true`; a folder's value is a mapping (or empty).
 */
function isConfigKey(key: string, value: unknown): boolean {
  const configKey = normalizeConfigKey(key);
  const notMapping = value !== null && value !== undefined && (typeof value !== 'object' || Array.isArray(value));
  return key.startsWith('+') || notMapping || WEIR_KEYS.has(configKey) || DBT_ONLY_KEYS.has(configKey);
}

function withoutUnsupported(yaml: YamlFile, path: string[], value: unknown, diagnostics: Diagnostic[]): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const kept: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const configKey = normalizeConfigKey(key);
    const keyPath = [...path, key];
    if (!isConfigKey(key, child)) {
      kept[key] = withoutUnsupported(yaml, keyPath, child, diagnostics);
    } else if (WEIR_KEYS.has(configKey)) {
      kept[key] = child;
    } else {
      diagnostics.push({
        severity: 'warning', file: yaml.file, line: yaml.lineOf(keyPath), key: formatKeyPath(keyPath),
        message: DBT_ONLY_KEYS.has(configKey)
          ? `weir does not support the '${configKey}' config yet; it is ignored`
          : `'${configKey}' is not a config weir knows; it is ignored`,
        hint: `weir applies: ${[...WEIR_KEYS].join(', ')}`,
      });
    }
  }
  return kept;
}

/** A config tree weir does not apply at all: each config key in it is named once, with its line. */
export function reportUnappliedTree(yaml: YamlFile, rootKey: string, what: string, value: unknown, diagnostics: Diagnostic[]): void {
  const visit = (v: unknown, path: string[]) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return;
    for (const [key, child] of Object.entries(v)) {
      const keyPath = [...path, key];
      if (isConfigKey(key, child)) {
        diagnostics.push({
          severity: 'warning', file: yaml.file, line: yaml.lineOf(keyPath), key: formatKeyPath(keyPath),
          message: `weir does not apply ${what} from dbt_project.yml yet; '${key}' is ignored`,
        });
      } else {
        visit(child, keyPath);
      }
    }
  };
  visit(value, [rootKey]);
}
