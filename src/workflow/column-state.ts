import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { downstreamOfAll, type ColumnRef, type LineageArtifact, type NodeLineage } from '../lineage/index.js';
import type { OpenedProject } from './open-project.js';

/** The columns `state:modified.columns` starts from, and the nodes that own them. */
export interface ChangedColumns {
  readonly columns: readonly ColumnRef[];
  readonly nodes: ReadonlySet<string>;
  /** Said once in the log when the comparison falls back to whole models. */
  readonly warning?: string | undefined;
}

/**
 * Which columns changed since the `--state` run: of each modified model traced in both runs, the
 * columns whose fingerprint differs (or that are new), plus every column of the models that read a
 * column it no longer has. A model, seed or snapshot that cannot be compared column by column (a
 * seed, a model not fully traced, a run without target/lineage.json) counts with all its columns.
 */
export function changedColumns(opened: OpenedProject, lineage: LineageArtifact, columnsOf: ReadonlyMap<string, ReadonlySet<string>>): ChangedColumns {
  const sets = opened.stateSets!;
  const stateDir = dirname(opened.previousState!.manifestPath);
  const before = readLineage(join(stateDir, 'lineage.json'));
  const columns: ColumnRef[] = [];
  const nodes = new Set<string>();
  const whole = (id: string) => {
    nodes.add(id);
    for (const column of columnsOf.get(id) ?? []) columns.push({ node: id, column });
  };
  for (const id of sets.modified) {
    const now = lineage.nodes[id];
    const then = before?.nodes[id];
    if (!now || !then || now.problems.length > 0 || then.problems.length > 0 || !comparable(now) || !comparable(then)) {
      if (opened.compiled.nodes.has(id)) whole(id);
      continue;
    }
    const old = new Map(then.columns.map((c) => [c.name.toLowerCase(), c.fingerprint]));
    for (const column of now.columns) {
      if (old.get(column.name.toLowerCase()) === column.fingerprint) continue;
      nodes.add(id);
      columns.push({ node: id, column: column.name });
    }
    // A column it no longer has breaks whatever read it then: those readers change as a whole.
    const kept = new Set(now.columns.map((c) => c.name.toLowerCase()));
    const removed = then.columns.filter((c) => !kept.has(c.name.toLowerCase())).map((c) => ({ node: id, column: c.name }));
    if (removed.length) {
      nodes.add(id);
      for (const step of downstreamOfAll(before!, removed)) if (step.depth === 1 && opened.compiled.nodes.has(step.node)) whole(step.node);
    }
  }
  const warning = before ? undefined
    : `state:modified.columns: no lineage.json in ${stateDir}, so every column of a modified model counts as changed; run weir lineage after that run and copy target/lineage.json along with its manifest.json`;
  return { columns, nodes, warning };
}

/** Lineage of a weir that wrote column fingerprints (older files have none: compare whole models). */
function comparable(node: NodeLineage): boolean {
  return node.columns.every((c) => c.fingerprint !== undefined);
}

function readLineage(path: string): Pick<LineageArtifact, 'nodes'> | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as LineageArtifact;
    return parsed && typeof parsed.nodes === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
