/**
 * Reading parts of target/manifest.json's text without parsing all of it (14.6 MB for 10,000
 * models: a full JSON.parse and the garbage it leaves cost more than the rest of a lineage query).
 * It relies on weir writing the manifest compact (no whitespace) with parent_map, child_map and
 * group_map as its last keys; anything unexpected returns undefined and the caller parses it all.
 */
export interface ManifestText {
  readonly text: string;
  /** Where the node and source entries start (after the metadata). */
  readonly entriesFrom: number;
  readonly parentMap: Readonly<Record<string, readonly string[]>>;
}

const NODES = ',"nodes":{';

export function manifestText(text: string): ManifestText | undefined {
  const entriesFrom = text.indexOf(NODES);
  // parent_map and the keys after it hold ids only: no string in them can look like their keys.
  const parents = text.lastIndexOf(',"parent_map":{');
  const children = text.indexOf(',"child_map":{', parents);
  if (entriesFrom < 0 || parents < entriesFrom || children < 0) return undefined;
  try {
    const parentMap = JSON.parse(text.slice(parents + ',"parent_map":'.length, children)) as Record<string, readonly string[]>;
    return { text, entriesFrom, parentMap };
  } catch {
    return undefined;
  }
}

/**
 * The entry of node or source `id`: its key is the first `"id":{` after the metadata (an id is a
 * key of an object only in nodes or sources; a quote inside a string value is escaped, so no
 * string matches).
 */
export function manifestEntry<T extends { readonly unique_id: string }>(manifest: ManifestText, id: string): T | undefined {
  const key = `${JSON.stringify(id)}:{`;
  const at = manifest.text.indexOf(key, manifest.entriesFrom);
  if (at < 0) return undefined;
  const start = at + key.length - 1;
  const end = objectEnd(manifest.text, start);
  if (end < 0) return undefined;
  try {
    const entry = JSON.parse(manifest.text.slice(start, end)) as T;
    return entry.unique_id === id ? entry : undefined;
  } catch {
    return undefined;
  }
}

/** The index after the object or array opening at `start` (strings skipped); -1 when it never closes. */
function objectEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if ((c === 0x7d || c === 0x5d) && --depth === 0) return i + 1;
  }
  return -1;
}
