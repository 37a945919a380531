/**
 * JSON for everything weir writes (console events, artifacts, the docs site, analysis results).
 * Database drivers hand back BigInt for 64-bit integers (DuckDB's count(*), PostgreSQL int8 past
 * 2^53), and plain JSON.stringify throws on them; here they become numbers when exact, else text.
 */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value !== 'bigint') return value;
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

/**
 * JSON.stringify that never throws on a BigInt. A replacer takes V8 off its fast serializer (the
 * 10,000-model manifest took ~4x longer), so it is used only when the plain call meets a BigInt.
 */
export function toJson(value: unknown, space?: number): string {
  try {
    return JSON.stringify(value, undefined, space);
  } catch (error) {
    if (!(error instanceof TypeError) || !/BigInt/i.test(error.message)) throw error;
    return JSON.stringify(value, jsonReplacer, space);
  }
}
