import type { DocsNode } from '../types.js';

export interface Hit {
  readonly node: DocsNode;
  /** What matched: `name`, `column <name>`, `description`, `column <name> description`. */
  readonly where: string;
  readonly score: number;
}

/** A search over node names, descriptions, and column names and descriptions; best matches first. */
export function createSearch(nodes: readonly DocsNode[]): (query: string, limit?: number) => Hit[] {
  const entries = nodes.map((node) => ({
    node,
    name: node.name.toLowerCase(),
    id: node.id.toLowerCase(),
    description: node.description.toLowerCase(),
    columns: node.columns.map((c) => ({ name: c.name, lname: c.name.toLowerCase(), description: c.description.toLowerCase() })),
  }));
  return (query, limit = 40) => {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const hits: Hit[] = [];
    for (const e of entries) {
      let hit: Hit | undefined;
      if (e.name === q) hit = { node: e.node, where: 'name', score: 0 };
      else if (e.name.startsWith(q)) hit = { node: e.node, where: 'name', score: 1 };
      else if (e.name.includes(q) || e.id.includes(q)) hit = { node: e.node, where: 'name', score: 2 };
      else {
        const column = e.columns.find((c) => c.lname.includes(q));
        if (column) hit = { node: e.node, where: `column ${column.name}`, score: column.lname === q ? 3 : 4 };
        else if (e.description.includes(q)) hit = { node: e.node, where: 'description', score: 5 };
        else {
          const described = e.columns.find((c) => c.description.includes(q));
          if (described) hit = { node: e.node, where: `column ${described.name} description`, score: 6 };
        }
      }
      // Data tests are named after what they test: they come after the models and columns themselves.
      if (hit) hits.push(e.node.type === 'test' || e.node.type === 'unit_test' ? { ...hit, score: hit.score + 10 } : hit);
    }
    hits.sort((a, b) => a.score - b.score || (a.node.name < b.node.name ? -1 : a.node.name > b.node.name ? 1 : 0));
    return hits.slice(0, limit);
  };
}
