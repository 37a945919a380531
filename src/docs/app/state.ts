import type { ColorMode } from './graph-view.js';

/** Everything the page shows is in the URL hash, so a view can be bookmarked, shared and gone back to. */
export interface PageState {
  readonly node: string | null;
  /** A column of the open node whose upstream and downstream columns are shown and highlighted. */
  readonly column: string | null;
  readonly select: string;
  readonly exclude: string;
  readonly color: ColorMode;
  /** Resource types not drawn; null until the user picks (then data tests are hidden, as in dbt). */
  readonly hide: readonly string[] | null;
}

export function parseHash(hash: string): PageState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return {
    node: params.get('node') || null,
    column: params.get('column') || null,
    select: params.get('select') ?? '',
    exclude: params.get('exclude') ?? '',
    color: params.get('color') === 'status' ? 'status' : 'type',
    hide: params.has('hide') ? (params.get('hide') ?? '').split(',').filter(Boolean) : null,
  };
}

/** What is hidden when the user has not chosen: data tests, which would crowd the lineage. */
export const DEFAULT_HIDDEN: readonly string[] = ['test', 'unit_test'];

export function hiddenTypes(state: PageState): readonly string[] {
  return state.hide ?? DEFAULT_HIDDEN;
}

export function formatHash(state: PageState): string {
  const params = new URLSearchParams();
  if (state.node) params.set('node', state.node);
  if (state.node && state.column) params.set('column', state.column);
  if (state.select) params.set('select', state.select);
  if (state.exclude) params.set('exclude', state.exclude);
  if (state.color !== 'type') params.set('color', state.color);
  if (state.hide !== null) params.set('hide', state.hide.join(','));
  return `#${params.toString()}`;
}
