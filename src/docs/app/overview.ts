import { h, type Child } from './dom.js';
import { pageLink } from './page-parts.js';
import { cssName } from './graph-view.js';
import type { Project } from './view.js';

/** The panel when no node is open: the project at a glance, its groups, exposures, macros and doc blocks, and how to select. */
export function overview(project: Project, selectHref: (selector: string) => string, pageHref: (id: string) => string): HTMLElement {
  const { data } = project;
  const byType = new Map<string, number>();
  const byStatus = new Map<string, number>();
  const byFreshness = new Map<string, number>();
  let earlier = 0;
  for (const node of data.nodes) {
    byType.set(node.type, (byType.get(node.type) ?? 0) + 1);
    if (node.result) byStatus.set(node.result.status, (byStatus.get(node.result.status) ?? 0) + 1);
    if (node.result && !node.result.lastRun) earlier++;
    if (node.freshness) byFreshness.set(node.freshness.status, (byFreshness.get(node.freshness.status) ?? 0) + 1);
  }
  const counts = (map: Map<string, number>) => [...map].map(([status, n], i) => [i ? ', ' : '', h('span', { class: `status status-${cssName(status)}` }, status), ` ${n}`]);
  const examples = ['tag:marts', 'resource_type:seed+', 'path:models/staging', 'config.materialized:table'];
  return h('article', { class: 'overview' },
    h('h2', null, data.project),
    h('p', { class: 'muted' }, `${data.nodes.length.toLocaleString()} nodes · ${data.adapter || 'unknown adapter'} · docs of ${fmt(data.generatedAt)}`),
    h('table', { class: 'details' }, h('tbody', null, project.types.map((type) => h('tr', null,
      h('th', null, h('span', { class: `type-badge type-${cssName(type)}` }, type)), h('td', null, (byType.get(type) ?? 0).toLocaleString()))))),
    h('h3', null, 'Latest results'),
    data.runAt
      ? h('p', null, `Each node's newest result: `, counts(byStatus),
        `. The last run was weir ${data.runCommand ?? 'run'} at ${fmt(data.runAt)}${earlier ? `; ${earlier} result${earlier === 1 ? ' is' : 's are'} from earlier runs` : ''}.`)
      : h('p', { class: 'muted' }, 'No run_results.json: run weir build, then weir docs generate, to see statuses.'),
    data.freshnessAt ? h('p', null, `Source freshness of ${fmt(data.freshnessAt)}: `, counts(byFreshness), '.') : null,
    h('p', { class: 'muted' }, data.catalogAt ? `Column types from the warehouse catalog of ${fmt(data.catalogAt)}.` : 'No catalog.json: column types are the declared ones.'),
    directory(project, pageHref),
    h('h3', null, 'Selecting'),
    h('p', null, 'Click a node to open its page. The select box takes the CLI\'s syntax: ', h('code', null, '+m+'), ' (m with its ancestors and descendants), ',
      h('code', null, '2+m'), ', ', h('code', null, '@m'), ', ', h('code', null, 'tag:x'), '; space for union, comma for intersection. For example:'),
    h('ul', null, examples.map((e) => h('li', null, h('a', { href: selectHref(e) }, e)))));
}

function fmt(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso || '—' : date.toLocaleString();
}

/** Lists of the pages the graph does not show (and of exposures), each entry a link; long lists are cut. */
function directory(project: Project, href: (id: string) => string): Child[] {
  const { data } = project;
  const list = (title: string, kind: string, ids: readonly string[], note: (id: string) => Child = () => null) => ids.length === 0 ? null : [
    h('h3', null, `${title} (${ids.length.toLocaleString()})`),
    h('ul', { class: `ids directory directory-${kind}` }, ids.slice(0, 100).map((id) => h('li', null, pageLink(project, id, href), note(id))),
      ids.length > 100 ? h('li', { class: 'muted' }, `… and ${(ids.length - 100).toLocaleString()} more: use the search box`) : null),
  ];
  const groups = new Map(data.groups.map((g) => [g.id, g]));
  const macros = new Map(data.macros.map((m) => [m.id, m]));
  const docs = new Map(data.docBlocks.map((d) => [d.id, d]));
  const own = data.macros.filter((m) => m.package === data.project);
  return [
    list('Groups', 'group', data.groups.map((g) => g.id), (id) => ` · ${groups.get(id)!.members.length} models${groups.get(id)!.owner.name ? `, owned by ${groups.get(id)!.owner.name}` : ''}`),
    list('Exposures', 'exposure', data.nodes.filter((n) => n.type === 'exposure').map((n) => n.id), (id) => ` · ${project.byId.get(id)!.exposure?.type ?? ''}`),
    list('Macros', 'macro', [...own, ...data.macros.filter((m) => m.package !== data.project)].map((m) => m.id),
      (id) => [macros.get(id)!.package !== data.project ? ` · ${macros.get(id)!.package}` : '', ` · used by ${macros.get(id)!.usedBy.length}`]),
    list('Doc blocks', 'doc', data.docBlocks.map((d) => d.id), (id) => ` · used by ${docs.get(id)!.usedBy.length}`),
  ];
}
