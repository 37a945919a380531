import type { DocsData } from '../types.js';

export interface Hit {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  /** What matched: `name`, `column <name>`, `description`, `column <name> description`. */
  readonly where: string;
  readonly score: number;
}

interface Entry {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly lname: string;
  readonly lid: string;
  readonly description: string;
  readonly columns: ReadonlyArray<{ readonly name: string; readonly lname: string; readonly description: string }>;
}

/**
 * A search over node names, descriptions, and column names and descriptions, and over the macros
 * (and their arguments), doc blocks and groups; best matches first.
 */
export function createSearch(data: Pick<DocsData, 'nodes' | 'macros' | 'docBlocks' | 'groups'>): (query: string, limit?: number) => Hit[] {
  const entry = (id: string, type: string, name: string, description: string, columns: ReadonlyArray<{ name: string; description: string }> = []): Entry => ({
    id, type, name, lname: name.toLowerCase(), lid: id.toLowerCase(), description: description.toLowerCase(),
    columns: columns.map((c) => ({ name: c.name, lname: c.name.toLowerCase(), description: c.description.toLowerCase() })),
  });
  const entries: Entry[] = [
    ...data.nodes.map((n) => entry(n.id, n.type, n.name, n.description, n.columns)),
    ...data.macros.map((m) => entry(m.id, 'macro', m.name, m.description, m.arguments.map((a) => ({ name: a.name, description: a.description })))),
    ...data.docBlocks.map((d) => entry(d.id, 'doc', d.name, d.contents)),
    ...data.groups.map((g) => entry(g.id, 'group', g.name, [g.description, g.owner.name ?? '', g.owner.email ?? ''].join(' '))),
  ];
  return (query, limit = 40) => {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const hits: Hit[] = [];
    for (const e of entries) {
      const at = (where: string, score: number): Hit => ({ id: e.id, type: e.type, name: e.name, where, score });
      let hit: Hit | undefined;
      if (e.lname === q) hit = at('name', 0);
      else if (e.lname.startsWith(q)) hit = at('name', 1);
      else if (e.lname.includes(q) || e.lid.includes(q)) hit = at('name', 2);
      else {
        const column = e.columns.find((c) => c.lname.includes(q));
        const part = e.type === 'macro' ? 'argument' : 'column';
        if (column) hit = at(`${part} ${column.name}`, column.lname === q ? 3 : 4);
        else if (e.description.includes(q)) hit = at(e.type === 'doc' ? 'contents' : 'description', 5);
        else {
          const described = e.columns.find((c) => c.description.includes(q));
          if (described) hit = at(`${part} ${described.name} description`, 6);
        }
      }
      // Data tests are named after what they test: they come after the models and columns themselves.
      if (hit) hits.push(e.type === 'test' || e.type === 'unit_test' ? { ...hit, score: hit.score + 10 } : hit);
    }
    hits.sort((a, b) => a.score - b.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return hits.slice(0, limit);
  };
}
