import { nodeId, sourceId } from '../core/ids.js';
import { folderConfigFor } from '../project/folder-config.js';
import type { ColumnProperties, NodeProperties } from '../project/schemas.js';
import type { Project } from '../project/types.js';
import { relationFor, resolveConfig } from './resolve-config.js';
import type { CompiledNode } from './types.js';

/** Seeds and sources carry no SQL and depend on nothing. */
const NO_CODE = {
  rawCode: '',
  compiledCode: '',
  incrementalCode: undefined,
  dependsOn: { nodes: [], macros: [] },
  refs: [],
  sources: [],
} as const;

/** Description and columns (by name) from a properties entry. */
export function describe(props: Pick<NodeProperties, 'description' | 'columns'> | undefined) {
  const columns: Record<string, ColumnProperties> = {};
  for (const column of props?.columns ?? []) columns[column.name] = column;
  return { description: props?.description ?? '', columns };
}

/** Seeds are CSV files loaded as tables; config comes from project.yml folders and properties. */
export function compileSeeds(project: Project, targetSchema: string): CompiledNode[] {
  return project.seeds.flatMap((seed) => {
    const props = project.seedProperties.get(seed.name);
    const config = resolveConfig([folderConfigFor(project.seedFolders, seed.fqn), props?.value.config ?? {}], {
      materialized: 'seed',
    });
    if (!config.enabled) return [];
    const node: CompiledNode = {
      uniqueId: nodeId('seed', project.name, seed.name),
      resourceType: 'seed',
      name: seed.name,
      packageName: project.name,
      path: seed.path,
      absolutePath: seed.absolutePath,
      fqn: seed.fqn,
      config: { ...config, materialized: 'seed' as const },
      relation: relationFor(seed.name, config, targetSchema),
      ...describe(props?.value),
      patchPath: props?.file,
      ...NO_CODE,
    };
    return [Object.freeze(node)];
  });
}

/** Declared sources: tables something else loads. They are graph nodes but are never built. */
export function compileSources(project: Project): CompiledNode[] {
  return project.sources.flatMap(({ value: source, file }) =>
    source.tables.map((table): CompiledNode => {
      const config = resolveConfig([{ tags: [...(source.tags ?? []), ...(table.tags ?? [])] }], { materialized: 'source' });
      return Object.freeze({
        uniqueId: sourceId(project.name, source.name, table.name),
        resourceType: 'source',
        name: table.name,
        sourceName: source.name,
        packageName: project.name,
        path: file,
        absolutePath: file,
        fqn: [project.name, source.name, table.name],
        config: { ...config, materialized: 'source' as const },
        relation: { schema: source.schema ?? source.name, identifier: table.identifier ?? table.name },
        ...describe(table),
        patchPath: file,
        ...NO_CODE,
      });
    }),
  );
}
