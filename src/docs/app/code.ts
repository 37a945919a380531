import { h } from './dom.js';

const JINJA = /(\{%[\s\S]*?%\}|\{\{[\s\S]*?\}\}|\{#[\s\S]*?#\})/;

/** SQL with its Jinja tags, expressions and comments marked (as text nodes: nothing is parsed as HTML). */
export function jinjaCode(text: string, className: string): HTMLElement {
  const parts = text.split(JINJA).map((part, i) => (i % 2 === 1
    ? h('span', { class: part.startsWith('{#') ? 'jinja-comment' : part.startsWith('{%') ? 'jinja-tag' : 'jinja-expr' }, part)
    : part));
  return h('pre', { class: `sql ${className}` }, h('code', null, parts));
}

/** An href only for web and mail links: anything else (javascript:...) stays text. */
export function safeHref(url: string): string | null {
  return /^(https?:|mailto:)/i.test(url.trim()) ? url.trim() : null;
}
