import type { CompiledNode } from './types.js';

/** An exposure of target/manifest.json, in dbt's v12 shape (`exposures`, not `nodes`). */
export function exposureEntry(node: CompiledNode, createdAt: number) {
  const spec = node.exposure!;
  return {
    name: node.name,
    resource_type: 'exposure' as const,
    package_name: node.packageName,
    path: relativeToFolder(node.path),
    original_file_path: node.path,
    unique_id: node.uniqueId,
    fqn: [...node.fqn],
    type: spec.type,
    owner: { email: null, name: null, ...spec.owner },
    description: node.description,
    label: spec.label ?? null,
    maturity: spec.maturity ?? null,
    meta: node.config.meta,
    tags: [...node.config.tags],
    config: { enabled: node.config.enabled, tags: [...node.config.tags], meta: node.config.meta },
    unrendered_config: {},
    url: spec.url ?? null,
    depends_on: { macros: [], nodes: [...node.dependsOn.nodes] },
    refs: node.refs.map((r) => ({ name: r.name, package: r.package ?? null, version: r.version ?? null })),
    sources: node.sources.map(([s, t]) => [s, t]),
    metrics: spec.metrics.map((m) => [...m]),
    created_at: createdAt,
  };
}

/** dbt's `path` of a yml-declared resource: the file inside its resource folder (`models/x/a.yml` -> `x/a.yml`). */
export function relativeToFolder(path: string): string {
  const slash = path.indexOf('/');
  return slash < 0 ? path : path.slice(slash + 1);
}
