import { h, type Child } from './dom.js';
import { cssName } from './graph-view.js';
import type { Project } from './view.js';

/** The pieces every page is made of: titled sections, lists of links, links to any page by id. */
export function section(title: string, ...body: Child[]): HTMLElement {
  return h('section', { class: 'part' }, h('h3', null, title), ...body);
}

export function detailRows(rows: ReadonlyArray<readonly [string, Child]>, className = 'details'): HTMLElement {
  return h('table', { class: className }, h('tbody', null, rows.map(([k, v]) => h('tr', null, h('th', null, k), h('td', null, v)))));
}

export function idList(ids: readonly string[], ref: (id: string) => Child): HTMLElement {
  if (ids.length === 0) return h('p', { class: 'muted' }, 'None.');
  const shown = ids.slice(0, 200);
  return h('ul', { class: 'ids' }, shown.map((id) => h('li', null, ref(id))),
    ids.length > shown.length ? h('li', { class: 'muted' }, `… and ${ids.length - shown.length} more`) : null);
}

/** What a page is called and which kind it is: a node's name and type, a macro's, a doc block's or a group's. */
export function pageLabel(project: Project, id: string): { readonly name: string; readonly type: string } {
  const node = project.byId.get(id);
  if (node) return { name: node.name, type: node.type };
  const page = project.pages.get(id);
  if (page?.kind === 'macro') return { name: page.macro.name, type: 'macro' };
  if (page?.kind === 'doc') return { name: page.doc.name, type: 'doc' };
  if (page?.kind === 'group') return { name: page.group.name, type: 'group' };
  return { name: id, type: 'unknown' };
}

export function pageLink(project: Project, id: string, href: (id: string) => string, text?: string): HTMLElement {
  const { name, type } = pageLabel(project, id);
  return h('a', { href: href(id), class: `node-link type-${cssName(type)}`, title: id }, text ?? name);
}

export function typeBadge(type: string): HTMLElement {
  return h('span', { class: `type-badge type-${cssName(type)}` }, type);
}
