import type { Project } from '../project/types.js';
import { modelNodeId } from './model-versions.js';
import type { NodeFacts } from './node-dict.js';
import { describe } from './other-nodes.js';
import type { ParsedModel } from './parse-model.js';
import type { Skeleton } from './render-nodes.js';
import type { Relation } from './types.js';

/** Each parsed node with its unique_id and the nodes it depends on (refs, then sources, once each). */
export function skeletonsOf(
  project: Project,
  parsed: readonly ParsedModel[],
  idByName: ReadonlyMap<string, string>,
  sourceIds: ReadonlyMap<string, { readonly uniqueId: string }>,
  packageOf: (file: { readonly path: string }) => string,
): Skeleton[] {
  return parsed.map((m): Skeleton => {
    const id = modelNodeId(project, m.kind, m.file.name, packageOf(m.file));
    const dependsOn = [
      ...new Set([
        ...m.refs.map((r) => idByName.get(r.name)!),
        ...m.sources.map(([s, t]) => sourceIds.get(`${s}.${t}`)!.uniqueId),
      ]),
    ];
    return { id, model: m, dependsOn };
  });
}

/** What `model` and `graph` say of a node before its SQL is rendered. */
export function skeletonFactsOf(
  project: Project,
  relations: ReadonlyMap<string, Relation | undefined>,
  packageOf: (file: { readonly path: string }) => string,
): (s: Skeleton) => NodeFacts {
  return (s) => {
    const props = s.model.kind === 'model' ? project.modelProperties.get(s.model.file.name) : undefined;
    return {
      uniqueId: s.id, resourceType: s.model.kind, name: s.model.file.name, packageName: packageOf(s.model.file), path: s.model.file.path, fqn: s.model.file.fqn,
      config: s.model.config, relation: relations.get(s.id), rawCode: s.model.file.text, dependsOn: { nodes: s.dependsOn, macros: [] },
      refs: s.model.refs, sources: s.model.sources, ...describe(props?.value), patchPath: props?.file,
    };
  };
}
