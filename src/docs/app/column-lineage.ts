import { downstreamOf, upstreamOf, type LineageStep } from '../../lineage/column-graph.js';
import type { DocsNode } from '../types.js';
import { h, type Child } from './dom.js';
import type { Project } from './view.js';

/** Where the column lineage shown on a node page links to. */
export interface ColumnLinks {
  /** The href that opens a node's page with one of its columns picked. */
  column(id: string, column: string): string;
  node(id: string): string;
}

export interface ColumnTrace {
  readonly upstream: readonly LineageStep[];
  readonly downstream: readonly LineageStep[];
  /** The nodes on either side and the node itself: what the graph keeps lit. */
  readonly nodes: ReadonlySet<string>;
}

/** The columns a column comes from and goes to, with the same walks as `weir lineage m.col`. */
export function traceColumn(project: Project, id: string, column: string): ColumnTrace | null {
  const lineage = project.data.lineage;
  if (!lineage) return null;
  const name = lineage[id]?.columns.find((c) => c.name.toLowerCase() === column.toLowerCase())?.name ?? column;
  const traced = { nodes: lineage };
  const upstream = upstreamOf(traced, id, name);
  const downstream = downstreamOf(traced, id, name);
  return { upstream, downstream, nodes: new Set([id, ...upstream.map((s) => s.node), ...downstream.map((s) => s.node)]) };
}

/** The node's columns: documented or in the catalog, then those only the lineage knows. */
export function columnNames(project: Project, node: DocsNode): string[] {
  const names = node.columns.map((c) => c.name);
  const seen = new Set(names.map((n) => n.toLowerCase()));
  for (const c of project.data.lineage?.[node.id]?.columns ?? []) if (!seen.has(c.name.toLowerCase())) names.push(c.name);
  return names;
}

/** The "Column lineage" part of a node page: upstream and downstream columns, each a link. */
export function columnLineageSection(project: Project, node: DocsNode, column: string, links: ColumnLinks): HTMLElement {
  const trace = traceColumn(project, node.id, column);
  const body: Child[] = trace
    ? [list('Upstream', trace.upstream, project, links), list('Downstream', trace.downstream, project, links)]
    : [h('p', { class: 'muted' }, 'No column lineage in this site (run weir docs generate again).')];
  const problems = project.data.lineage?.[node.id]?.problems ?? [];
  return h('section', { class: 'part column-lineage', 'data-column': column },
    h('h3', null, `Column lineage of ${column}`), ...body,
    problems.length ? h('p', { class: 'muted' }, `Not fully traced: ${problems.join('; ')}`) : null);
}

function list(title: string, steps: readonly LineageStep[], project: Project, links: ColumnLinks): HTMLElement {
  if (steps.length === 0) return h('div', { class: title.toLowerCase() }, h('h4', null, title), h('p', { class: 'muted' }, 'None.'));
  return h('div', { class: title.toLowerCase() }, h('h4', null, title), h('ul', { class: 'column-steps' }, steps.map((step) => {
    const name = project.byId.get(step.node)?.name ?? step.node;
    const how = step.column === undefined ? `${step.how.replace('_', ' ')} on ${step.from.column}` : step.how;
    return h('li', { style: `margin-left:${(step.depth - 1) * 14}px`, 'data-node': step.node, 'data-step-column': step.column ?? '' },
      step.column === undefined
        ? h('a', { href: links.node(step.node) }, name)
        : h('a', { href: links.column(step.node, step.column) }, `${name}.${step.column}`),
      ' ', h('span', { class: `how how-${step.how}` }, how));
  })));
}
