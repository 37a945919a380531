import type { DocsExposure, DocsFreshness, DocsNode, DocsOwner, DocsResult } from '../types.js';
import { cssName } from './graph-view.js';
import { h, type Child } from './dom.js';
import type { Project } from './view.js';
import { columnLineageSection, columnNames, type ColumnLinks } from './column-lineage.js';
import { detailRows, idList, pageLink, section } from './page-parts.js';
import { markdown } from './markdown.js';
import { safeHref } from './code.js';

export interface PageLinks extends ColumnLinks {
  /** The href that opens a node's page. */
  node(id: string): string;
  /** The href that draws a selection (e.g. `+m+`) with this node open. */
  select(selector: string, id: string): string;
}

/** A node's page: what it is, its columns and their tests, its lineage, its last run, its SQL. */
export function nodePage(project: Project, node: DocsNode, links: PageLinks, column: string | null = null): HTMLElement {
  const ref = (id: string) => nodeLink(project, id, links);
  const testRow = (id: string) => {
    const test = project.byId.get(id);
    return h('li', null, ref(id), ' ', statusBadge(test?.result ?? null));
  };
  return h('article', { class: 'node-page', 'data-id': node.id },
    h('header', null,
      h('h2', null, node.name),
      h('span', { class: `type-badge type-${cssName(node.type)}` }, node.type),
      // An exposure never runs: it has no status.
      node.exposure ? null : [' ', statusBadge(node.result ?? (node.freshness ? { status: node.freshness.status } : null))],
      h('div', { class: 'id' }, node.id)),
    h('nav', { class: 'focus' },
      h('a', { href: links.select(`+${node.name}+`, node.id), class: 'button' }, `lineage +${node.name}+`),
      h('a', { href: links.select(`+${node.name}`, node.id), class: 'button' }, 'upstream'),
      h('a', { href: links.select(`${node.name}+`, node.id), class: 'button' }, 'downstream')),
    section('Description', node.description
      ? markdown(node.description)
      : h('p', { class: 'muted' }, 'No description.')),
    node.exposure ? section('Exposure', exposureTable(node.exposure)) : null,
    section('Details', detailsTable(project, node, ref)),
    node.macros?.length ? section(`Macros used (${node.macros.length})`, idList(node.macros, ref)) : null,
    column ? columnLineageSection(project, node, column, links) : null,
    columnNames(project, node).length > 0 || node.catalogType
      ? section(`Columns (${columnNames(project, node).length})`, columnsTable(project, node, links, column))
      : null,
    node.tests.length > 0 ? section(`Tests on ${node.name}`, h('ul', { class: 'tests' }, node.tests.map(testRow))) : null,
    node.type === 'source' ? section('Freshness', freshnessTable(project, node.freshness)) : null,
    (node.type === 'source' || node.exposure) && !node.result ? null : section('Latest result', lastRun(project, node.result)),
    h('div', { class: 'lineage-lists' },
      section(`Upstream (${node.parents.length})`, idList(node.parents, ref)),
      section(`Downstream (${node.children.length})`, idList(node.children, ref))),
    node.compiled !== null ? section('Compiled SQL', h('pre', { class: 'sql compiled' }, h('code', null, node.compiled))) : null,
    node.raw ? section(node.type === 'seed' ? 'Source file' : 'Raw SQL', h('pre', { class: 'sql raw' }, h('code', null, node.raw))) : null,
    section('Config', h('pre', { class: 'config' }, h('code', null, JSON.stringify(node.config, null, 2)))));
}


function detailsTable(project: Project, node: DocsNode, ref: (id: string) => Child): HTMLElement {
  const rows: Array<[string, Child]> = [
    ...(node.exposure ? [] : [
      ['relation', node.relation ?? '—'],
      ['materialized', node.materialized ?? '—'],
      ['in warehouse', node.catalogType ?? (node.relation ? 'not found (not built yet?)' : '—')],
    ] as Array<[string, Child]>),
    ['file', node.path],
    ['package', node.package],
    ['tags', node.tags.length ? node.tags.join(', ') : '—'],
  ];
  const group = node.group ? project.data.groups.find((g) => g.name === node.group) : undefined;
  if (node.group) rows.push(['group', group ? ref(group.id) : node.group]);
  if (node.access) rows.push(['access', h('span', { class: `access access-${cssName(node.access)}` }, node.access)]);
  const docs = project.docsRead.get(node.id) ?? [];
  if (docs.length) rows.push(['doc blocks', docs.map((id, i) => [i ? ', ' : '', ref(id)])]);
  if (node.test) {
    rows.push(['tests', node.test.attachedNode && project.byId.has(node.test.attachedNode) ? ref(node.test.attachedNode) : '—']);
    if (node.test.column) rows.push(['column', node.test.column]);
    if (node.test.kind) rows.push(['test', node.test.kind]);
  }
  return h('table', { class: 'details' }, h('tbody', null, rows.map(([k, v]) => h('tr', null, h('th', null, k), h('td', null, v)))));
}

