import type { DocsDocBlock, DocsGroup, DocsMacro } from '../types.js';
import { jinjaCode } from './code.js';
import { h, type Child } from './dom.js';
import { cssName } from './graph-view.js';
import { markdown, markdownText } from './markdown.js';
import { owner } from './node-page.js';
import { detailRows, idList, pageLink, section, typeBadge } from './page-parts.js';
import type { Page, Project } from './view.js';

/** The page of a macro, a doc block or a group: what it is, and what uses it (each a link). */
export function otherPage(project: Project, page: Page, href: (id: string) => string): HTMLElement {
  const ref = (id: string) => pageLink(project, id, href);
  if (page.kind === 'macro') return macroPage(project, page.macro, ref);
  if (page.kind === 'doc') return docBlockPage(page.doc, ref);
  return groupPage(project, page.group, ref);
}

function header(name: string, type: string, id: string): HTMLElement {
  return h('header', null, h('h2', null, name), typeBadge(type), h('div', { class: 'id' }, id));
}

function macroPage(project: Project, macro: DocsMacro, ref: (id: string) => Child): HTMLElement {
  const docs = project.docsRead.get(macro.id) ?? [];
  return h('article', { class: 'page macro-page', 'data-id': macro.id },
    header(macro.name, 'macro', macro.id),
    section('Description', macro.description ? markdown(macro.description) : h('p', { class: 'muted' }, 'No description (describe it under macros: in a properties file).')),
    section('Details', detailRows([
      ['package', macro.package],
      ['file', macro.path],
      ...(docs.length ? [['doc blocks', docs.map((id, i) => [i ? ', ' : '', ref(id)])] as const] : []),
    ])),
    macro.arguments.length > 0
      ? section('Arguments', h('table', { class: 'columns arguments' },
        h('thead', null, h('tr', null, h('th', null, 'argument'), h('th', null, 'type'), h('th', null, 'description'))),
        h('tbody', null, macro.arguments.map((a) => h('tr', null,
          h('td', { class: 'name' }, a.name), h('td', { class: 'type' }, a.type ?? '—'),
          h('td', null, a.description ? markdown(a.description, 'column-description') : null))))))
      : null,
    section(`Referenced by (${macro.usedBy.length})`, idList(macro.usedBy, ref)),
    macro.calls.length > 0 ? section(`Calls (${macro.calls.length})`, idList(macro.calls, ref)) : null,
    section('SQL', jinjaCode(macro.sql, 'macro-sql')));
}

function docBlockPage(doc: DocsDocBlock, ref: (id: string) => Child): HTMLElement {
  return h('article', { class: 'page doc-page', 'data-id': doc.id },
    header(doc.name, 'doc', doc.id),
    section('Contents', markdown(doc.contents, 'doc-contents')),
    section('Details', detailRows([['package', doc.package], ['file', doc.path], ['use it as', h('code', null, `{{ doc("${doc.name}") }}`)]])),
    section(`Used by (${doc.usedBy.length})`, doc.usedBy.length === 0
      ? h('p', { class: 'muted' }, 'No description reads it.')
      : h('ul', { class: 'ids used-by' }, doc.usedBy.map((u) => h('li', null, ref(u.id), u.column ? ` · column ${u.column}` : ' · description')))));
}

function groupPage(project: Project, group: DocsGroup, ref: (id: string) => Child): HTMLElement {
  const count = (access: string) => group.members.filter((m) => m.access === access).length;
  return h('article', { class: 'page group-page', 'data-id': group.id },
    header(group.name, 'group', group.id),
    section('Description', group.description ? markdown(group.description) : h('p', { class: 'muted' }, 'No description.')),
    section('Details', detailRows([['owner', owner(group.owner)], ['file', group.path],
      ['access', `${count('public')} public, ${count('protected')} protected, ${count('private')} private`]])),
    section(`Models (${group.members.length})`, group.members.length === 0
      ? h('p', { class: 'muted' }, 'No model names this group.')
      : h('table', { class: 'columns members' },
        h('thead', null, h('tr', null, h('th', null, 'model'), h('th', null, 'access'), h('th', null, 'description'))),
        h('tbody', null, group.members.map((m) => h('tr', { 'data-id': m.id },
          h('td', null, ref(m.id)),
          h('td', null, m.access ? h('span', { class: `access access-${cssName(m.access)}` }, m.access) : '—'),
          h('td', { class: 'muted' }, firstLine(markdownText(project.byId.get(m.id)?.description ?? '')))))))));
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}
