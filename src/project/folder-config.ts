import type { Diagnostic } from '../core/diagnostics.js';
import { closestNames } from '../core/closest.js';
import { formatKeyPath, type YamlFile } from './yaml-file.js';
import { nodeConfigSchema, normalizeConfigKey, type NodeConfigInput } from './schemas.js';

/**
 * Folder-level config from project.yml, as dbt users write it:
 *
 *   models:
 *     shop:              # project name
 *       +materialized: view
 *       marts:           # folder models/marts
 *         +materialized: table
 *
 * `+key` (or a bare key that is a known config name) is config; anything else is a sub-folder.
 */
export interface FolderConfigNode {
  readonly config: NodeConfigInput;
  readonly children: ReadonlyMap<string, FolderConfigNode>;
  /** Where `+materialized` was set, so a name no macro file defines is reported at its line (checked once macros are known). */
  readonly materializedAt?: { readonly file: string; readonly line: number | undefined; readonly key: string };
}

const CONFIG_KEYS = Object.keys(nodeConfigSchema.shape);

export function parseFolderConfig(
  yaml: YamlFile,
  rootKey: string,
  value: unknown,
  diagnostics: Diagnostic[],
): FolderConfigNode {
  return walk(yaml, [rootKey], value, diagnostics);
}

function walk(yaml: YamlFile, path: string[], value: unknown, diagnostics: Diagnostic[]): FolderConfigNode {
  const config: Record<string, unknown> = {};
  const children = new Map<string, FolderConfigNode>();
  let materializedAt: FolderConfigNode['materializedAt'];
  if (value === null || value === undefined) return { config, children };
  if (typeof value !== 'object' || Array.isArray(value)) {
    diagnostics.push({
      severity: 'error',
      file: yaml.file,
      line: yaml.lineOf(path),
      key: formatKeyPath(path),
      message: 'expected a mapping of folders and +config keys',
    });
    return { config, children };
  }
  for (const [key, child] of Object.entries(value)) {
    const keyPath = [...path, key];
    const configKey = normalizeConfigKey(key);
    const isConfig = key.startsWith('+') || CONFIG_KEYS.includes(configKey);
    if (!isConfig) {
      children.set(key, walk(yaml, keyPath, child, diagnostics));
      continue;
    }
    const schema = (nodeConfigSchema.shape as Record<string, (typeof nodeConfigSchema.shape)[keyof typeof nodeConfigSchema.shape]>)[configKey];
    if (!schema) {
      const close = closestNames(configKey, CONFIG_KEYS, 1);
      diagnostics.push({
        severity: 'error',
        file: yaml.file,
        line: yaml.lineOf(keyPath),
        key: formatKeyPath(keyPath),
        message: `unknown config key '${configKey}'`,
        hint: `${close.length > 0 ? `did you mean '+${close[0]}'? ` : ''}allowed: ${CONFIG_KEYS.join(', ')}`,
      });
      continue;
    }
    const parsed = schema.safeParse(child);
    if (!parsed.success) {
      diagnostics.push({
        severity: 'error',
        file: yaml.file,
        line: yaml.lineOf(keyPath),
        key: formatKeyPath(keyPath),
        message: parsed.error.issues.map((i) => i.message).join('; '),
      });
      continue;
    }
    config[configKey] = parsed.data;
    if (configKey === 'materialized') materializedAt = { file: yaml.file, line: yaml.lineOf(keyPath), key: formatKeyPath(keyPath) };
  }
  return { config: config as NodeConfigInput, children, ...(materializedAt ? { materializedAt } : {}) };
}

/** The deepest folder that set `+materialized` for a node with this fqn. */
export function folderMaterializedAt(root: FolderConfigNode, fqn: readonly string[]): FolderConfigNode['materializedAt'] {
  let found = root.materializedAt;
  let node: FolderConfigNode | undefined = root;
  for (const part of fqn) {
    node = node.children.get(part);
    if (!node) break;
    found = node.materializedAt ?? found;
  }
  return found;
}

/**
 * The config that folders give a node with this fqn (`[project, ...folders, name]`). Deeper
 * folders win; tags add up, as in dbt, except where dbt's config replaces them (`tags: 'deepest'`:
 * an exposure's tags are the deepest folder's that sets any).
 */
export function folderConfigFor(root: FolderConfigNode, fqn: readonly string[], tags: 'add' | 'deepest' = 'add'): NodeConfigInput {
  const step = (base: NodeConfigInput, over: NodeConfigInput) =>
    tags === 'deepest' && over.tags !== undefined ? { ...mergeConfig(base, over), tags: toList(over.tags) } : mergeConfig(base, over);
  let merged: NodeConfigInput = step({}, root.config);
  let node: FolderConfigNode | undefined = root;
  for (const part of fqn) {
    node = node.children.get(part);
    if (!node) break;
    merged = step(merged, node.config);
  }
  return merged;
}

/**
 * Later config wins, except as dbt merges (its MergeBehavior): tags and hooks add up, and the dicts
 * meta, column_types, grants, docs and contract merge key by key (a folder's `+column_types` and a
 * seed's own both apply).
 */
export function mergeConfig(base: NodeConfigInput, over: NodeConfigInput): NodeConfigInput {
  const result: NodeConfigInput = { ...base, ...over };
  if (base.tags !== undefined || over.tags !== undefined) {
    result.tags = [...new Set([...toList(base.tags), ...toList(over.tags)])];
  }
  for (const hook of ['pre_hook', 'post_hook'] as const) {
    if (base[hook] !== undefined && over[hook] !== undefined) result[hook] = [...toList(base[hook]), ...toList(over[hook])];
  }
  if (base.meta || over.meta) result.meta = { ...base.meta, ...over.meta };
  if (base.column_types || over.column_types) result.column_types = { ...base.column_types, ...over.column_types };
  if (base.grants || over.grants) result.grants = { ...base.grants, ...over.grants };
  if (base.docs || over.docs) result.docs = { ...base.docs, ...over.docs };
  if (base.contract && over.contract) result.contract = { ...base.contract, ...over.contract };
  return result;
}

export function toList(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}