function columnsTable(project: Project, node: DocsNode, links: PageLinks, picked: string | null): HTMLElement {
  const names = columnNames(project, node);
  if (names.length === 0) return h('p', { class: 'muted' }, 'No columns found in the catalog.');
  const traced = project.data.lineage?.[node.id] !== undefined;
  const columns = names.map((name) => node.columns.find((c) => c.name === name) ?? { name, type: null, typeFrom: null, description: '', tests: [] });
  return h('table', { class: 'columns' },
    h('thead', null, h('tr', null, h('th', null, 'column'), h('th', null, 'type'), h('th', null, 'description'), h('th', null, 'tests'))),
    h('tbody', null, columns.map((c) => h('tr', { 'data-column': c.name, class: picked?.toLowerCase() === c.name.toLowerCase() ? 'picked' : null },
      // A column of a traced node opens its column lineage.
      h('td', { class: 'name' }, traced ? h('a', { href: links.column(node.id, c.name), title: `upstream and downstream columns of ${c.name}` }, c.name) : c.name),
      h('td', { class: `type ${c.typeFrom ?? ''}`, title: c.typeFrom === 'declared' ? 'declared data_type (not in the catalog)' : null }, c.type ?? '—'),
      h('td', null, c.description ? markdown(c.description, 'column-description') : null),
      h('td', null, c.tests.map((id) => {
        const test = project.byId.get(id);
        return h('div', { class: 'column-test' }, nodeLink(project, id, links, test?.test?.kind ?? undefined), ' ', statusBadge(test?.result ?? null));
      }))))));
}

function lastRun(project: Project, result: DocsResult | null): Child {
  if (!result) {
    return h('p', { class: 'muted' }, project.data.runAt ? 'Not part of the last run.' : 'No run results yet (run weir build, then weir docs generate).');
  }
  const rows: Array<[string, Child]> = [
    ['status', statusBadge(result)],
    ['from', h('span', { class: result.lastRun ? 'run last-run' : 'run earlier-run' },
      `weir ${result.command ?? '?'}${result.runAt ? ` at ${new Date(result.runAt).toLocaleString()}` : ''}${result.lastRun ? ' (the last run)' : ' (an earlier run than the last)'}`)],
    ['finished', result.completedAt ? new Date(result.completedAt).toLocaleString() : '—'],
    ['took', `${result.executionTime.toFixed(2)} s`],
  ];
  if (result.rows !== null) rows.push(['rows', result.rows.toLocaleString()]);
  if (result.failures !== null) rows.push(['failing rows', result.failures.toLocaleString()]);
  if (result.message) rows.push(['message', h('span', { class: 'message' }, result.message)]);
  return h('table', { class: 'details' }, h('tbody', null, rows.map(([k, v]) => h('tr', null, h('th', null, k), h('td', null, v)))));
}

function freshnessTable(project: Project, freshness: DocsFreshness | null): Child {
  if (!freshness) {
    return h('p', { class: 'muted' }, project.data.freshnessAt ? 'Not checked by the last weir source freshness (no freshness set?).' : 'Not checked yet (run weir source freshness, then weir docs generate).');
  }
  const rows: Array<[string, Child]> = [['status', statusBadge(freshness)]];
  if (freshness.maxLoadedAt) rows.push(['last loaded', new Date(freshness.maxLoadedAt).toLocaleString()]);
  if (freshness.ageSeconds !== null) rows.push(['age', age(freshness.ageSeconds)]);
  if (freshness.warnAfter) rows.push(['warn after', freshness.warnAfter]);
  if (freshness.errorAfter) rows.push(['error after', freshness.errorAfter]);
  if (freshness.snapshottedAt) rows.push(['checked', new Date(freshness.snapshottedAt).toLocaleString()]);
  if (freshness.error) rows.push(['error', h('span', { class: 'message' }, freshness.error)]);
  return h('table', { class: 'details freshness' }, h('tbody', null, rows.map(([k, v]) => h('tr', null, h('th', null, k), h('td', null, v)))));
}

/** 90061 s -> "1 d 1 h 1 min". */
function age(seconds: number): string {
  const parts: string[] = [];
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['min', 60]] as const) {
    const n = Math.floor(seconds / size);
    if (n > 0) parts.push(`${n} ${unit}`);
    seconds -= n * size;
  }
  return parts.length ? parts.slice(0, 2).join(' ') : `${Math.round(seconds)} s`;
}

export function statusBadge(result: { readonly status: string } | null): HTMLElement {
  const status = result?.status ?? 'not run';
  return h('span', { class: `status status-${cssName(status)}` }, status);
}


function nodeLink(project: Project, id: string, links: PageLinks, text?: string): HTMLElement {
  return pageLink(project, id, links.node, text);
}

function exposureTable(exposure: DocsExposure): HTMLElement {
  const rows: Array<[string, Child]> = [['type', exposure.type]];
  if (exposure.label) rows.push(['label', exposure.label]);
  rows.push(['owner', owner(exposure.owner)]);
  rows.push(['maturity', exposure.maturity ?? '—']);
  if (exposure.url) {
    const href = safeHref(exposure.url);
    rows.push(['url', href ? h('a', { href, class: 'external', target: '_blank', rel: 'noopener noreferrer' }, exposure.url) : exposure.url]);
  }
  return detailRows(rows, 'details exposure');
}

/** A name and a mail link (each email of a list), or a dash. */
export function owner(who: DocsOwner): Child {
  const emails = who.email ? who.email.split(/,\s*/).map((e, i) => [i ? ', ' : '', safeHref(`mailto:${e}`) ? h('a', { href: `mailto:${e}` }, e) : e]) : [];
  if (!who.name && emails.length === 0) return '—';
  return h('span', { class: 'owner' }, who.name ?? '', who.name && emails.length ? ' <' : '', emails, who.name && emails.length ? '>' : '');
}
