import type { DocsData } from '../types.js';
import { statusColor, STATUS_LEGEND, typeColor } from './colors.js';
import { clear, h } from './dom.js';
import { createGraphView, cssName, type ColorMode } from './graph-view.js';
import { nodePage, type PageLinks } from './node-page.js';
import { traceColumn } from './column-lineage.js';
import { overview } from './overview.js';
import { otherPage } from './other-pages.js';
import { pageLabel } from './page-parts.js';
import { createSearch } from './search.js';
import { formatHash, hiddenTypes, parseHash, type PageState } from './state.js';
import { computeView, defaultSelector, lineageOf, MAX_DRAWN, openProject, pageMembers } from './view.js';

declare global {
  interface Window {
    WEIR_DOCS?: DocsData;
  }
}

function start(): void {
  const root = document.getElementById('app')!;
  const loaded = window.WEIR_DOCS;
  clear(root);
  if (!loaded) {
    root.append(h('p', { class: 'error' }, 'weir-docs-data.js did not load: run weir docs generate again.'));
    return;
  }
  const data: DocsData = loaded;
  performance.mark('weir-data-loaded');
  const project = openProject(data);
  const search = createSearch(data);
  performance.mark('weir-project-ready');
  let state = parseHash(location.hash);

  const go = (next: Partial<PageState>) => {
    location.hash = formatHash({ ...state, ...next });
  };
  const links: PageLinks = {
    node: (id) => formatHash({ ...state, node: id, column: null }),
    column: (id, column) => formatHash({ ...state, node: id, column }),
    select: (selector, id) => formatHash({ ...state, select: selector, node: id, column: null }),
  };

  // Shell
  const searchInput = h('input', { type: 'search', class: 'search-input', placeholder: 'Search names, descriptions, columns', 'aria-label': 'search' });
  const results = h('ul', { class: 'search-results', hidden: true });
  const selectInput = h('input', { name: 'select', class: 'select-input', placeholder: '+cart_details+   tag:marts   path:models/staging', 'aria-label': 'select' });
  const excludeInput = h('input', { name: 'exclude', class: 'exclude-input', placeholder: 'exclude', 'aria-label': 'exclude' });
  const colorSelect = h('select', { 'aria-label': 'colour by' },
    h('option', { value: 'type' }, 'resource type'), h('option', { value: 'status' }, 'last run status'));
  const notice = h('div', { class: 'notice' });
  const legend = h('div', { class: 'legend' });
  const graphBox = h('section', { class: 'graph' });
  const panel = h('aside', { class: 'panel' });
  const form = h('form', { class: 'selector' }, h('label', null, 'select ', selectInput), h('label', null, 'exclude ', excludeInput),
    h('button', { type: 'submit' }, 'Draw'),
    h('button', { type: 'button', onclick: () => go({ select: project.data.nodes.length > MAX_DRAWN ? '*' : '', exclude: '' }) }, 'All'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    go({ select: selectInput.value.trim(), exclude: excludeInput.value.trim() });
  });
  colorSelect.addEventListener('change', () => go({ color: colorSelect.value as ColorMode }));
  root.append(
    h('header', { class: 'top' }, h('a', { class: 'brand', href: '#' }, 'weir docs'), h('span', { class: 'project' }, data.project),
      h('div', { class: 'search' }, searchInput, results)),
    h('div', { class: 'toolbar' }, form, h('label', null, 'colour by ', colorSelect)),
    h('div', { class: 'status-line' }, notice, legend),
    h('main', null, graphBox, panel));

  const graph = createGraphView(graphBox, (id) => go({ node: id }));
  graphBox.append(h('div', { class: 'zoom' },
    h('button', { type: 'button', title: 'zoom in', onclick: () => graph.zoom(1.25) }, '+'),
    h('button', { type: 'button', title: 'zoom out', onclick: () => graph.zoom(0.8) }, '−'),
    h('button', { type: 'button', title: 'fit to screen', onclick: () => graph.fit() }, 'fit')));

  // Search
  let picked = -1;
  const showResults = () => {
    const hits = search(searchInput.value);
    clear(results);
    picked = -1;
    results.hidden = hits.length === 0 && !searchInput.value.trim();
    if (searchInput.value.trim() && hits.length === 0) results.append(h('li', { class: 'muted' }, 'Nothing found.'));
    for (const hit of hits) {
      results.append(h('li', null, h('a', { href: links.node(hit.id), 'data-id': hit.id, onclick: () => { results.hidden = true; } },
        h('span', { class: `type-badge type-${cssName(hit.type)}` }, hit.type), ' ', h('strong', null, hit.name),
        hit.where === 'name' ? null : h('span', { class: 'where' }, ` · ${hit.where}`))));
    }
  };
  let timer: number | undefined;
  searchInput.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(showResults, 80);
  });
  searchInput.addEventListener('keydown', (event) => {
    const items = [...results.querySelectorAll('a')];
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      picked = Math.max(0, Math.min(items.length - 1, picked + (event.key === 'ArrowDown' ? 1 : -1)));
      items.forEach((a, i) => a.classList.toggle('picked', i === picked));
    } else if (event.key === 'Enter') {
      showResults();
      const target = results.querySelectorAll('a')[Math.max(0, picked)];
      if (target) {
        results.hidden = true;
        location.hash = target.getAttribute('href')!;
      }
    } else if (event.key === 'Escape') results.hidden = true;
  });
  document.addEventListener('click', (event) => {
    if (!(event.target as Element).closest('.search')) results.hidden = true;
  });

  // Rendering
  let drawnKey = '';
  let drawn = new Set<string>();
  const render = () => {
    state = parseHash(location.hash);
    const hidden = new Set(hiddenTypes(state));
    const visibleCount = data.nodes.filter((n) => !hidden.has(n.type)).length;
    if (!state.select && visibleCount > MAX_DRAWN) {
      // Too large to draw whole: start from a neighbourhood, written into the URL so it can be edited.
      const select = defaultSelector(project, state.node);
      if (select) {
        history.replaceState(null, '', formatHash({ ...state, select }));
        state = parseHash(location.hash);
      }
    }
    const current = state.node && project.byId.get(state.node) ? state.node : null;
    const key = JSON.stringify([state.select, state.exclude, [...hidden]]);
    if (key !== drawnKey) {
      drawnKey = key;
      const view = computeView(project, { select: state.select, exclude: state.exclude, hidden, focus: state.node });
      const list = view.ids.map((id) => project.byId.get(id)!);
      const ms = graph.draw(list);
      drawn = new Set(view.ids);
      const notDrawn = [...hidden].filter((t) => project.types.includes(t));
      clear(notice);
      if (view.error) notice.append(h('span', { class: 'error' }, view.error));
      for (const warning of view.warnings) notice.append(h('span', { class: 'warning' }, warning));
      notice.append(h('span', null, view.selected > view.ids.length
        ? `Drawing ${view.ids.length} of the ${view.selected.toLocaleString()} selected nodes (of ${data.nodes.length.toLocaleString()})${current && drawn.has(current) ? `, those nearest ${project.byId.get(current)!.name}` : ''}; narrow the selection to see the rest.`
        : `${view.ids.length.toLocaleString()} of ${data.nodes.length.toLocaleString()} nodes drawn${state.select ? `, selected by ${state.select}` : ''}${notDrawn.length ? ` (not drawn: ${notDrawn.join(', ')})` : ''}, laid out in ${ms.toFixed(0)} ms.`));
    }
    graph.recolor(state.color);
    // With a column picked, only the models its column lineage passes through stay lit.
    const trace = current && state.column ? traceColumn(project, current, state.column) : null;
    const page = state.node && !current ? project.pages.get(state.node) ?? null : null;
    // A macro, doc block or group page lights the nodes that use it (or are in it).
    const pageNodes = page ? new Set(pageMembers(page).filter((id) => drawn.has(id))) : null;
    graph.highlight(current && drawn.has(current) ? current : null, current && drawn.has(current) ? trace?.nodes ?? lineageOf(project, current) : pageNodes);
    renderLegend(state);
    selectInput.value = state.select;
    excludeInput.value = state.exclude;
    colorSelect.value = state.color;
    clear(panel);
    const node = current ? project.byId.get(current)! : null;
    if (node) {
      panel.append(h('a', { class: 'close', href: formatHash({ ...state, node: null, column: null }), title: 'close' }, '×'), nodePage(project, node, links, state.column));
      panel.scrollTop = 0;
      document.title = `${node.name} · ${data.project} · weir docs`;
    } else if (page) {
      panel.append(h('a', { class: 'close', href: formatHash({ ...state, node: null, column: null }), title: 'close' }, '×'), otherPage(project, page, links.node));
      panel.scrollTop = 0;
      document.title = `${pageLabel(project, state.node!).name} · ${data.project} · weir docs`;
    } else {
      panel.append(overview(project, (selector) => formatHash({ ...state, select: selector }), links.node));
      document.title = `${data.project} · weir docs`;
    }
  };

  function renderLegend(s: PageState) {
    clear(legend);
    if (s.color === 'status') {
      for (const status of STATUS_LEGEND) legend.append(h('span', { class: 'swatch' }, h('i', { style: `background:${statusColor(status)}` }), status));
    }
    const hide = hiddenTypes(s);
    for (const type of project.types) {
      const hidden = hide.includes(type);
      const count = data.nodes.filter((n) => n.type === type).length;
      const box = h('input', { type: 'checkbox', checked: !hidden, 'data-type': type, title: `draw ${type} nodes` });
      box.addEventListener('change', () => go({ hide: hidden ? hide.filter((t) => t !== type) : [...hide, type] }));
      legend.append(h('label', { class: 'swatch' }, box, s.color === 'type' ? h('i', { style: `background:${typeColor(type)}` }) : null, `${type} (${count.toLocaleString()})`));
    }
  }

  window.addEventListener('hashchange', render);
  render();
  performance.mark('weir-first-render');
}

start();
