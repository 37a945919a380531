import { toJson } from '../core/json.js';

/** The keys of the manifest whose entries are given as JSON text (see EntryMaker in manifest.ts). */
const SERIALISED = new Set(['nodes', 'sources']);

/** Where each serialised entry is in the manifest's text: [start, end) offsets, by unique id. */
export type EntrySpans = Map<string, readonly [number, number]>;

/**
 * The manifest's JSON, as JSON.stringify writes it, from a manifest whose `nodes` and `sources`
 * hold each entry's JSON text: spliced in as they are, so a cached entry is never parsed or
 * serialised again. Also gives where each entry landed, for the next compile's cache.
 */
export function manifestText(manifest: Record<string, unknown>): { text: string; spans: EntrySpans } {
  const parts: string[] = ['{'];
  let length = 1;
  const spans: EntrySpans = new Map();
  const push = (text: string) => {
    parts.push(text);
    length += text.length;
  };
  let firstKey = true;
  for (const [key, value] of Object.entries(manifest)) {
    if (value === undefined) continue;
    push(`${firstKey ? '' : ','}${JSON.stringify(key)}:`);
    firstKey = false;
    if (!SERIALISED.has(key)) {
      push(toJson(value) ?? 'null');
      continue;
    }
    push('{');
    let first = true;
    for (const [id, json] of Object.entries(value as Record<string, string>)) {
      push(`${first ? '' : ','}${JSON.stringify(id)}:`);
      first = false;
      spans.set(id, [length, length + json.length]);
      push(json);
    }
    push('}');
  }
  push('}');
  return { text: parts.join(''), spans };
}
