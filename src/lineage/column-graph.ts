import type { ColumnHow, LineageArtifact, RowHow } from './types.js';

/** What the walks read of the artifact (the docs site carries only this part). */
type Traced = Pick<LineageArtifact, 'nodes'>;

/** One column reached walking the lineage up or down, `depth` steps from the start. */
export interface LineageStep {
  readonly node: string;
  /** Undefined for a model that reads the column only to filter, join or group its rows. */
  readonly column: string | undefined;
  readonly how: ColumnHow | RowHow;
  readonly depth: number;
  /** The column it was reached from. */
  readonly from: { readonly node: string; readonly column: string };
}

const key = (node: string, column: string) => `${node}\u0000${column.toLowerCase()}`;

export interface ColumnRef {
  readonly node: string;
  readonly column: string;
}

/** The columns a column is computed from, and theirs, up to the sources (breadth first). */
export function upstreamOf(lineage: Traced, node: string, column: string): LineageStep[] {
  return upstreamOfAll(lineage, [{ node, column }]);
}

/** upstreamOf for several columns at once (each reached column once, at its smallest depth). */
export function upstreamOfAll(lineage: Traced, starts: readonly ColumnRef[]): LineageStep[] {
  return walk(starts, (n, c) => {
    const found = lineage.nodes[n]?.columns.find((x) => x.name.toLowerCase() === c.toLowerCase());
    return (found?.sources ?? []).map((s) => ({ node: s.node, column: s.column, how: s.how }));
  });
}

/**
 * The columns computed from a column, and theirs, down to the last model; plus the models that
 * read one of them in a filter, join or group by (those end the walk).
 */
export function downstreamOf(lineage: Traced, node: string, column: string): LineageStep[] {
  return downstreamOfAll(lineage, [{ node, column }]);
}

/** downstreamOf for several columns at once. */
export function downstreamOfAll(lineage: Traced, starts: readonly ColumnRef[]): LineageStep[] {
  const readers = new Map<string, Array<{ node: string; column: string | undefined; how: ColumnHow | RowHow }>>();
  const add = (from: string, step: { node: string; column: string | undefined; how: ColumnHow | RowHow }) => {
    const list = readers.get(from) ?? [];
    list.push(step);
    readers.set(from, list);
  };
  for (const [id, entry] of Object.entries(lineage.nodes)) {
    for (const c of entry.columns) for (const s of c.sources) add(key(s.node, s.column), { node: id, column: c.name, how: s.how });
    for (const r of entry.rows) add(key(r.node, r.column), { node: id, column: undefined, how: r.how });
  }
  return walk(starts, (n, c) => readers.get(key(n, c)) ?? []);
}

function walk(
  starts: readonly ColumnRef[],
  next: (node: string, column: string) => ReadonlyArray<{ node: string; column: string | undefined; how: ColumnHow | RowHow }>,
): LineageStep[] {
  const steps: LineageStep[] = [];
  const seen = new Set(starts.map((s) => key(s.node, s.column)));
  let frontier: ColumnRef[] = [...starts];
  for (let depth = 1; frontier.length > 0; depth++) {
    const following: Array<{ node: string; column: string }> = [];
    for (const from of frontier) {
      for (const step of next(from.node, from.column)) {
        const id = step.column === undefined ? `${step.node}\u0000*${step.how}` : key(step.node, step.column);
        if (seen.has(id)) continue;
        seen.add(id);
        steps.push({ ...step, depth, from });
        if (step.column !== undefined) following.push({ node: step.node, column: step.column });
      }
    }
    frontier = following;
  }
  return steps;
}
