import { nodeId, sourceId } from '../core/ids.js';
import { packageNameOf, pathsOf, projectConfigLayers } from '../project/package-scope.js';
import type { ColumnProperties } from '../project/column-schema.js';
import type { NodeProperties } from '../project/schemas.js';
import type { FreshnessConfig, SourceDeclaration } from '../project/source-schema.js';
import type { Project } from '../project/types.js';
import type { DocUses } from '../project/doc-blocks.js';
import { propertiesFolders, ymlFqnPrefix } from '../project/discover.js';
import { resolveConfig } from './resolve-config.js';
import { propertiesConfig } from './parse-model.js';
import type { RelationNamer } from './relation-naming.js';
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

/** Description and columns (by name) from a properties entry, and the doc blocks its description reads. */
export function describe(props: (Pick<NodeProperties, 'description' | 'columns'> & Partial<Pick<NodeProperties, 'time_spine' | 'constraints'>> & DocUses) | undefined) {
  const columns: Record<string, ColumnProperties> = {};
  for (const column of props?.columns ?? []) columns[column.name] = column;
  return {
    description: props?.description ?? '', columns, ...(props?.doc_blocks ? { docBlocks: props.doc_blocks } : {}),
    ...(props?.constraints?.length ? { constraints: props.constraints } : {}),
    ...(props?.time_spine ? { timeSpine: { standard_granularity_column: props.time_spine.standard_granularity_column, custom_granularities: props.time_spine.custom_granularities ?? [] } } : {}),
  };
}

/** Seeds are CSV files loaded as tables; config comes from project.yml folders and properties. */
/** `disabled` collects the disabled ones, named as if enabled (dbt lists them in the manifest's `disabled`). */
export function compileSeeds(project: Project, namer: RelationNamer, disabled: CompiledNode[] = []): CompiledNode[] {
  return project.seeds.flatMap((seed) => {
    const props = project.seedProperties.get(seed.name);
    const { own, root } = projectConfigLayers(project, project.seedFolders, 'seeds', seed.path, seed.fqn);
    const config = resolveConfig([own, propertiesConfig(props?.value), root], {
      materialized: 'seed',
    });
    const packageName = packageNameOf(project, seed.path);
    const node: CompiledNode = {
      uniqueId: nodeId('seed', packageName, seed.name),
      resourceType: 'seed',
      name: seed.name,
      packageName,
      path: seed.path,
      absolutePath: seed.absolutePath,
      fqn: seed.fqn,
      config: { ...config, materialized: 'seed' as const },
      relation: namer({ name: seed.name, resourceType: 'seed', uniqueId: nodeId('seed', packageName, seed.name), packageName, fqn: seed.fqn, path: seed.path, config }),
      ...describe(props?.value),
      patchPath: props?.file,
      ...(project.dbtProject ? { seedIntegers: 'integer' as const } : {}),
      ...NO_CODE,
    };
    if (config.enabled) return [Object.freeze(node)];
    disabled.push(Object.freeze(node));
    return [];
  });
}

/**
 * Sources: tables something else loads (declared, as in dbt) or that weir loads itself (an
 * `ingest:` block). Source nodes are never built; an ingested table also gets an ingest node
 * (`ingest.<project>.<source>.<table>`) that the source node depends on, so `source()` in a model
 * waits for the load.
 */
export function compileSources(project: Project, relationDatabase: string | undefined, disabled: CompiledNode[] = []): CompiledNode[] {
  return project.sources.flatMap(({ value: source, file }) =>
    source.tables.flatMap((table): CompiledNode[] => {
      const packageName = packageNameOf(project, file);
      // dbt's fqn of a source table holds its yml file's folders; dbt_project.yml's sources: tree matches it.
      const fqn = [...ymlFqnPrefix(packageName, file, propertiesFolders(pathsOf(project, file))), source.name, table.name];
      const { own, root } = projectConfigLayers(project, project.sourceFolders, 'sources', file, fqn);
      const written = { ...source.config, ...table.config };
      const tags = [source.tags, table.tags, source.config?.tags, table.config?.tags].flatMap((t) => (t === undefined ? [] : typeof t === 'string' ? [t] : t));
      const config = resolveConfig([own, { tags, ...(written.meta ? { meta: written.meta } : {}) }, root], { materialized: 'source' });
      const enabled = config.enabled && written.enabled !== false;
      // A source's own database (an attached DuckDB database, another Trino catalog) is printed in any project.
      const database = source.database ?? relationDatabase;
      const relation = { ...(database === undefined ? {} : { database }), schema: source.schema ?? source.name, identifier: table.identifier ?? table.name };
      const common = {
        name: table.name,
        sourceName: source.name,
        sourceDescription: source.description ?? '',
        packageName,
        path: file,
        absolutePath: file,
        fqn,
        relation,
        ...describe(table),
        patchPath: file,
        ...NO_CODE,
      };
      const ingestId = sourceId(packageName, source.name, table.name, 'ingest');
      const loadedAtField = table.config?.loaded_at_field ?? table.loaded_at_field ?? source.config?.loaded_at_field ?? source.loaded_at_field;
      const freshness = freshnessOf(table, source);
      const sourceNode: CompiledNode = Object.freeze({
        ...common,
        uniqueId: sourceId(packageName, source.name, table.name),
        resourceType: 'source' as const,
        config: { ...config, ...eventTime(table.config?.event_time ?? source.config?.event_time), materialized: 'source' as const, enabled },
        ...(table.ingest ? { dependsOn: { nodes: [ingestId], macros: [] } } : {}),
        ...(freshness ? {
          freshness: { loadedAtField, warnAfter: freshness.warn_after, errorAfter: freshness.error_after, filter: freshness.filter },
        } : {}),
      });
      if (!enabled) {
        disabled.push(sourceNode);
        return [];
      }
      if (!table.ingest) return [sourceNode];
      const ingestNode: CompiledNode = Object.freeze({
        ...common,
        uniqueId: ingestId,
        resourceType: 'ingest' as const,
        config: { ...config, materialized: 'ingest' as const },
        ingest: table.ingest,
      });
      return [ingestNode, sourceNode];
    }),
  );
}

/**
 * A table's freshness as dbt 1.10 resolves it: the table's config:, its freshness:, then the
 * source's config: and freshness:; the first one written wins, an explicit null included (no check).
 */
function freshnessOf(table: SourceDeclaration['tables'][number], source: SourceDeclaration): FreshnessConfig | undefined {
  const layers: Array<{ readonly freshness?: FreshnessConfig | undefined } | undefined> = [table.config, table, source.config, source];
  const set = layers.find((layer) => layer !== undefined && layer.freshness !== undefined);
  return set?.freshness ?? undefined;
}
const eventTime = (column: string | undefined) => (column === undefined ? {} : { event_time: column });
