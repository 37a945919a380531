import MarkdownIt from 'markdown-it';
import { h } from './dom.js';

/**
 * Descriptions and doc blocks are markdown, as dbt's site renders them. markdown-it with `html`
 * off writes every `<` of the text as `&lt;` (a description holding `<script>` shows those
 * characters) and refuses javascript:, vbscript:, file: and data: links, so its output is the one
 * string the site puts through innerHTML.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
const defaultLink = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  // A link leaves the site in a new tab, and the page it opens gets no handle on this one.
  tokens[idx]!.attrSet('target', '_blank');
  tokens[idx]!.attrSet('rel', 'noopener noreferrer');
  return defaultLink(tokens, idx, options, env, self);
};

export function markdown(text: string, className = 'description'): HTMLElement {
  const box = h('div', { class: `markdown ${className}` });
  box.innerHTML = md.render(text).trim();
  return box;
}

/** The words of a markdown text, without its marks (for one-line summaries); an inert document loads nothing. */
export function markdownText(text: string): string {
  return new DOMParser().parseFromString(md.render(text), 'text/html').body.textContent?.trim() ?? '';
}
