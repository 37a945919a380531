import { Graph, layout } from '@dagrejs/dagre';
import type { DocsNode } from '../types.js';
import { statusColor, textColorOn, typeColor } from './colors.js';
import { clear, s } from './dom.js';

export type ColorMode = 'type' | 'status';

export interface GraphView {
  /** Lays out and draws these nodes and the edges between them; returns the layout time in ms. */
  draw(nodes: readonly DocsNode[]): number;
  /** Marks the open node and dims what is outside its lineage (null clears). */
  highlight(id: string | null, lineage: ReadonlySet<string> | null): void;
  recolor(mode: ColorMode): void;
  fit(): void;
  zoom(factor: number): void;
}

const NODE_HEIGHT = 30;

/** The lineage graph: dagre lays it out left to right, SVG draws it, wheel zooms, drag pans. */
export function createGraphView(container: HTMLElement, onSelect: (id: string) => void): GraphView {
  const svg = s('svg', { class: 'lineage', role: 'img', 'aria-label': 'lineage graph' });
  const defs = s('defs', null, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
    s('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrowhead' })));
  const viewport = s('g', { class: 'viewport' });
  svg.append(defs, viewport);
  container.append(svg);

  let nodes: readonly DocsNode[] = [];
  const nodeEls = new Map<string, SVGGElement>();
  const edgeEls: Array<{ from: string; to: string; el: SVGPathElement }> = [];
  let bounds = { width: 1, height: 1 };
  let k = 1;
  let tx = 0;
  let ty = 0;
  const apply = () => viewport.setAttribute('transform', `translate(${tx.toFixed(1)},${ty.toFixed(1)}) scale(${k.toFixed(4)})`);

  function zoomAt(px: number, py: number, factor: number) {
    const next = Math.min(4, Math.max(0.03, k * factor));
    tx = px - ((px - tx) * next) / k;
    ty = py - ((py - ty) * next) / k;
    k = next;
    apply();
  }

  svg.addEventListener('wheel', (event) => {
    event.preventDefault();
    const rect = svg.getBoundingClientRect();
    zoomAt(event.clientX - rect.left, event.clientY - rect.top, Math.exp(-event.deltaY * 0.0015));
  }, { passive: false });

  let drag: { x: number; y: number; moved: number; node: string | null } | null = null;
  svg.addEventListener('pointerdown', (event) => {
    const node = (event.target as Element).closest('g.node');
    drag = { x: event.clientX, y: event.clientY, moved: 0, node: node?.getAttribute('data-id') ?? null };
    svg.setPointerCapture(event.pointerId);
    svg.classList.add('dragging');
  });
  svg.addEventListener('pointermove', (event) => {
    if (!drag) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    drag.moved += Math.abs(dx) + Math.abs(dy);
    drag.x = event.clientX;
    drag.y = event.clientY;
    tx += dx;
    ty += dy;
    apply();
  });
  const end = () => {
    svg.classList.remove('dragging');
    if (drag && drag.moved < 5 && drag.node) onSelect(drag.node);
    drag = null;
  };
  svg.addEventListener('pointerup', end);
  svg.addEventListener('pointercancel', () => {
    drag = null;
    svg.classList.remove('dragging');
  });

  function draw(list: readonly DocsNode[]): number {
    const started = performance.now();
    nodes = list;
    const ids = new Set(list.map((n) => n.id));
    const g = new Graph();
    // network-simplex ranks most neatly but is the slow part of dagre; past a few hundred nodes the
    // tight-tree ranker gives the same picture several times faster.
    g.setGraph({ rankdir: 'LR', nodesep: 12, ranksep: 56, marginx: 24, marginy: 24, ranker: list.length > 100 ? 'tight-tree' : 'network-simplex' });
    g.setDefaultEdgeLabel(() => ({}));
    for (const node of list) g.setNode(node.id, { width: nodeWidth(node), height: NODE_HEIGHT });
    for (const node of list) for (const parent of node.parents) if (ids.has(parent)) g.setEdge(parent, node.id);
    layout(g);
    const elapsed = performance.now() - started;

    clear(viewport);
    nodeEls.clear();
    edgeEls.length = 0;
    const edgeLayer = s('g', { class: 'edges' });
    const nodeLayer = s('g', { class: 'nodes' });
    viewport.append(edgeLayer, nodeLayer);
    for (const e of g.edges()) {
      const points = (g.edge(e) as { points?: Array<{ x: number; y: number }> }).points ?? [];
      const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
      const el = s('path', { class: 'edge', d, 'marker-end': 'url(#arrow)' });
      edgeLayer.append(el);
      edgeEls.push({ from: e.v, to: e.w, el });
    }
    for (const node of list) {
      const box = g.node(node.id) as { x: number; y: number; width: number; height: number };
      const el = s('g', { class: `node type-${cssName(node.type)}`, 'data-id': node.id, 'data-type': node.type, transform: `translate(${(box.x - box.width / 2).toFixed(1)},${(box.y - box.height / 2).toFixed(1)})`, tabindex: 0 },
        s('title', null, `${node.id}${node.result ? ` (${node.result.status})` : node.freshness ? ` (freshness: ${node.freshness.status})` : ''}`),
        s('rect', { width: box.width, height: box.height, rx: 6 }),
        s('text', { x: 10, y: box.height / 2 + 4 }, label(node)));
      el.addEventListener('keydown', (event) => {
        if ((event as KeyboardEvent).key === 'Enter') onSelect(node.id);
      });
      nodeLayer.append(el);
      nodeEls.set(node.id, el);
    }
    const graph = g.graph() as { width?: number; height?: number };
    bounds = { width: graph.width ?? 1, height: graph.height ?? 1 };
    svg.setAttribute('data-nodes', String(list.length));
    svg.setAttribute('data-layout-ms', elapsed.toFixed(0));
    fit();
    return elapsed;
  }

  function recolor(mode: ColorMode) {
    for (const node of nodes) {
      const el = nodeEls.get(node.id);
      if (!el) continue;
      // A source never runs: its status is its freshness.
      const fill = mode === 'status' ? statusColor(node.result?.status ?? node.freshness?.status) : typeColor(node.type);
      el.querySelector('rect')!.setAttribute('fill', fill);
      el.querySelector('text')!.setAttribute('fill', textColorOn(fill));
    }
  }

  function highlight(id: string | null, lineage: ReadonlySet<string> | null) {
    for (const [nodeId, el] of nodeEls) {
      el.classList.toggle('current', nodeId === id);
      el.classList.toggle('dim', lineage !== null && !lineage.has(nodeId));
    }
    for (const edge of edgeEls) {
      const inLineage = lineage !== null && lineage.has(edge.from) && lineage.has(edge.to);
      edge.el.classList.toggle('dim', lineage !== null && !inLineage);
      edge.el.classList.toggle('lit', inLineage);
    }
  }

  function fit() {
    const rect = svg.getBoundingClientRect();
    const width = rect.width || 800;
    const height = rect.height || 600;
    k = Math.min(1.5, Math.max(0.03, Math.min(width / bounds.width, height / bounds.height)));
    tx = (width - bounds.width * k) / 2;
    ty = (height - bounds.height * k) / 2;
    apply();
  }

  return {
    draw, highlight, recolor, fit,
    zoom: (factor) => {
      const rect = svg.getBoundingClientRect();
      zoomAt(rect.width / 2, rect.height / 2, factor);
    },
  };
}

function label(node: DocsNode): string {
  return node.name.length > 34 ? `${node.name.slice(0, 32)}…` : node.name;
}

function nodeWidth(node: DocsNode): number {
  return Math.max(80, label(node).length * 7.4 + 22);
}

export function cssName(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9_-]/g, '_');
}
