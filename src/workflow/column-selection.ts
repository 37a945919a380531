import type { CompiledNode } from '../compile/types.js';
import { closestNames } from '../core/closest.js';
import { globMatcher } from '../graph/glob.js';
import { MODIFIED_COLUMNS, type ColumnLineageView } from '../graph/index.js';
import { downstreamOfAll, upstreamOfAll, type ColumnRef, type LineageArtifact, type LineageNode } from '../lineage/index.js';
import { changedColumns, type ChangedColumns } from './column-state.js';
import { generateLineage } from './lineage.js';
import type { CommonOptions, OpenedProject } from './open-project.js';

/** Whether a --select or --exclude value uses `column:`, so the lineage must be traced first. */
export function usesColumnSelection(options: Pick<CommonOptions, 'select' | 'exclude'>): boolean {
  return [...(options.select ?? []), ...(options.exclude ?? [])].some((value) => /(^|[\s,@+])(column:|state:modified\.columns)/.test(value));
}

/**
 * The project with its column lineage attached for `column:` selection, traced only when the
 * selection asks for it (tracing reads every model's SQL; no other selection needs it).
 */
export async function withColumnLineage<T extends OpenedProject>(opened: T, options: Pick<CommonOptions, 'select' | 'exclude'>): Promise<T> {
  if (!usesColumnSelection(options) || opened.columnLineage) return opened;
  const { lineage, nodes } = await generateLineage(opened);
  return { ...opened, columnLineage: columnLineageView(opened, lineage, nodes) };
}

/** `column:` over a traced project: `owner.column`, the owner a model, seed or snapshot name or `source.table`. */
export function columnLineageView(opened: OpenedProject, lineage: LineageArtifact, nodes: readonly LineageNode[]): ColumnLineageView {
  const owners = new Map<string, CompiledNode[]>();
  for (const node of opened.compiled.nodes.values()) {
    if (!OWNERS.has(node.resourceType)) continue;
    const name = node.resourceType === 'source' ? node.fqn.slice(1).join('.') : node.name;
    owners.set(name, [...(owners.get(name) ?? []), node]);
  }
  const columnsOf = columnNames(lineage, nodes);
  let changed: ChangedColumns | undefined;
  const modified = () => {
    if (changed) return changed;
    changed = changedColumns(opened, lineage, columnsOf);
    if (changed.warning) opened.compileOptions.logger?.log({ level: 'warn', code: 'state_without_lineage', message: changed.warning });
    return changed;
  };
  const resolve = (value: string): ColumnRef[] => {
    if (value === MODIFIED_COLUMNS) return [...modified().columns];
    const dot = value.lastIndexOf('.');
    const matches = globMatcher(value.slice(dot + 1).toLowerCase());
    return (owners.get(value.slice(0, dot)) ?? []).flatMap((node) =>
      [...(columnsOf.get(node.uniqueId) ?? [])].filter((c) => matches(c.toLowerCase())).map((column) => ({ node: node.uniqueId, column })));
  };
  return {
    find(value) {
      if (value === MODIFIED_COLUMNS) return { nodes: modified().nodes, closest: [] };
      const found = resolve(value);
      if (found.length) return { nodes: new Set(found.map((c) => c.node)), closest: [] };
      const dot = value.lastIndexOf('.');
      const owner = value.slice(0, dot);
      const known = owners.get(owner);
      if (dot <= 0 || !known) return { nodes: new Set(), closest: closestNames(owner, [...owners.keys()]).map((o) => `${o}.${value.slice(dot + 1)}`) };
      const names = known.flatMap((n) => [...(columnsOf.get(n.uniqueId) ?? [])]);
      return { nodes: new Set(), closest: closestNames(value.slice(dot + 1), names).map((c) => `${owner}.${c}`) };
    },
    walk(value, direction, depth) {
      const starts = resolve(value);
      if (direction === 'parents') return new Set(upstreamOfAll(lineage, starts).filter((s) => depth === undefined || s.depth <= depth).map((s) => s.node));
      const reached = downstreamNodes(lineage, starts, depth);
      // Models changed as a whole may have no listed column: their untraceable readers still count.
      if (value === MODIFIED_COLUMNS) for (const id of modified().nodes) reached.add(id);
      return withUntraceableReaders(opened, lineage, starts, reached);
    },
  };
}

const OWNERS = new Set(['model', 'seed', 'snapshot', 'source']);

/**
 * The models computed from these columns. A model that filters, joins or groups on a reached column
 * has every row shaped by it, so all its columns are reached too (one step further).
 */
function downstreamNodes(lineage: LineageArtifact, starts: readonly ColumnRef[], depth: number | undefined): Set<string> {
  const reached = new Set<string>();
  const expanded = new Set<string>();
  let frontier = [{ starts, left: depth }];
  while (frontier.length > 0) {
    const next: typeof frontier = [];
    for (const { starts: from, left } of frontier) {
      for (const step of downstreamOfAll(lineage, from)) {
        if (left !== undefined && step.depth > left) continue;
        reached.add(step.node);
        if (step.column !== undefined || expanded.has(step.node)) continue;
        expanded.add(step.node);
        const columns = (lineage.nodes[step.node]?.columns ?? []).map((c) => ({ node: step.node, column: c.name }));
        next.push({ starts: columns, left: left === undefined ? undefined : left - step.depth });
      }
    }
    frontier = next;
  }
  return reached;
}

/**
 * A model whose lineage could not be fully traced (a `select *` over unknown columns, SQL DuckDB's
 * parser does not read) may read any column of its parents: when it sits below a reached model it
 * is selected too, with everything computed from its columns. Selection errs toward building more.
 */
function withUntraceableReaders(opened: OpenedProject, lineage: LineageArtifact, starts: readonly ColumnRef[], reached: Set<string>): Set<string> {
  const queue = [...new Set([...starts.map((s) => s.node), ...reached])];
  while (queue.length > 0) {
    const id = queue.pop()!;
    for (const child of opened.dag.children.get(id) ?? []) {
      const entry = lineage.nodes[child];
      if (reached.has(child) || !entry || entry.problems.length === 0) continue;
      reached.add(child);
      const columns = entry.columns.map((c) => ({ node: child, column: c.name }));
      for (const step of downstreamOfAll(lineage, columns)) if (!reached.has(step.node)) (reached.add(step.node), queue.push(step.node));
      queue.push(child);
    }
  }
  return reached;
}

/** Every column name known per node: traced ones, the ones read from it, and listed ones (yml, seed header, catalog). */
function columnNames(lineage: LineageArtifact, nodes: readonly LineageNode[]): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  const add = (node: string, column: string) => {
    const set = result.get(node) ?? new Set<string>();
    if (![...set].some((c) => c.toLowerCase() === column.toLowerCase())) set.add(column);
    result.set(node, set);
  };
  for (const node of nodes) for (const column of node.knownColumns) add(node.uniqueId, column);
  for (const [id, entry] of Object.entries(lineage.nodes)) {
    for (const column of entry.columns) {
      add(id, column.name);
      for (const source of column.sources) add(source.node, source.column);
    }
    for (const row of entry.rows) add(row.node, row.column);
  }
  return result;
}
