import { toJson } from '../core/json.js';

/** The keys of the manifest whose entries are given as JSON (see EntryMaker in manifest.ts). */
const SERIALISED = new Set(['nodes', 'sources']);

/** Where each serialised entry is in the manifest's UTF-8 bytes: [start, end) offsets, by unique id. */
export type EntrySpans = Map<string, readonly [number, number]>;

/**
 * The manifest's JSON as UTF-8, as JSON.stringify writes it, from a manifest whose `nodes` and
 * `sources` hold each entry's JSON: text, or bytes cut from the last manifest (see
 * workflow/manifest-fragments.ts), copied as they are, so a cached entry is never decoded, parsed or
 * serialised again. Also gives where each entry landed, for the next compile's cache.
 */
export function manifestText(manifest: Record<string, unknown>): { text: Buffer; spans: EntrySpans } {
  const chunks: Buffer[] = [];
  // Text runs are joined and encoded once, when bytes come or at the end.
  let pending: string[] = ['{'];
  let length = 1;
  const spans: EntrySpans = new Map();
  const flush = () => {
    if (pending.length > 0) chunks.push(Buffer.from(pending.join('')));
    pending = [];
  };
  const push = (part: string | Buffer) => {
    if (typeof part === 'string') {
      pending.push(part);
      length += Buffer.byteLength(part);
    } else {
      flush();
      chunks.push(part);
      length += part.length;
    }
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
    for (const [id, json] of Object.entries(value as Record<string, string | Buffer>)) {
      push(`${first ? '' : ','}${JSON.stringify(id)}:`);
      first = false;
      const start = length;
      push(json);
      spans.set(id, [start, length]);
    }
    push('}');
  }
  push('}');
  flush();
  return { text: Buffer.concat(chunks, length), spans };
}
