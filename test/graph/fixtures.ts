import type { GraphNode } from '../../src/graph/index.js';

/** A model node with sensible defaults; `deps` are names of other models in the same project. */
export function model(name: string, deps: string[] = [], extra: Partial<GraphNode> = {}): GraphNode {
  return {
    uniqueId: `model.shop.${name}`,
    name,
    resourceType: 'model',
    packageName: 'shop',
    path: `models/${name}.sql`,
    fqn: ['shop', name],
    tags: [],
    config: { materialized: 'view' },
    dependsOn: deps.map((d) => `model.shop.${d}`),
    ...extra,
  };
}

export const id = (name: string): string => `model.shop.${name}`;

/** Strips `model.shop.` so assertions read like the graph drawings in the tests. */
export const names = (ids: Iterable<string>): string[] => [...ids].map((i) => i.replace(/^model\.shop\./, ''));

/** a -> b -> ... chain of `length` nodes, in reverse input order to make sure order is computed. */
export function chain(length: number): GraphNode[] {
  const nodes: GraphNode[] = [];
  for (let i = length - 1; i >= 0; i--) nodes.push(model(`n${i}`, i === 0 ? [] : [`n${i - 1}`]));
  return nodes;
}
