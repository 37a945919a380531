import type { Diagnostic } from '../core/diagnostics.js';
import { formatKeyPath, type YamlFile } from './yaml-file.js';
import type { SemanticFolderNode, SemanticFolders } from './types.js';

/** The configs dbt's semantic-layer trees take (dbt_project.yml's `metrics:`, `semantic-models:`, `saved-queries:`). */
const KEYS: Readonly<Record<keyof SemanticFolders, readonly string[]>> = {
  metrics: ['enabled', 'group', 'meta', 'tags'],
  'semantic-models': ['enabled', 'group', 'meta'],
  'saved-queries': ['enabled', 'group', 'meta', 'tags', 'cache', 'export_as', 'schema'],
};

/**
 * The three semantic-layer trees, nested by fqn as dbt nests them (`saved-queries: +cache: {enabled:
 * true}` or `metrics: shop: finance: +enabled: false`). A key weir does not know is named with its line.
 */
export function semanticFolders(yaml: YamlFile, file: Readonly<Record<string, unknown>>, diagnostics: Diagnostic[]): SemanticFolders {
  const read = (root: keyof SemanticFolders): SemanticFolderNode => {
    const walk = (value: unknown, path: string[]): SemanticFolderNode => {
      const config: Record<string, unknown> = {};
      const children = new Map<string, SemanticFolderNode>();
      if (!value || typeof value !== 'object' || Array.isArray(value)) return { config, children };
      for (const [key, child] of Object.entries(value)) {
        const name = key.replace(/^\+/, '');
        const isConfig = key.startsWith('+') || KEYS[root].includes(name) || child === null || typeof child !== 'object' || Array.isArray(child);
        if (!isConfig) children.set(key, walk(child, [...path, key]));
        else if (KEYS[root].includes(name)) config[name] = child;
        else {
          diagnostics.push({
            severity: 'warning', file: yaml.file, line: yaml.lineOf([...path, key]), key: formatKeyPath([...path, key]),
            message: `'${name}' is not a config of dbt's ${root}; it is ignored`, hint: `weir applies: ${KEYS[root].join(', ')}`,
          });
        }
      }
      return { config, children };
    };
    return walk(file[root], [root]);
  };
  return { metrics: read('metrics'), 'semantic-models': read('semantic-models'), 'saved-queries': read('saved-queries') };
}

/** A node's config from its tree: the folders along its fqn, deeper wins, meta merged and tags added. */
export function semanticFolderConfig(root: SemanticFolderNode, fqn: readonly string[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  const apply = (config: Readonly<Record<string, unknown>>) => {
    for (const [key, value] of Object.entries(config)) {
      if (key === 'meta') merged.meta = { ...(merged.meta as object | undefined), ...(value as object) };
      else if (key === 'tags') merged.tags = [...new Set([...((merged.tags as string[] | undefined) ?? []), ...(Array.isArray(value) ? value : [value]).map(String)])];
      else merged[key] = value;
    }
  };
  let node: SemanticFolderNode | undefined = root;
  apply(root.config);
  for (const part of fqn) {
    node = node.children.get(part);
    if (!node) break;
    apply(node.config);
  }
  return merged;
}
