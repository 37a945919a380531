/** Dotted paths into parsed JSON (`data.items`, `meta.next_cursor`); numeric parts index arrays. */
export function getPath(value: unknown, path: string): { found: boolean; value: unknown } {
  let current: unknown = value;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return { found: false, value: undefined };
    if (!(part in (current as Record<string, unknown>))) return { found: false, value: undefined };
    current = (current as Record<string, unknown>)[part];
  }
  return { found: true, value: current };
}

/** The top-level keys of an object, for "found instead" hints. */
export function keysOf(value: unknown): string {
  if (value === null || typeof value !== 'object') return `a ${value === null ? 'null' : typeof value}`;
  if (Array.isArray(value)) return 'an array';
  const keys = Object.keys(value);
  return keys.length ? `keys ${keys.slice(0, 10).join(', ')}${keys.length > 10 ? ', ...' : ''}` : 'an empty object';
}

/**
 * The records a `records:` path points at: an array as it is, a single object (CoinGecko's
 * `{data: {...}}`) as one record; undefined for anything else.
 */
export function recordsAt(value: unknown): readonly unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object') return [value];
  return undefined;
}
